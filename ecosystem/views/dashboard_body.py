"""The dashboard's goals (the attention lists and a card per goal), drawn once per set of
facts and reused from the cache.

Drawing them is most of the page's template time (a date, a link and a sentence for
every late or coming milestone). The key holds everything the drawing shows: each goal's
title, status, target, category, counts, health, progress and next start; each listed
milestone's title, goal and dates; the reader's "today" and language; the page and its
query string (the pagination links carry it). A write changes one of these, so the next
view misses and draws afresh: a cached drawing is never stale. It holds no form token and
nothing of the reader beyond these facts, so readers with the same facts share one copy.
"""

import hashlib

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from ecosystem.cache import kept as kept_cache
from ecosystem.fragments import code_version

BODY_TEMPLATE = "ecosystem/dashboard.html#goals_body"
TIMEOUT_SECONDS = 24 * 3600


def _row_facts(goal, item) -> tuple:
    return (goal.pk, goal.title, *item)  # an AttentionItem (milestones/summaries.py)


def _summary_facts(summary) -> tuple:
    goal = summary.goal
    return (
        goal.pk,
        goal.title,
        goal.status,
        goal.target_date,
        (goal.category.pk, goal.category.name) if goal.category else None,
        summary.milestone_count,
        summary.milestones_closed,
        summary.health,
        summary.progress_percent,
        summary.next_start,
        summary.next_start_date,
        len(summary.late),
        len(summary.this_week),
    )


def _body_key(*, request, page, summaries, late, this_week, today) -> str:
    facts = (
        code_version(),
        translation.get_language(),
        today,
        (page.number, page.paginator.num_pages),
        request.GET.urlencode(),
        [_summary_facts(summary) for summary in summaries],
        [_row_facts(goal, row) for goal, row in late],
        [_row_facts(goal, row) for goal, row in this_week],
    )
    return "ecosystem:dashboard-goals:" + hashlib.sha256(repr(facts).encode()).hexdigest()


def drawn_goals(request, context: dict) -> str:
    """The goals part of the dashboard for `context` (page, summaries, late, this_week,
    today), from the cache when the same facts were drawn before, else drawn now."""
    key = _body_key(
        request=request,
        page=context["page"],
        summaries=context["summaries"],
        late=context["late"],
        this_week=context["this_week"],
        today=context["today"],
    )
    body = kept_cache.get_or_set(
        key, lambda: render_to_string(BODY_TEMPLATE, context, request=request), TIMEOUT_SECONDS
    )
    return mark_safe(body)  # noqa: S308  (our own template's output)
