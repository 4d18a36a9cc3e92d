"""What every cached fragment's key holds besides its facts: the version of the code that
draws it.

A fragment cache (the thread page's posts, the community list's cards, the partner
dashboard, the customer's dashboard, the goal page's timeline and closed milestones) keys
each drawing on every fact it shows, so a write is seen at once. The drawing also depends
on the templates, the Python that prepares them and the translations; a deploy changes
those while the cache (Redis) keeps the old drawings. `code_version()` is a digest of all
of them, read once per process, so after a deploy every key is new and nothing drawn by
the old code is served.

A drawing with a form in it is cached with `CSRF_PLACEHOLDER` as its token (pass it as
the context's `csrf_token`) and served through `with_token`, which puts back the reader's
own (`form_token`): the token is the one thing of a form that belongs to one reader.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.middleware.csrf import get_token
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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


CSRF_PLACEHOLDER = "csrf-placeholder-0b7e"


def form_token(request) -> str:
    """The reader's form token, as a template writes it."""
    return escape(get_token(request))


def with_token(drawing: str, token: str) -> SafeString:
    """A cached drawing of our own templates with the reader's `form_token` in it."""
    return mark_safe(drawing.replace(CSRF_PLACEHOLDER, token))  # noqa: S308  (our own output)


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
