"""What a person would notice going wrong on a page, checked on every page a browser test
reaches: console errors (CSP violations included), uncaught script errors, a page wider
than the screen, and serious or critical axe-core findings."""

from axe_playwright_python.sync_playwright import Axe


class Watch:
    """What a person would notice going wrong on each page they reach."""

    def __init__(self, page, width):
        self.page, self.width, self.axe = page, width, Axe()
        self.errors: list[str] = []
        self.problems: dict[str, list[str]] = {}
        page.on(
            "console", lambda message: message.type == "error" and self.errors.append(message.text)
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def check(self, name: str) -> None:
        found = []
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            found.append(f"scrolls sideways by {overflow}px at {self.width}px")
        found += [
            f"{violation['id']}: {violation['help']}"
            for violation in self.axe.run(self.page).response["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
        if found:
            self.problems[name] = found

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.problems == {}, self.problems
