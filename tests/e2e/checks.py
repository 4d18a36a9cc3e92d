"""What a person would notice going wrong on a page, checked on every page a browser test
reaches: console errors (CSP violations included), uncaught script errors, a page wider
than the screen, and serious or critical axe-core findings. Each check also keeps a
screenshot of the step under var/artefacts/screenshots/<test>/<width>-<step>.png (CI keeps
that folder as an artefact)."""

import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "artefacts" / "screenshots"

# Chromium logs a CSP violation as a console error; the DOM event is kept too, so a
# violation counts even if a browser logged it otherwise (report-only, or a warning).
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `CSP: ${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile || document.location.pathname}:${event.lineNumber}`
  );
});
"""


def step_file_name(width: int, number: int, step: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
    return f"{width}-{number:02d}-{slug}.png"


class Watch:
    """What a person would notice going wrong on each page they reach.

    `check(step)` after each step (a page reached, an htmx swap settled) records what is
    wrong there; `assert_clean()` at the end fails the test with all of it at once, so one
    run tells every problem of the journey."""

    def __init__(self, page, width, folder: Path | None = None):
        self.page, self.width, self.axe = page, width, Axe()
        self.folder, self.steps = folder, 0
        self.errors: list[str] = []
        self.problems: dict[str, list[str]] = {}
        self.told: set[str] = set()
        page.add_init_script(RECORD_CSP_VIOLATIONS)
        page.on(
            "console", lambda message: message.type == "error" and self.errors.append(message.text)
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def screenshot(self, step: str) -> None:
        if self.folder is None:
            return
        self.steps += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / step_file_name(self.width, self.steps, step)
        self.page.screenshot(path=path, full_page=True)

    def check(self, name: str, *, axe: bool = True, waive: frozenset[str] = frozenset()) -> None:
        found = []
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            found.append(f"scrolls sideways by {overflow}px at {self.width}px")
        found += self.page.evaluate("window.__cspViolations || []")
        if axe:
            found += [
                f"{violation['id']}: {violation['help']} -> "
                f"{[node['target'] for node in violation['nodes'][:3]]}"
                for violation in self.axe.run(self.page).response["violations"]
                if violation["impact"] in ("serious", "critical") and violation["id"] not in waive
            ]
        if self.errors:
            # Console errors are told at the step where they appeared, then kept for the end.
            found += [f"console: {error}" for error in self.errors if error not in self.told]
            self.told.update(self.errors)
        if found:
            self.problems[name] = found
        self.screenshot(name)

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.problems == {}, self.problems
