"""The goal page's milestone list when every milestone is closed (the usual view), drawn
once per set of facts and reused from the cache.

Each closed line (milestones/templatetags/plan_html.closed_milestone) shows the
milestone's title, status, checkpoint mark, late and critical marks, finish-by date and
task counts, links to the page with it open, and is worded in the reader's language. The
key is exactly these for every line, in order, plus whether the goal is finished (a
finished goal marks nothing late) and the link's prefix, so a write to any of them makes
a new key and the next view draws afresh: a cached list is never stale. With a milestone
open (its forms carry a token and its help is the reader's) the list is drawn as before.
"""

import hashlib

from django.utils import translation
from django.utils.safestring import mark_safe

from ecosystem.cache import kept as kept_cache
from ecosystem.fragments import code_version

from ..templatetags.plan_html import closed_milestone

TIMEOUT_SECONDS = 24 * 3600


def _facts(item) -> tuple:
    milestone, dates = item.milestone, item.dates
    return (
        milestone.pk,
        milestone.title,
        milestone.status,
        milestone.duration_days,  # a checkpoint has none
        milestone.task_count,
        milestone.tasks_done,
        dates.is_late,
        dates.is_critical,
        dates.latest_finish,
    )


def drawn_closed_list(items, *, goal_finished: bool, open_prefix: str) -> str:
    """The <li> of every item (all closed), from the cache when drawn before."""
    facts = (
        code_version(),
        translation.get_language(),
        goal_finished,
        open_prefix,
        [_facts(item) for item in items],
    )
    key = "milestones:closed-list:" + hashlib.sha256(repr(facts).encode()).hexdigest()
    context = {"goal_finished": goal_finished, "open_prefix": open_prefix}
    drawing = kept_cache.get_or_set(
        key, lambda: "\n".join(closed_milestone(context, item) for item in items), TIMEOUT_SECONDS
    )
    return mark_safe(drawing)  # noqa: S308  (built with format_html from our own tag)
