"""User markdown: rendered once on save, then sanitised against an allow-list.

markdown-it-py renders CommonMark with raw HTML switched off; nh3 then keeps only the tags
and attributes below, and links only with http, https or mailto. Templates show the stored
HTML; they never mark raw user input safe. `markdown_problems` explains what would be
dropped, so forms and the API can say so plainly instead of silently changing the text.
"""

import html
import re
from urllib.parse import unquote

import nh3
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    ["table", "strikethrough"]
)

_SCRIPT = re.compile(r"<\s*/?\s*(script|iframe|object|embed|svg|math|style)\b", re.IGNORECASE)
_EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
_BAD_SCHEME = re.compile(
    r"(?:\]\(\s*<?|<|href\s*=\s*[\"']?)\s*(javascript|vbscript|data|file)\s*:", re.IGNORECASE
)


def _decoded(text: str) -> str:
    """The text as a browser would read a link in it: entities and %-escapes decoded, and
    the control and space characters that browsers skip inside a scheme removed."""
    return re.sub(r"[\x00-\x20]", "", html.unescape(unquote(html.unescape(text))))


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML: safe to store and to show as is."""
    return nh3.clean(
        _renderer.render(text or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow ugc",
        strip_comments=True,
    )


def markdown_problems(text: str) -> list[str]:
    """Why a text would lose something when rendered: executable markup or unsafe links."""
    problems = []
    if _SCRIPT.search(text or ""):
        problems.append(_("Scripts and embedded HTML (script, iframe, svg…) are not allowed."))
    if _EVENT_HANDLER.search(text or ""):
        problems.append(_("HTML event handlers (such as onclick or onerror) are not allowed."))
    if _BAD_SCHEME.search(text or "") or _BAD_SCHEME.search(_decoded(text or "")):
        problems.append(_("Links may only use http, https or mailto."))
    return problems
