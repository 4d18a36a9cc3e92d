"""What every HTML answer must carry (issue 15), checked on every answer of every test.

tests/conftest.py hands each response Django produces (test client, API client, the live
server the browser drives) to `problems()`; a test that received an HTML page without
these headers fails in its teardown, naming the page. So every page type any test opens
is judged, and tests/test_security_headers.py walks the page types of the visibility
world on purpose, over HTTPS, where HSTS is also due.
"""

import re

from django.conf import settings

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
SCRIPT_TAG = re.compile(rb"<script\b([^>]*)>", re.IGNORECASE)
SCRIPT_TYPE = re.compile(rb"""\btype=["']?([^"'\s>]+)""", re.IGNORECASE)
JAVASCRIPT_TYPES = {b"module", b"text/javascript", b"application/javascript"}
SAME_ORIGIN_SOURCE = re.compile(rb"""\bsrc=["']?/(?![/\\])""", re.IGNORECASE)
NONCE = re.compile(rb"""\bnonce=["']?([^"'\s>]+)""", re.IGNORECASE)


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def problems(request, response) -> list[str]:
    """What is missing or wrong on this HTML answer (empty: all present)."""
    if not is_html(response) or settings.DEBUG:
        # Judged as production serves them: DEBUG's own pages (the technical 404, the
        # development outbox) are Django's and development's, never a visitor's.
        return []
    found = [
        f"{name}: {response.get(name)!r} (not {value!r})"
        for name, value in EXPECTED.items()
        if response.get(name) != value
    ]
    csp = response.get("Content-Security-Policy", "")
    if "script-src 'self'" not in csp or "object-src 'none'" not in csp or "unsafe-" in csp:
        found.append(f"Content-Security-Policy: {csp!r} (missing or too open)")
    elif not getattr(response, "streaming", False):
        # Django names the nonce in the header only when the page used it: a redirect or
        # a page with no script has none, and then no script may run at all.
        nonce = re.search(r"script-src [^;]*'nonce-([^']+)'", csp)
        for attributes in SCRIPT_TAG.findall(response.content):
            kind = SCRIPT_TYPE.search(attributes)
            if kind and kind.group(1).lower() not in JAVASCRIPT_TYPES:
                continue  # data (json_script), never run
            if SAME_ORIGIN_SOURCE.search(attributes):
                continue  # script-src 'self' lets a file of this site run
            has = NONCE.search(attributes)
            if nonce is None or has is None or has.group(1).decode() != nonce.group(1):
                found.append(f"a <script{attributes.decode(errors='replace')}> without the nonce")
    if request.is_secure() and "max-age=" not in response.get("Strict-Transport-Security", ""):
        found.append("Strict-Transport-Security missing over HTTPS")
    return found
