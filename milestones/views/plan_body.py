"""The goal page's plan (summary, add form, milestone list, timeline), drawn once per
version of the plan and reused from the cache, without reading the plan again.

Most views of a goal page are its owner looking at today's plan with nothing open. For
those the drawing is keyed on the goal row, which the page reads anyway to decide who may
see it: its plan version (raised by every write of a milestone, prerequisite or task, in
the same transaction) and the goal's own fields the plan is drawn from
(milestones/plan_version.plan_key), and the owner's "today" and language. A write makes
a new key and the next view reads and draws afresh: a cached plan is never stale.

Anyone else (a stakeholder sees part of the plan, and may do less), a plan as of another
day, a milestone open (its help is the reader's), a notice or a form with errors is read
and drawn as before. The add form's token is the reader's own (ecosystem/fragments.py).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from ecosystem.cache import kept as kept_cache
from ecosystem.fragments import CSRF_PLACEHOLDER, form_token, with_token
from goals import access as goal_access

from ..plan_version import PLAN_TIMEOUT_SECONDS, plan_key

BODY_TEMPLATE = "milestones/partials/plan.html#plan_body"


def body_key(request, goal, *, as_of, plain: bool) -> str | None:
    """The cache key of this view's plan, or None when it is not drawn from the cache:
    `plain` is a view with nothing open, no notice and no form of the reader's."""
    if not plain or as_of.requested or as_of.invalid:
        return None
    if not goal_access.is_owner(request.user, goal):
        return None
    return plan_key(
        goal, "page", as_of.day, translation.get_language(), settings.GOAL_AT_RISK_FLOAT_DAYS
    )


def cached_body(request, key: str | None):
    """The plan drawn before under `key`, with the reader's token; None if not there."""
    drawing = kept_cache.get(key) if key else None
    return None if drawing is None else with_token(drawing, form_token(request))


def drawn_body(request, key: str, context: dict):
    """Draw the plan from the page's `context`, keep it under `key`, and return it."""
    drawing = render_to_string(
        BODY_TEMPLATE, {**context, "csrf_token": CSRF_PLACEHOLDER}, request=request
    )
    kept_cache.set(key, drawing, PLAN_TIMEOUT_SECONDS)
    return with_token(drawing, form_token(request))
