"""Builders for the peers tests: people on a playbook's journey, opted in through the
actions."""

from datetime import date

import time_machine

from community.peers.services import peer_profile_update
from goals.models import Goal
from goals.playbooks import playbook_create
from milestones.models import Milestone
from milestones.plans import playbook_start
from tests.factories import UserFactory

STEPS = [{"title": f"Step {n}", "duration_days": 1} for n in range(1, 7)]


def orchard(author=None, **options):
    return playbook_create(
        by=author or UserFactory(display_name="Playbook Author"),
        title=options.pop("title", "Orchard season"),
        public=True,
        milestones=STEPS,
        **options,
    )


def on_journey(person, playbook, *, target=date(2030, 3, 1), done=0, achieved=False, **fields):
    """`person` starts `playbook` with this target, with the first `done` steps done. A
    past season's goal is started the New Year's Day before its target (a target in the
    past is refused today)."""
    if target < person.today():
        with time_machine.travel(date(target.year - 1, 1, 1), tick=False):
            goal = playbook_start(playbook=playbook, by=person, target_date=target, **fields)
    else:
        goal = playbook_start(playbook=playbook, by=person, target_date=target, **fields)
    first = list(goal.milestones.order_by("position", "id").values_list("pk", flat=True)[:done])
    Milestone.objects.filter(pk__in=first).update(status="done")
    if achieved:
        Goal.objects.filter(pk=goal.pk).update(status=Goal.Status.ACHIEVED)
        goal.refresh_from_db()
    return goal


def findable(person, **options):
    return peer_profile_update(by=person, findable=True, **options)


def person(name, **fields):
    return UserFactory(display_name=name, **fields)
