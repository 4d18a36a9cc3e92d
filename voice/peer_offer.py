"""Someone who gave up on a goal may like to talk to someone who finished it: community's
peer matching is asked, never re-implemented here."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from community import matching
from community.peers.access import introduce_refusal
from community.peers.selectors import mentors_for_goal, shown_name
from community.peers.sweep import journeys
from goals.models import Goal

CANDIDATES = 3  # how many of each source are asked before giving up


@dataclass(frozen=True)
class PeerOffer:
    person: object
    name: str
    mentor: bool  # volunteered to mentor newcomers to this playbook


def _finishers(*, goal: Goal, user) -> list:
    """Findable people who finished the goal's playbook in an earlier season, as the
    matcher ranks them for this goal (same region, same language, closest date)."""
    finished = (
        Goal.objects.alive()
        .filter(playbook_id=goal.playbook_id, status=Goal.Status.ACHIEVED)
        .exclude(owner=user)
        .values("owner_id")
    )
    candidates = [
        journey
        for journey in journeys(person_ids=finished)
        if journey.finished and journey.playbook_id == goal.playbook_id
    ]
    if not candidates:
        return []
    progress = goal.milestones.aggregate(
        done=Count("pk", filter=Q(status="done")), total=Count("pk")
    )
    seeker = matching.Journey(
        person_id=user.pk,
        goal_id=goal.pk,
        target_date=goal.target_date,
        playbook_id=goal.playbook_id,
        region_id=goal.region_id or user.region_id,
        language=user.language,
        done=progress["done"],
        total=progress["total"],
    )
    found = matching.match([seeker], candidates, per_person=CANDIDATES)
    people = {
        person.pk: person
        for person in get_user_model()
        .objects.filter(pk__in=[s.peer_id for s in found])
        .select_related("peer_profile")
    }
    return [
        people[s.peer_id]
        for s in found
        if s.reasons[0].code == "finished_playbook" and s.peer_id in people
    ]


def peer_for_leaving(*, goal: Goal, user) -> PeerOffer | None:
    """One person to offer the owner of an abandoned goal: a volunteer mentor of its
    playbook first, else someone who finished it; only a person they may ask for an
    introduction now (`community.peers.access.introduce_refusal`: never someone blocked
    either way, already connected or already asked). None when nobody fits."""
    if goal.playbook_id is None or goal.owner_id != user.pk:
        return None
    for person, name in mentors_for_goal(goal=goal, user=user, limit=CANDIDATES):
        if introduce_refusal(user=user, recipient=person) is None:
            return PeerOffer(person=person, name=name, mentor=True)
    for person in _finishers(goal=goal, user=user):
        if introduce_refusal(user=user, recipient=person) is None:
            return PeerOffer(
                person=person, name=shown_name(person, person.peer_profile), mentor=False
            )
    return None
