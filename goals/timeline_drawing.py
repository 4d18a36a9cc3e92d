"""The timeline picture and its table as HTML, drawn once per set of facts and reused from
the cache.

The picture is a pure function of its rows (each milestone's title, status and dates as
goals.timeline_parts.TimelineRow), its prerequisite pairs, the target, the day it is seen
from, its width and whether the goal is finished; the words are the reader's language's.
The key is all of these, so a write that moves, renames or closes a milestone, or a link
added or removed, makes a new key and the next view draws afresh: a cached drawing is
never stale. It holds no form token and nothing of the reader but the language, so every
reader of the same plan on the same day shares one copy. Drawing it is about a fifth of
the goal page's time at 50 milestones (bars, ticks, connectors, a table row each).
"""

import hashlib
from datetime import date

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from ecosystem.cache import kept as kept_cache
from ecosystem.fragments import code_version

from .timeline import build_timeline
from .timeline_parts import TimelineRow

TIMELINE_TEMPLATE = "goals/partials/timeline.html"
TIMEOUT_SECONDS = 24 * 3600


def drawn_timeline(
    *,
    rows: list[TimelineRow],
    dependencies: list[tuple[int, int]],
    target_date: date,
    today: date,
    width: int,
    goal_finished: bool,
) -> str:
    """The timeline picture and table of these rows, from the cache when the same facts
    were drawn before, else laid out and drawn now."""
    rows = list(rows)
    facts = (
        code_version(),
        translation.get_language(),
        rows,  # frozen dataclasses of plain values: their repr names every field
        list(dependencies),
        target_date,
        today,
        width,
        goal_finished,  # a finished goal's bars are never marked late
    )
    key = "goals:timeline:" + hashlib.sha256(repr(facts).encode()).hexdigest()

    def draw() -> str:
        timeline = build_timeline(
            rows=rows, dependencies=dependencies, target_date=target_date, today=today, width=width
        )
        return render_to_string(
            TIMELINE_TEMPLATE, {"timeline": timeline, "goal_finished": goal_finished}
        )

    drawing = kept_cache.get_or_set(key, draw, TIMEOUT_SECONDS)
    return mark_safe(drawing)  # noqa: S308  (our own template's output)
