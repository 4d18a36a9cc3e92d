"""The site's chrome, the header and the footer around every page, drawn once per set of
facts it shows and kept in this process (`{% site_header %}`, `{% site_footer %}`).

The header shows the navigation: which links (signed in or not, the roles held, staff),
which one is current, the bell's unread count, the person's name. Those facts, with the
language, are the whole key: two pages with the same facts show the same header, whoever
reads them. The footer shows the language switcher, the same for every page in one
language. The two things that belong to one reader or one page, the form token and the
page's own path (where the switcher leads back to), are placeholders in what is kept and
are put back on the way out.

Kept in this process, not in the shared cache: a key is a handful of facts already in
memory, drawing one takes a millisecond and a half (bench: README, Performance), and the
code that draws it cannot change under a running process. At most `KEPT` drawings are held,
the least recently used going first.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ecosystem.fragments import CSRF_PLACEHOLDER, with_token

from .navigation import roles_of

HEADER_TEMPLATE = "ecosystem/partials/site_header.html"
FOOTER_TEMPLATE = "ecosystem/partials/site_footer.html"
PATH_PLACEHOLDER = "path-placeholder-5c1d"
KEPT = 2048


@lru_cache(maxsize=KEPT)
def _drawn(template_name: str, facts: tuple, language: str) -> str:
    """A chrome template drawn from `facts` alone, in the active `language` (a part of
    the key: the translations follow it)."""
    return render_to_string(template_name, dict(facts) | {"csrf_token": CSRF_PLACEHOLDER})


def header_facts(*, user, roles, nav_section: str, url_name: str | None) -> tuple:
    """Everything the header shows (signed out: only the current section)."""
    if not user.is_authenticated:
        return (("signed_in", False), ("nav_section", nav_section))
    return (
        ("signed_in", True),
        ("nav_section", nav_section),
        ("partner", roles.partner),
        ("moderator", roles.moderator),
        ("staff", user.is_staff),
        ("user_name", user.name),
        ("unread_count", roles.unread_notifications),
        ("on_centre", url_name == "centre"),
    )


def header(request, *, roles, nav_section: str, token: str) -> SafeString:
    """The header for `request`, with the page's form `token` (as a template writes it)."""
    if roles is None:  # drawn without the navigation's context processor
        roles = roles_of(request.user)
    match = request.resolver_match
    facts = header_facts(
        user=request.user,
        roles=roles,
        nav_section=nav_section,
        url_name=match.url_name if match is not None else None,
    )
    return with_token(_drawn(HEADER_TEMPLATE, facts, get_language()), token)


def footer(request, *, token: str) -> SafeString:
    drawing = _drawn(FOOTER_TEMPLATE, (("next_path", PATH_PLACEHOLDER),), get_language())
    # The token first: the path, put in last and escaped, is the one part not drawn here.
    with_path = with_token(drawing, token).replace(
        PATH_PLACEHOLDER, escape(request.get_full_path())
    )
    return mark_safe(with_path)  # noqa: S308  (our own drawing, the path escaped)


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    """A test that changes the settings (the URLs, the languages) draws afresh."""
    _drawn.cache_clear()
