"""Find the Chromium the browser tests drive, or install Debian's, before any test runs.

One rule, used twice: `make test` runs this file first (`python tests/chromium.py`), so a
machine without a browser stops with one clear line instead of a traceback per browser
test, and tests/conftest.py asks `find()` for the path it gives Playwright.

Looked for, in order: the `CHROMIUM` variable, Debian's /usr/bin/chromium, a `chromium`
or `chromium-browser` on PATH, then a browser Playwright already downloaded on this
machine. When none is there and we run as root on Debian, Debian's `chromium` package is
installed (about 20 s); otherwise the exit status is 1 and the line says what to install.
No browser is ever downloaded by Playwright itself (see ENVIRONMENT.md).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

DEBIAN_CHROMIUM = "/usr/bin/chromium"
INSTALL_HINT = (
    "install Debian's Chromium ('sudo apt-get install chromium'), or set CHROMIUM to a "
    "Chromium or Chrome executable; to skip the browser tests instead: "
    "make test PYTEST_ARGS='-m \"not browser\"'"
)


def _playwright_browsers() -> list[str]:
    """Browsers Playwright downloaded earlier (never by us), newest first."""
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache/ms-playwright")
    patterns = ["chromium-*/chrome-linux*/chrome", "chromium_headless_shell-*/chrome-*/*shell"]
    found = [path for pattern in patterns for path in glob.glob(os.path.join(root, pattern))]
    return sorted(found, reverse=True)


def find() -> str | None:
    """The path of a runnable Chromium, or None."""
    configured = os.environ.get("CHROMIUM")
    if configured:
        return configured if shutil.which(configured) else None
    candidates = [
        DEBIAN_CHROMIUM,
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        *_playwright_browsers(),
    ]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def _is_debian() -> bool:
    try:
        release = Path("/etc/os-release").read_text()
    except OSError:
        return False
    return "ID=debian" in release.splitlines() and shutil.which("apt-get") is not None


def install_debian_chromium() -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print("--- installing Debian's Chromium for the browser tests (about 20 s)", flush=True)
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "chromium"],
    ):
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)


def main() -> int:
    path = find()
    if path is None and os.environ.get("CHROMIUM"):
        print(f"CHROMIUM={os.environ['CHROMIUM']} is not an executable; {INSTALL_HINT}")
        return 1
    if path is None and os.geteuid() == 0 and _is_debian():
        try:
            install_debian_chromium()
        except (OSError, subprocess.CalledProcessError) as error:
            print(f"Installing Debian's Chromium failed ({error}); {INSTALL_HINT}")
            return 1
        path = find()
    if path is None:
        print(f"The browser tests need Chromium and none was found: {INSTALL_HINT}")
        return 1
    print(f"Browser tests use {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
