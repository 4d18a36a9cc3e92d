"""The hourly "coming" sweep: for each organisation with an endpoint listening, the
milestones coming for it by the partner dashboard's own rule
(`stakeholders.dashboard.organization_coming_milestones`) whose latest start is within
WEBHOOK_COMING_DAYS, each told once per latest start (the event's key).

"Today" is each organisation's own date in its time zone (`PartnerOrganization.today`),
for its grants, its horizon and its member's `visible_to` alike, so an organisation in
Auckland hears of a milestone on its own day, not on London's or Honolulu's. Each
milestone is checked against `visible_to` of one of the organisation's members before
its payload is written. The sweep runs hourly (the beat schedule), so each organisation's
day is caught within an hour of its midnight.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from milestones.models import Milestone
from partners.models import PartnerOrganization
from stakeholders.dashboard import organization_coming_milestones

from . import events
from .models import EventKind, WebhookEndpoint


def milestones_coming_sweep(*, now=None) -> int:
    """Record the coming milestones' events; returns how many were new."""
    now = now or timezone.now()
    organization_ids = set(
        WebhookEndpoint.objects.filter(enabled=True).values_list("organization_id", flat=True)
    )
    recorded = 0
    for organization in PartnerOrganization.objects.filter(pk__in=organization_ids):
        if not WebhookEndpoint.objects.listening(
            organization=organization, kind=EventKind.MILESTONE_COMING
        ):
            continue
        member = events.member_of(organization)
        if member is None:
            continue
        today = organization.today(now)
        horizon = today + timedelta(days=settings.WEBHOOK_COMING_DAYS)
        coming = organization_coming_milestones(organization=organization, today=today).filter(
            latest_start__lte=horizon
        )
        visible = (
            Milestone.objects.visible_to(member, today=today)
            .filter(pk__in=coming.values("pk"))
            .select_related("goal", "goal__owner")
            .order_by("latest_start", "id")
        )
        with transaction.atomic():
            for milestone in visible:
                if events.milestone_coming(organization=organization, milestone=milestone):
                    recorded += 1
    return recorded
