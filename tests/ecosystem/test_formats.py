"""One date format everywhere, from the person's language (ecosystem/formats/)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from ecosystem.formats import display_date, display_datetime


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_a_day_reads_the_same_in_python_and_in_a_template():
    day = date(2027, 4, 29)
    with translation.override("en"):
        assert display_date(day) == "Thu 29 Apr 2027"
        assert render('{{ day|date:"DATE_FORMAT" }}', day=day) == "Thu 29 Apr 2027"
        assert render("{{ day }}", day=day) == "Thu 29 Apr 2027"  # unformatted, too


def test_an_instant_reads_on_a_24_hour_clock_not_as_dec_5_11_22_pm():
    instant = datetime(2026, 12, 5, 23, 22, tzinfo=ZoneInfo("Pacific/Auckland"))
    with translation.override("en"):
        assert display_datetime(instant) == "Sat 5 Dec 2026, 23:22"
        assert "p.m." not in render('{{ when|date:"DATETIME_FORMAT" }}', when=instant)


@pytest.mark.django_db
def test_pages_outside_the_plan_name_no_literal_date_pattern():
    # The plan's templates (goals/, milestones/) follow once their rewrite has landed.
    """Templates say DATE_FORMAT (or a month or weekday heading), never 'j M Y' or a
    visible ISO date; ISO stays in machine-read attributes."""
    from pathlib import Path

    literal = ('|date:"j M Y"', '|date:"D j M Y"', '|date:"j F Y"', '|date:"N j, Y"')
    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if path.relative_to(root).parts[0] not in {"goals", "milestones"}
        and any(pattern in path.read_text() for pattern in literal)
    ]
    assert offenders == []
