"""Peer matching: who, further along the same journey, a customer might talk to.

Pure on purpose: no Django here. The sweep (`community.peers.sweep`) turns rows into the
input dataclasses, calls `match`, and writes the `Suggestion`s that come back. Reasons are
codes with values, never sentences: the Django edge words them in the reader's language.

For each seeker (an opted-in person's active goal), up to `per_person` peers per person:

- who pursue the same playbook, further along: more of its milestones done, or the same
  playbook finished in an earlier season (an achieved goal with an earlier target date);
- only when no one fits on the playbook: the same category, further along in share of
  milestones done, or a goal of the category finished earlier;
- never themselves, never a pair in `excluded` (connected, suggested lately, declined,
  blocked, either direction), never a mentor whose capacity is used up;
- preferring, in order: a volunteer mentor of the playbook when the seeker is early in
  it; the same region; the same language; the closest target date; then the person id, so
  the answer is the same on every run.

Candidates are grouped by playbook and by category once (`Pool`), so a seeker looks only
at the people on their own journey, never at every pair.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

PER_PERSON = 3
# A seeker with at most this share of the playbook done is "early": mentors come first.
EARLY_SHARE = 1 / 3


@dataclass(frozen=True, slots=True)
class Journey:
    """One opted-in person's goal, as the matcher sees it."""

    person_id: int
    goal_id: int
    target_date: date
    playbook_id: int | None = None
    category_id: int | None = None
    region_id: int | None = None
    language: str = ""
    done: int = 0  # milestones done (of the playbook's, when started from one)
    total: int = 0  # milestones in all
    finished: bool = False  # the goal was achieved
    mentor: bool = False  # volunteers as a mentor for this goal's playbook

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else (1.0 if self.finished else 0.0)

    @property
    def early(self) -> bool:
        return not self.finished and self.share <= EARLY_SHARE


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a peer is suggested: a code and its values (ids, counts, a year)."""

    code: str
    values: tuple[tuple[str, int | str], ...] = ()

    def as_dict(self) -> dict:
        return {"code": self.code, **dict(self.values)}


@dataclass(frozen=True, slots=True)
class Suggestion:
    person_id: int
    peer_id: int
    goal_id: int
    peer_goal_id: int
    reasons: tuple[Reason, ...]


def pair(a: int, b: int) -> tuple[int, int]:
    """The one key of two people, whoever comes first."""
    return (a, b) if a < b else (b, a)


@dataclass
class Pool:
    """The candidates, grouped by playbook and by category."""

    by_playbook: dict[int, list[Journey]] = field(default_factory=lambda: defaultdict(list))
    by_category: dict[int, list[Journey]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, journeys: Iterable[Journey]) -> "Pool":
        pool = cls()
        for journey in journeys:
            if journey.playbook_id is not None:
                pool.by_playbook[journey.playbook_id].append(journey)
            if journey.category_id is not None:
                pool.by_category[journey.category_id].append(journey)
        return pool


def ahead_on_playbook(seeker: Journey, peer: Journey) -> Reason | None:
    if peer.playbook_id is None or peer.playbook_id != seeker.playbook_id:
        return None
    if peer.finished and peer.target_date < seeker.target_date:
        return Reason(
            "finished_playbook",
            (("playbook", peer.playbook_id), ("year", peer.target_date.year)),
        )
    if not peer.finished and peer.done > seeker.done:
        return Reason(
            "ahead_on_playbook",
            (("playbook", peer.playbook_id), ("done", peer.done), ("total", peer.total)),
        )
    return None


def ahead_in_category(seeker: Journey, peer: Journey) -> Reason | None:
    if peer.category_id is None or peer.category_id != seeker.category_id:
        return None
    if peer.finished and peer.target_date < seeker.target_date:
        return Reason(
            "finished_category", (("category", peer.category_id), ("year", peer.target_date.year))
        )
    if not peer.finished and peer.share > seeker.share:
        return Reason(
            "ahead_in_category",
            (("category", peer.category_id), ("done", peer.done), ("total", peer.total)),
        )
    return None


def _rank(seeker: Journey, peer: Journey) -> tuple:
    mentor_first = seeker.early and peer.mentor and peer.playbook_id == seeker.playbook_id
    return (
        not mentor_first,
        peer.region_id is None or peer.region_id != seeker.region_id,
        peer.language != seeker.language,
        abs((peer.target_date - seeker.target_date).days),
        peer.person_id,
        peer.goal_id,
    )


def _extra_reasons(seeker: Journey, peer: Journey) -> tuple[Reason, ...]:
    reasons = []
    if seeker.early and peer.mentor and peer.playbook_id == seeker.playbook_id:
        reasons.append(Reason("mentor", (("playbook", peer.playbook_id),)))
    if peer.region_id is not None and peer.region_id == seeker.region_id:
        reasons.append(Reason("same_region", (("region", peer.region_id),)))
    if peer.language and peer.language == seeker.language:
        reasons.append(Reason("same_language", (("language", peer.language),)))
    return tuple(reasons)


def match(
    seekers: Iterable[Journey],
    candidates: Iterable[Journey],
    *,
    excluded: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset(),
    capacity: Mapping[int, int] | None = None,
    per_person: int = PER_PERSON,
) -> list[Suggestion]:
    """Up to `per_person` suggestions per seeking person (see the module's docstring).

    `excluded` holds `pair(a, b)` keys; `capacity` the suggestions each capped person
    (a mentor) may still receive in this run; people not in it have no cap.
    """
    pool = Pool.of(candidates)
    remaining = dict(capacity or {})
    by_person: dict[int, list[Journey]] = defaultdict(list)
    for seeker in seekers:
        if not seeker.finished:
            by_person[seeker.person_id].append(seeker)
    suggestions: list[Suggestion] = []
    for person_id in sorted(by_person):
        chosen: set[int] = set()
        # Earliest goals first: the nearest deadline needs a peer most.
        goals = sorted(by_person[person_id], key=lambda j: (j.target_date, j.goal_id))
        for seeker in goals:
            if len(chosen) >= per_person:
                break
            for bucket, test in (
                (pool.by_playbook.get(seeker.playbook_id, ()), ahead_on_playbook),
                (pool.by_category.get(seeker.category_id, ()), ahead_in_category),
            ):
                found = []
                for peer in bucket:
                    if peer.person_id == person_id or peer.person_id in chosen:
                        continue
                    if pair(person_id, peer.person_id) in excluded:
                        continue
                    if remaining.get(peer.person_id, 1) <= 0:
                        continue
                    reason = test(seeker, peer)
                    if reason is not None:
                        found.append((_rank(seeker, peer), peer, reason))
                if not found:
                    continue  # none on the playbook: try the category
                for _key, peer, reason in sorted(found, key=lambda f: f[0]):
                    if len(chosen) >= per_person:
                        break
                    if peer.person_id in chosen or remaining.get(peer.person_id, 1) <= 0:
                        continue
                    chosen.add(peer.person_id)
                    if peer.person_id in remaining:
                        remaining[peer.person_id] -= 1
                    suggestions.append(
                        Suggestion(
                            person_id=person_id,
                            peer_id=peer.person_id,
                            goal_id=seeker.goal_id,
                            peer_goal_id=peer.goal_id,
                            reasons=(reason, *_extra_reasons(seeker, peer)),
                        )
                    )
                break
    return suggestions
