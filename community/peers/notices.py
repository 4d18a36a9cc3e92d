"""What peers are told: this week's suggestions, a request for an introduction, an
accepted one. Written in the transaction of the change, once per key; a decline tells
no one (no reason is asked, none is revealed), and neither does a block."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ecosystem.notifications.models import Kind
from ecosystem.notifications.services import notify

from ..models import Connection, Introduction
from .selectors import shown_name


def suggestions_made(*, people, week) -> int:
    """One notification per person suggested peers in the week's sweep."""
    if not people:
        return 0
    return notify(
        recipients=people,
        kind=Kind.PEERS_SUGGESTED,
        title=lambda: _("Peers further along on your journey"),
        body=lambda: _(
            "People a little ahead of you chose to be found. See why they were suggested."
        ),
        link=reverse("community:peers"),
        dedupe_key=f"peers:suggested:{week.isoformat()}",
    )


def introduction_requested(*, introduction: Introduction) -> int:
    sender = introduction.sender
    return notify(
        recipients=[introduction.recipient],
        kind=Kind.PEER_INTRODUCTION,
        target=introduction,
        title=lambda: (
            _("%(name)s asks to be introduced")
            % {"name": shown_name(sender, getattr(sender, "peer_profile", None))}
        ),
        body=introduction.note,
        link=reverse("community:peers"),
        dedupe_key=f"peers:introduction:{introduction.pk}",
    )


def introduction_accepted(*, introduction: Introduction, connection: Connection) -> int:
    recipient = introduction.recipient
    return notify(
        recipients=[introduction.sender],
        kind=Kind.PEER_CONNECTED,
        target=connection,
        title=lambda: (
            _("%(name)s accepted: you can talk now")
            % {"name": shown_name(recipient, getattr(recipient, "peer_profile", None))}
        ),
        link=reverse("community:peers-conversation", args=[connection.pk]),
        dedupe_key=f"peers:connected:{connection.pk}",
    )
