"""`{% load dates %}`: a day in the person's format, `{{ day|day }}` ("Thu 29 Apr 2027", the
same as `|date` and `display_date`), remembered per language: a plan page shows hundreds
of dates, most of them repeated, and formatting one is the costliest thing it renders."""

from functools import lru_cache

from django import template
from django.utils.translation import get_language

from ecosystem.formats import display_date

register = template.Library()


@lru_cache(maxsize=4096)
def _display(value, language: str) -> str:
    return display_date(value)


@register.filter(is_safe=True)
def day(value) -> str:
    """A date as a person reads it ("" for none)."""
    if not value:
        return ""
    return _display(value, get_language())
