"""The project's date formats, one per kind, from the person's language.

Django reads `ecosystem/formats/<language>/formats.py` (FORMAT_MODULE_PATH) before its own
locale formats, so `{{ day|date:"DATE_FORMAT" }}` in a template and `display_date(day)`
in a message say "Thu 29 Apr 2027" in English, and a new language adds its own module.
Use these names, never a literal pattern ("j M Y", "Y-m-d") for what a person reads:

- DATE_FORMAT        a day                      Thu 29 Apr 2027
- DATETIME_FORMAT    an instant (their zone)    Thu 29 Apr 2027, 14:05
- SHORT_DATE_FORMAT  a day where space is short 29 Apr 2027
- YEAR_MONTH_FORMAT  a month                    April 2027

ISO dates stay in machine-read places only: `<time datetime>`, form values, the API,
calendar feeds and audit payloads.
"""

from django.utils import formats


def display_date(value) -> str:
    """A day as a person reads it, in the active language ("Thu 29 Apr 2027")."""
    return formats.date_format(value, "DATE_FORMAT")


def display_datetime(value) -> str:
    """An aware instant as a person reads it: give it in their zone (`value.astimezone`)."""
    return formats.date_format(value, "DATETIME_FORMAT")
