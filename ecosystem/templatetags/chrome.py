"""`{% load chrome %}`: the header and footer of every page (ecosystem/views/chrome.py)."""

from django import template
from django.utils.html import conditional_escape

from ecosystem.views import chrome

register = template.Library()


@register.simple_tag(takes_context=True)
def site_header(context):
    return chrome.header(
        context["request"],
        roles=context.get("roles"),
        nav_section=context.get("nav_section", ""),
        token=_token(context),
    )


@register.simple_tag(takes_context=True)
def site_footer(context):
    return chrome.footer(context["request"], token=_token(context))


def _token(context) -> str:
    """The page's own form token, as `{% csrf_token %}` writes it: one per page."""
    token = str(context.get("csrf_token") or "")
    return "" if token == "NOTPROVIDED" else conditional_escape(token)  # noqa: S105 (Django's marker)
