"""The goal page's plan (summary, add form, milestone list, timeline), drawn once per
version of the plan and reused from the cache, without reading the plan again.

Most views of a goal page are its owner looking at today's plan with nothing open. For
those the drawing is keyed on the goal row, which the page reads anyway to decide who may
see it: its plan version (raised by every write of a milestone, prerequisite or task, in
the same transaction: milestones/plan_version.py), the goal's own fields the plan is
drawn from (target, status, working calendar), and the owner's "today" and language. A
write makes a new key and the next view reads and draws afresh: a cached plan is never
stale. The version is read before the plan, so a drawing is never older than its key.

Anyone else (a stakeholder sees part of the plan, and may do less), a plan as of another
day, a milestone open (its help is the reader's), a notice or a form with errors is read
and drawn as before. The add form's token is the reader's own (ecosystem/fragments.py).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from ecosystem.fragments import CSRF_PLACEHOLDER, code_version, form_token, with_token
from goals import access as goal_access

BODY_TEMPLATE = "milestones/partials/plan.html#plan_body"
TIMEOUT_SECONDS = 24 * 3600


def body_key(request, goal, *, as_of, plain: bool) -> str | None:
    """The cache key of this view's plan, or None when it is not drawn from the cache:
    `plain` is a view with nothing open, no notice and no form of the reader's."""
    if not plain or as_of.requested or as_of.invalid:
        return None
    if not goal_access.is_owner(request.user, goal):
        return None
    facts = (
        code_version(),
        translation.get_language(),
        goal.pk,
        goal.plan_version,
        goal.target_date,
        goal.status,
        goal.working_weekdays,
        goal.non_working_dates,
        goal.deleted_at,
        as_of.day,
        settings.GOAL_AT_RISK_FLOAT_DAYS,
    )
    return f"milestones:plan:{goal.pk}:" + hashlib.sha256(repr(facts).encode()).hexdigest()


def cached_body(request, key: str | None):
    """The plan drawn before under `key`, with the reader's token; None if not there."""
    drawing = cache.get(key) if key else None
    return None if drawing is None else with_token(drawing, form_token(request))


def drawn_body(request, key: str, context: dict):
    """Draw the plan from the page's `context`, keep it under `key`, and return it."""
    drawing = render_to_string(
        BODY_TEMPLATE, {**context, "csrf_token": CSRF_PLACEHOLDER}, request=request
    )
    cache.set(key, drawing, TIMEOUT_SECONDS)
    return with_token(drawing, form_token(request))
