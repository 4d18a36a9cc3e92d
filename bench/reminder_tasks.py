"""The design the reminder sweep replaces, for bench/bench_reminders.py to measure: one
Celery task per reminder. Loaded only by the benchmark's worker (`-I bench.reminder_tasks`).

Each task does, for one milestone, exactly what the sweep does for a chunk: lock the row,
decide for the owner at their local time, write the notification, note the decided date.
"""

from celery import shared_task
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ecosystem.notifications.selectors import delivery_profiles
from ecosystem.notifications.services import Draft, notifications_write
from milestones import reminders
from milestones.models import Milestone

RULES = {rule.kind: rule for rule in reminders.RULES}


@shared_task(name="bench.remind_one")
def remind_one(milestone_id: int, kind: str) -> bool:
    rule = RULES[kind]
    now = timezone.now()
    with transaction.atomic():
        row = (
            Milestone.objects.filter(
                reminders.reminder_pending(rule.mark_field, rule.date_field, rule.statuses),
                pk=milestone_id,
            )
            .select_for_update(skip_locked=True, of=("self",))
            .values(*reminders.FIELDS)
            .first()
        )
        if row is None:
            return False
        owner_id = row["goal__owner_id"]
        profiles = delivery_profiles([owner_id], [kind])
        profile = profiles.get(owner_id)
        outcome = reminders.decide(rule, row, profile, now)
        if outcome == reminders.SEND:
            title, body = reminders.Wording().text(rule, row, profile.today(now))
            notifications_write(
                [
                    Draft(
                        recipient_id=owner_id,
                        kind=kind,
                        title=title,
                        body=body,
                        link=f"/goals/{row['goal_id']}/#milestone-{milestone_id}",
                        dedupe_key=f"{kind}:milestone:{milestone_id}:{row[rule.date_field]}",
                        target_type_id=ContentType.objects.get_for_model(Milestone).pk,
                        target_id=milestone_id,
                    )
                ],
                now=now,
                profiles=profiles,
            )
        if outcome != reminders.WAIT:
            Milestone.objects.filter(pk=milestone_id).update(
                **{rule.mark_field: F(rule.date_field)}
            )
    return outcome == reminders.SEND
