"""The version of a goal's plan: a number on the goal row that every write of its
milestones, prerequisites and tasks raises, in the same transaction as the write.

The goal page keeps its drawn plan in the cache under this number (views/plan_body.py),
the schedule API its answer (api/schedule.py), the dashboard each goal's summary
(summaries.goal_summaries_for) and the customer's voice that none of its questions is
open (voice/hooks.py, which raises it when it asks one), so asking again about an
unchanged plan asks the database for nothing but the goal row, which each reads anyway to
decide who may see it. A reader
who sees the new number sees the change, whichever process answers; the goal row is read
before the plan, so nothing kept is older than its key (`plan_key`).

Who raises it, always before the row is written: a plan write then takes the goal row's
lock first, as the services that lock the goal do (`goals.services.goal_lock`), so two
writes to one plan wait for each other instead of each holding a row the other needs.
- every save of a Milestone, Dependency or Task (pre_save: the services, the admin through
  them, and anything later);
- the writes that send no such signal call `plan_changed` themselves: the services that
  delete a milestone, a prerequisite or a task (a receiver of post_delete would make every
  cascade, such as a purged goal's, load its rows one by one), the scheduler's and the
  dated rules' `bulk_update`s, reordering, ticking every task, copying a plan.
The reminder sweep's `update` notes which reminders were sent, which no page shows.
"""

import hashlib

from django.db.models import F, QuerySet
from django.db.models.signals import pre_save

from ecosystem.fragments import code_version
from goals.models import Goal

from .models import Dependency, Milestone, Task


def _raise(goals: QuerySet) -> None:
    goals.update(plan_version=F("plan_version") + 1)


def plan_changed(*goal_ids: int | None) -> None:
    """These goals' plans changed: their cached drawings are drawn afresh."""
    ids = {pk for pk in goal_ids if pk is not None}
    if ids:
        _raise(Goal.objects.filter(pk__in=ids))


# How long anything kept under a plan_key lives: a new version makes a new key, so an old
# one is never read again and only waits to expire.
PLAN_TIMEOUT_SECONDS = 24 * 3600


# The goal's fields that stand for its plan in a key: the version, and the goal's own
# fields a plan is worked out from (target, working calendar, status, trash). A reader
# that keys on several goals' plans without loading the goals reads these (the partner
# dashboard, stakeholders/dashboard.py).
PLAN_GOAL_FIELDS = (
    "plan_version",
    "target_date",
    "working_weekdays",
    "non_working_dates",
    "status",
    "deleted_at",
)


def plan_key(goal: Goal, kind: str, *facts) -> str:
    """The cache key of something of `kind` worked out or drawn from `goal`'s plan: its
    PLAN_GOAL_FIELDS, the code's version, and `facts`, whatever else it shows."""
    everything = (
        code_version(),
        *(getattr(goal, name) for name in PLAN_GOAL_FIELDS),
        *facts,
    )
    return f"plan:{kind}:{goal.pk}:" + hashlib.sha256(repr(everything).encode()).hexdigest()


def milestone_changed(milestone_id: int) -> None:
    """Something of this milestone changed (a task): its goal's plan is drawn afresh."""
    _raise(Goal.objects.filter(milestones=milestone_id))


def _saving(sender, instance, **kwargs) -> None:
    if isinstance(instance, Task):
        milestone_changed(instance.milestone_id)
    else:
        plan_changed(instance.goal_id)


def connect() -> None:
    for model in (Milestone, Dependency, Task):
        uid = f"plan-changed:{model._meta.label}"
        pre_save.connect(_saving, sender=model, dispatch_uid=uid)
