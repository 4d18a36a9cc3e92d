"""Reads between peers: each list's query shape decided here, for the pages and the API.

A peer is shown as their profile lets them be: a display name (or "A peer"), a region,
the goal's playbook and progress; never an email."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from goals.models import Goal

from ..models import (
    Connection,
    Introduction,
    MentorOffer,
    PeerBlock,
    PeerMessage,
    PeerProfile,
    PeerReport,
    PeerSuggestion,
    week_of,
)
from .kept import newest_week
from .wording import Words

SHOWN_WEEKS = 2


def shown_name(user, profile: PeerProfile | None) -> str:
    if profile is not None and not profile.show_name:
        return _("A peer")
    return user.name


def profile_for(user) -> PeerProfile:
    """A person's peer settings (unsaved defaults when they never opted in)."""
    return PeerProfile.objects.filter(user=user).first() or PeerProfile(user=user)


@dataclass(frozen=True)
class SuggestionCard:
    suggestion: PeerSuggestion
    peer: object
    name: str
    region: str
    reason: str
    requested: bool


def _blocked_either_way(user, field: str):
    return Exists(PeerBlock.objects.filter(blocker=user, blocked=OuterRef(field))) | Exists(
        PeerBlock.objects.filter(blocker=OuterRef(field), blocked=user)
    )


def suggestions_for(user, *, today: date) -> list[SuggestionCard]:
    """This and last week's suggestions for a person, not dismissed, the peer still
    findable, not blocked either way and not yet connected: no query when none is recent
    (most weeks, for most people: kept.py), two whatever the number otherwise. The peers of
    the suggestions found are then read, in one query, with their profile and region and
    whether a block stands between the two, whether they are connected and whether an
    introduction was asked for. (Joined into the first query, the peers' columns made it
    cost the dashboard 0.7 ms more, to find nothing most weeks.)"""
    since = week_of(today) - timedelta(weeks=SHOWN_WEEKS - 1)
    newest = newest_week(user)  # kept: no query when none is recent (kept.py)
    if newest is None or newest < since:
        return []
    found = list(
        PeerSuggestion.objects.visible_to(user)
        .filter(week__gte=since, dismissed_at=None)
        .filter(peer__peer_profile__findable=True, peer__peer_profile__paused=False)
        .order_by("-week", "id")
    )
    if not found:
        return []
    peers = {
        peer.pk: peer
        for peer in get_user_model()
        .objects.filter(pk__in={row.peer_id for row in found})
        .select_related("peer_profile", "region")
        .annotate(
            peer_blocked=_blocked_either_way(user, "pk"),
            peer_requested=Exists(
                Introduction.objects.filter(sender=user, recipient=OuterRef("pk"))
            ),
            peer_connected=Exists(
                Connection.objects.filter(
                    Q(first=user, second=OuterRef("pk")) | Q(second=user, first=OuterRef("pk"))
                )
            ),
        )
    }
    rows = [
        row
        for row in found
        if not peers[row.peer_id].peer_blocked and not peers[row.peer_id].peer_connected
    ]
    for row in rows:
        row.peer = peers[row.peer_id]
        row.requested = row.peer.peer_requested
    words = Words([row.reasons for row in rows], today=today)
    cards, seen = [], set()
    for row in rows:
        if row.peer_id in seen:
            continue
        seen.add(row.peer_id)
        profile = row.peer.peer_profile
        region = row.peer.region.name if profile.show_region and row.peer.region else ""
        cards.append(
            SuggestionCard(
                suggestion=row,
                peer=row.peer,
                name=shown_name(row.peer, profile),
                region=region,
                reason=words.sentence(row.reasons, profile=profile),
                requested=row.requested,
            )
        )
    return cards


def introductions_received(user):
    return (
        Introduction.objects.visible_to(user)
        .filter(recipient=user, status=Introduction.Status.PENDING)
        .select_related("sender__peer_profile")
    )


def introductions_sent(user):
    return (
        Introduction.objects.visible_to(user)
        .filter(sender=user)
        .select_related("recipient__peer_profile")
    )


def introduction_detail(*, user, pk) -> Introduction:
    return Introduction.objects.visible_to(user).select_related("sender", "recipient").get(pk=pk)


def connections_for(user):
    return (
        Connection.objects.visible_to(user)
        .select_related("first__peer_profile", "second__peer_profile")
        .order_by("-created_at", "-id")
    )


def connection_detail(*, user, pk) -> Connection:
    return connections_for(user).get(pk=pk)


def messages_for(*, user, connection: Connection):
    return (
        PeerMessage.objects.visible_to(user)
        .filter(connection=connection)
        .select_related("author")
        .order_by("created_at", "id")
    )


def shareable_goals(user):
    return (
        Goal.objects.alive()
        .filter(owner=user)
        .exclude(status__in=[Goal.Status.ACHIEVED, Goal.Status.ABANDONED])
    )


def blocks_for(user):
    return PeerBlock.objects.visible_to(user).select_related("blocked")


def mentor_offers_for(user):
    return MentorOffer.objects.visible_to(user).select_related("playbook")


def mentors_for_goal(*, goal: Goal, user, limit: int = 3):
    """Volunteer mentors who finished the goal's playbook (offered to someone about to
    give up on it): findable, not blocked either way, never themselves."""
    if goal.playbook_id is None:
        return []
    finished = Goal.objects.alive().filter(
        playbook_id=goal.playbook_id, status=Goal.Status.ACHIEVED, owner=OuterRef("user")
    )
    offers = (
        MentorOffer.objects.filter(playbook_id=goal.playbook_id, active=True)
        .filter(Exists(finished))
        .filter(user__peer_profile__findable=True, user__peer_profile__paused=False)
        .exclude(user=user)
        .exclude(_blocked_either_way(user, "user"))
        .select_related("user__peer_profile")
        .order_by("-monthly_capacity", "id")[:limit]
    )
    return [(offer.user, shown_name(offer.user, offer.user.peer_profile)) for offer in offers]


def report_queue(user):
    """Open reports about people, for staff (`PeerReport.visible_to`)."""
    return (
        PeerReport.objects.visible_to(user)
        .filter(outcome=PeerReport.Outcome.OPEN)
        .select_related("reporter", "subject", "message")
    )
