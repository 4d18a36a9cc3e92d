"""Where partner webhooks listen: lower apps' hooks, connected in AppConfig.ready().

- stakeholders.signals.invitation_accepted: an organisation's invitation accepted;
- partners.signals.resource_used: one of its resources marked helpful;
- partners.signals.organization_page: the endpoints' section for the organisation's
  admins. (The "coming" milestones are a sweep: webhooks/coming.py.)
Each event is written in the sender's transaction (webhooks/events.py).
"""

from partners.signals import organization_page, resource_used
from stakeholders.signals import invitation_accepted

from . import events
from .selectors import organization_section


def _invitation_accepted(sender, *, stakeholder, by, **kwargs) -> None:
    events.invitation_accepted(stakeholder=stakeholder, by=by)


def _resource_used(sender, *, use, **kwargs) -> None:
    events.resource_used(use=use)


def connect() -> None:
    invitation_accepted.connect(_invitation_accepted, dispatch_uid="webhooks.invitation")
    resource_used.connect(_resource_used, dispatch_uid="webhooks.resource_used")
    organization_page.register("webhooks.endpoints", organization_section)
