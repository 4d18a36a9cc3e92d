"""Page sections: how a higher app adds to a lower app's page without the lower app
importing it (the apps' dependencies run one way; see pyproject.toml's import contracts).

The lower app owns a `PageSections` and passes its page's context through it; each higher
app registers a function in its AppConfig.ready(). Sections of apps not installed are
simply absent, so the page's template must do without their keys.
"""

from collections.abc import Callable


class PageSections:
    def __init__(self, name: str):
        self.name = name
        self._sections: dict[str, Callable[..., dict]] = {}

    def register(self, key: str, section: Callable[..., dict]) -> None:
        """Add `section(**arguments) -> dict` under `key` (registering a key again replaces
        it, so a second ready() changes nothing)."""
        self._sections[key] = section

    def context(self, **arguments) -> dict:
        """What every registered section adds, for these arguments."""
        context: dict = {}
        for section in self._sections.values():
            context.update(section(**arguments))
        return context
