"""Demo peers: a grower who finished the orchard season last year in Hawke's Bay, opted in
and mentoring it, so the demo customer sees a suggestion with its reasons. Idempotent:
goals looked up by owner and title, rows by their unique keys; the sweep runs once."""

from datetime import date

from goals.models import Goal
from goals.services import goal_create

from ..models import MentorOffer, PeerProfile, PeerSuggestion, week_of
from .kept import peers_changed
from .services import mentor_offer_set, peer_profile_update
from .sweep import suggest_peers

LAST_SEASON_TITLE = "Gala export season (last year)"


def _finished_last_season(*, peer, playbook, region) -> Goal:
    existing = Goal.objects.filter(owner=peer, title=LAST_SEASON_TITLE).first()
    if existing is not None:
        return existing
    # A finished season: the goal as it is kept, achieved (a new goal's target may not be
    # in the past, so it is recorded as done rather than planned).
    return goal_create(
        by=peer,
        title=LAST_SEASON_TITLE,
        target_date=date(peer.today().year - 1, 3, 1),
        category=playbook.category,
        region=region,
        status=Goal.Status.ACHIEVED,
        playbook=playbook,
    )


def load_peers_demo(*, demo, peer, playbooks, regions) -> dict:
    orchard = playbooks["orchard"]
    finished = _finished_last_season(peer=peer, playbook=orchard, region=regions["hawkes-bay"])
    for person in (demo, peer):
        if not PeerProfile.objects.findable().filter(user=person).exists():
            peer_profile_update(by=person, findable=True)
    if not MentorOffer.objects.filter(user=peer, playbook=orchard).exists():
        mentor_offer_set(by=peer, playbook=orchard, monthly_capacity=3)
    # Demo data is reloaded at any time: keep the one suggestion, moved to this week so
    # the demo customer sees it, instead of sweeping again.
    week = week_of(demo.today())
    shown = PeerSuggestion.objects.filter(person=demo, peer=peer).order_by("-week").first()
    if shown is None:
        suggest_peers(today=demo.today())
    elif shown.week < week:
        PeerSuggestion.objects.filter(pk=shown.pk).update(week=week, dismissed_at=None)
        peers_changed(demo.pk)  # an update sends no signal (kept.py)
    return {"peer": peer, "peer_goal": finished}
