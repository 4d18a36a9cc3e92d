"""Events partners hear of: each written once (its key) in the transaction of the change
it tells of, with one delivery row per listening endpoint, and each delivery enqueued
only after commit (so a rolled-back change sends nothing and a committed one is never
lost: the delivery sweep sends what a lost message left waiting).

The payloads carry only what the organisation's members may see: every goal and
milestone in them is asked of the models' `visible_to(member)` first.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from ecosystem.enqueue import enqueue
from goals.models import Goal
from milestones.models import Milestone
from partners.models import Membership

from . import tasks
from .models import EventKind, WebhookDelivery, WebhookEndpoint, WebhookEvent


def event_record(
    *, organization, kind: str, key: str, payload: dict, endpoints=None
) -> WebhookEvent | None:
    """Write the event and its deliveries to `endpoints` (default: the organisation's
    enabled endpoints listening to `kind`); None when no endpoint listens or the event
    was already recorded."""
    if endpoints is None:
        endpoints = WebhookEndpoint.objects.listening(organization=organization, kind=kind)
    if not endpoints:
        return None
    try:
        with transaction.atomic():
            event = WebhookEvent.objects.create(
                organization=organization, kind=kind, key=key, payload=payload
            )
    except IntegrityError:  # recorded before: its deliveries were decided then
        return None
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(event=event, endpoint=endpoint, next_attempt_at=now)
        for endpoint in endpoints
    )
    ids = [delivery.pk for delivery in deliveries]
    # `enqueue`: a broker that cannot be reached must not turn the committed change into a
    # server error; the rows wait for the delivery sweep.
    transaction.on_commit(lambda: [enqueue(tasks.deliver_webhook, delivery_id=pk) for pk in ids])
    return event


def member_of(organization):
    """A member whose eyes the payload is checked through: an admin, or any member."""
    memberships = Membership.objects.active().filter(organization=organization)
    first = memberships.order_by("role", "accepted_at", "id").select_related("user").first()
    return first.user if first else None


def _goal(goal) -> dict:
    return {
        "id": goal.pk,
        "title": goal.title,
        "target_date": goal.target_date,
        "owner": goal.owner.name,
    }


def _milestone(milestone) -> dict:
    return {
        "id": milestone.pk,
        "title": milestone.title,
        "status": milestone.status,
        "latest_start": milestone.latest_start,
        "latest_finish": milestone.latest_finish,
    }


def invitation_accepted(*, stakeholder, by) -> WebhookEvent | None:
    """An organisation's invitation to a goal was accepted (by one of its members)."""
    if not stakeholder.organization_id:
        return None
    kind = EventKind.INVITATION_ACCEPTED
    endpoints = WebhookEndpoint.objects.listening(organization=stakeholder.organization, kind=kind)
    if not endpoints:  # the usual case: no query more than that
        return None
    goal = stakeholder.goal
    if not Goal.objects.visible_to(by).filter(pk=goal.pk).exists():
        return None
    scope = Milestone.objects.visible_to(by).filter(pk__in=stakeholder.milestones.all())
    payload = {
        "stakeholder": {
            "id": stakeholder.pk,
            "role": stakeholder.role,
            "access": stakeholder.access,
            "ends_on": stakeholder.ends_on,
            "accepted_by": by.name,
        },
        "goal": _goal(goal),
        "milestones": [_milestone(milestone) for milestone in scope.order_by("position", "id")],
    }
    return event_record(
        organization=stakeholder.organization,
        kind=kind,
        key=f"invitation.accepted:stakeholder:{stakeholder.pk}",
        payload=payload,
        endpoints=endpoints,
    )


def resource_used(*, use) -> WebhookEvent | None:
    """A person marked one of the organisation's resources helpful. Which milestone and
    goal, only when the organisation's members may see them (they were invited); the
    person's name never."""
    resource = use.resource
    if not resource.organization_id:
        return None
    kind = EventKind.RESOURCE_USED
    endpoints = WebhookEndpoint.objects.listening(organization=resource.organization, kind=kind)
    if not endpoints:
        return None
    member = member_of(resource.organization)
    if member is None:
        return None
    milestone = (
        Milestone.objects.visible_to(member).filter(pk=use.milestone_id).select_related("goal")
    ).first()
    payload = {
        "resource": {"id": resource.pk, "title": resource.title, "kind": resource.kind},
        "used_at": use.created_at,
        "milestone": _milestone(milestone) if milestone else None,
        "goal": _goal(milestone.goal) if milestone else None,
    }
    return event_record(
        organization=resource.organization,
        kind=kind,
        key=f"resource.used:use:{use.pk}",
        payload=payload,
        endpoints=endpoints,
    )


def milestone_coming(*, organization, milestone) -> WebhookEvent | None:
    """A milestone the organisation helps with is coming (see webhooks/coming.py, which
    checks it against a member's `visible_to`). Keyed by its latest start, so a re-plan
    that moves it is told again."""
    return event_record(
        organization=organization,
        kind=EventKind.MILESTONE_COMING,
        key=f"milestone.coming:{milestone.pk}:{milestone.latest_start}",
        payload={"milestone": _milestone(milestone), "goal": _goal(milestone.goal)},
    )
