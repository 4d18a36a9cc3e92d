"""What every cached fragment's key holds besides its facts: the version of the code that
draws it.

A fragment cache (the thread page's posts, the community list's cards, the partner
dashboard, the customer's dashboard, the goal page's timeline and closed milestones) keys
each drawing on every fact it shows, so a write is seen at once. The drawing also depends
on the templates, the Python that prepares them and the translations; a deploy changes
those while the cache (Redis) keeps the old drawings. `code_version()` is a digest of all
of them, read once per process, so after a deploy every key is new and nothing drawn by
the old code is served.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings

DRAWING_SOURCES = {
    "templates": ("*.html", "*.txt"),
    "locale": ("*.mo",),
    "ecosystem": ("*.py",),
    "goals": ("*.py",),
    "milestones": ("*.py",),
    "partners": ("*.py",),
    "stakeholders": ("*.py",),
    "community": ("*.py",),
    "voice": ("*.py",),
    "webhooks": ("*.py",),
}


@functools.cache
def code_version() -> str:
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for folder, patterns in DRAWING_SOURCES.items():
        for pattern in patterns:
            for path in sorted((root / folder).rglob(pattern)):
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
