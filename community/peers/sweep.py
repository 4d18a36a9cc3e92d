"""The weekly sweep: read every findable person's goals set-based, ask the pure matcher,
write the suggestions in bulk under their (person, peer, week) key, and tell each person
once (`notices`, keyed by the week). Safe to run twice in a week: people who already have
this week's suggestions are skipped, and the unique keys ignore any row written already."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from goals.models import Goal

from .. import matching
from ..models import (
    Connection,
    Introduction,
    MentorOffer,
    PeerBlock,
    PeerProfile,
    PeerSuggestion,
    week_of,
)
from . import notices
from .kept import peers_changed

RECENT_WEEKS = 8
CHUNK = 2000


@dataclass(frozen=True)
class SweepResult:
    week: date
    seekers: int
    written: int
    people: list[int]


def journeys(*, person_ids=None) -> list[matching.Journey]:
    """The matcher's view of findable people's active and achieved goals, in one query."""
    profiles = PeerProfile.objects.findable()
    chosen = PeerProfile.goals.through.objects.filter(peerprofile__in=profiles)
    goals = (
        Goal.objects.alive()
        .filter(status__in=[Goal.Status.ACTIVE, Goal.Status.ACHIEVED])
        .filter(owner__in=profiles.values("user"))
        .filter(Q(owner__peer_profile__all_goals=True) | Q(pk__in=chosen.values("goal_id")))
    )
    if person_ids is not None:
        goals = goals.filter(owner_id__in=person_ids)
    mentors = set(MentorOffer.objects.filter(active=True).values_list("user_id", "playbook_id"))
    rows = goals.values(
        "pk",
        "owner_id",
        "target_date",
        "playbook_id",
        "status",
        "owner__language",
        kind=Coalesce("category_id", "playbook__category_id"),
        place=Coalesce("region_id", "owner__region_id"),
        done=Count("milestones", filter=Q(milestones__status="done")),
        total=Count("milestones"),
    ).order_by()
    return [
        matching.Journey(
            person_id=row["owner_id"],
            goal_id=row["pk"],
            target_date=row["target_date"],
            playbook_id=row["playbook_id"],
            category_id=row["kind"],
            region_id=row["place"],
            language=row["owner__language"],
            done=row["done"],
            total=row["total"],
            finished=row["status"] == Goal.Status.ACHIEVED,
            mentor=(row["owner_id"], row["playbook_id"]) in mentors,
        )
        for row in rows
    ]


def excluded_pairs(*, week: date) -> set[tuple[int, int]]:
    """Pairs never to suggest: connected (ever), suggested in the last eight weeks,
    declined, blocked; either direction."""
    pair = matching.pair
    excluded = {pair(a, b) for a, b in Connection.objects.values_list("first_id", "second_id")}
    recent = PeerSuggestion.objects.filter(week__gte=week - timedelta(weeks=RECENT_WEEKS))
    excluded |= {pair(a, b) for a, b in recent.values_list("person_id", "peer_id")}
    excluded |= {
        pair(a, b)
        for a, b in Introduction.objects.exclude(status=Introduction.Status.ACCEPTED).values_list(
            "sender_id", "recipient_id"
        )
    }
    excluded |= {pair(a, b) for a, b in PeerBlock.objects.values_list("blocker_id", "blocked_id")}
    return excluded


def mentor_capacity(*, week: date) -> dict[int, int]:
    """What each volunteer mentor may still be offered this calendar month."""
    month = week.replace(day=1)
    offered = dict(
        PeerSuggestion.objects.filter(week__gte=month, peer__mentor_offers__active=True)
        .values("peer_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("peer_id", "n")
    )
    capacity: dict[int, int] = {}
    for user_id, cap in MentorOffer.objects.filter(active=True).values_list(
        "user_id", "monthly_capacity"
    ):
        capacity[user_id] = capacity.get(user_id, 0) + cap
    return {user_id: cap - offered.get(user_id, 0) for user_id, cap in capacity.items()}


def suggest_peers(*, today: date | None = None) -> SweepResult:
    """Suggest peers to every findable person with an active goal, once per ISO week."""
    today = today or timezone.now().date()
    week = week_of(today)
    everyone = journeys()
    served = set(PeerSuggestion.objects.filter(week=week).values_list("person_id", flat=True))
    seekers = [
        journey for journey in everyone if not journey.finished and journey.person_id not in served
    ]
    found = matching.match(
        seekers,
        everyone,
        excluded=excluded_pairs(week=week),
        capacity=mentor_capacity(week=week),
    )
    rows = [
        PeerSuggestion(
            person_id=s.person_id,
            peer_id=s.peer_id,
            goal_id=s.goal_id,
            peer_goal_id=s.peer_goal_id,
            week=week,
            reasons=[reason.as_dict() for reason in s.reasons],
        )
        for s in found
    ]
    people = sorted({s.person_id for s in found})
    with transaction.atomic():
        PeerSuggestion.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)
        peers_changed(*people)  # bulk_create sends no signal (kept.py)
        # Told once a week each (the key), in the transaction that wrote the suggestions.
        notices.suggestions_made(people=people, week=week)
    return SweepResult(week=week, seekers=len(seekers), written=len(rows), people=people)
