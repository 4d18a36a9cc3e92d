"""The pure peer matcher: properties that hold for any population (hypothesis), and the
examples the issue names."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from community.matching import Journey, match, pair

BASE = date(2026, 9, 1)

journeys = st.builds(
    Journey,
    person_id=st.integers(1, 12),
    goal_id=st.integers(1, 10_000),
    target_date=st.integers(-800, 800).map(lambda days: BASE + timedelta(days=days)),
    playbook_id=st.none() | st.integers(1, 3),
    category_id=st.none() | st.integers(1, 2),
    region_id=st.none() | st.integers(1, 3),
    language=st.sampled_from(["en", "mi", ""]),
    done=st.integers(0, 8),
    total=st.just(8),
    finished=st.booleans(),
    mentor=st.booleans(),
)
populations = st.lists(journeys, max_size=40, unique_by=lambda journey: journey.goal_id)
pairs = st.sets(st.tuples(st.integers(1, 12), st.integers(1, 12)).map(lambda p: pair(*p)))


@settings(max_examples=300, deadline=None)
@given(population=populations, excluded=pairs)
def test_every_suggestion_is_a_peer_further_along_and_allowed(population, excluded):
    seekers = [journey for journey in population if not journey.finished]
    by_goal = {journey.goal_id: journey for journey in population}
    suggestions = match(seekers, population, excluded=excluded)
    per_person = {}
    for suggestion in suggestions:
        seeker, peer = by_goal[suggestion.goal_id], by_goal[suggestion.peer_goal_id]
        assert suggestion.person_id == seeker.person_id != peer.person_id
        assert pair(seeker.person_id, peer.person_id) not in excluded
        assert not seeker.finished
        same_playbook = seeker.playbook_id is not None and peer.playbook_id == seeker.playbook_id
        same_category = seeker.category_id is not None and peer.category_id == seeker.category_id
        assert same_playbook or same_category
        if same_playbook and suggestion.reasons[0].code.endswith("playbook"):
            assert (peer.finished and peer.target_date < seeker.target_date) or (
                not peer.finished and peer.done > seeker.done
            )
        else:
            assert (peer.finished and peer.target_date < seeker.target_date) or (
                not peer.finished and peer.share > seeker.share
            )
        per_person.setdefault(seeker.person_id, set()).add(peer.person_id)
    pairs_suggested = [(s.person_id, s.peer_id) for s in suggestions]
    assert len(pairs_suggested) == len(set(pairs_suggested)), "a peer suggested twice"
    assert all(len(peers) <= 3 for peers in per_person.values())


@settings(max_examples=200, deadline=None)
@given(population=populations)
def test_the_category_is_asked_only_when_no_one_fits_on_the_playbook(population):
    """A category suggestion for a goal means no one left on its playbook fits (once the
    peers already suggested to this person for their other goals are set aside)."""
    seekers = [journey for journey in population if not journey.finished]
    by_goal = {journey.goal_id: journey for journey in population}
    suggestions = match(seekers, population)
    for suggestion in suggestions:
        if suggestion.reasons[0].code not in {"finished_category", "ahead_in_category"}:
            continue
        others = {
            pair(s.person_id, s.peer_id)
            for s in suggestions
            if s.person_id == suggestion.person_id and s is not suggestion
        }
        alone = match([by_goal[suggestion.goal_id]], population, excluded=others)
        assert all(
            s.reasons[0].code not in {"finished_playbook", "ahead_on_playbook"} for s in alone
        )


@settings(max_examples=200, deadline=None)
@given(population=populations, data=st.data())
def test_capacity_caps_how_often_a_person_is_suggested(population, data):
    people = sorted({journey.person_id for journey in population})
    capacity = {
        person: data.draw(st.integers(0, 2)) for person in people if data.draw(st.booleans())
    }
    suggestions = match(population, population, capacity=capacity)
    for person, cap in capacity.items():
        assert sum(1 for s in suggestions if s.peer_id == person) <= cap


@settings(max_examples=100, deadline=None)
@given(population=populations)
def test_the_same_input_gives_the_same_answer(population):
    assert match(population, population) == match(list(reversed(population)), population[::-1])


def _journey(person, goal, **fields):
    defaults = {"target_date": BASE, "playbook_id": 1, "category_id": 1, "total": 6}
    return Journey(person_id=person, goal_id=goal, **(defaults | fields))


def test_a_peer_who_finished_last_season_nearby_comes_first_with_the_reasons():
    me = _journey(1, 10, done=1, region_id=7, language="en")
    finished_here = _journey(
        2, 20, finished=True, done=6, target_date=date(2025, 9, 1), region_id=7, language="en"
    )
    ahead_elsewhere = _journey(3, 30, done=4, region_id=8, language="en")
    behind = _journey(4, 40, done=0, region_id=7, language="en")
    other_playbook = _journey(5, 50, playbook_id=2, done=5, region_id=7)
    suggestions = match([me], [me, finished_here, ahead_elsewhere, behind, other_playbook])
    assert [s.peer_id for s in suggestions] == [2, 3]
    assert [r.as_dict() for r in suggestions[0].reasons] == [
        {"code": "finished_playbook", "playbook": 1, "year": 2025},
        {"code": "same_region", "region": 7},
        {"code": "same_language", "language": "en"},
    ]


def test_early_newcomers_are_offered_mentors_first():
    me = _journey(1, 10, done=0, region_id=7)
    near = _journey(2, 20, done=3, region_id=7)
    mentor = _journey(3, 30, finished=True, done=6, target_date=date(2024, 1, 1), mentor=True)
    assert [s.peer_id for s in match([me], [me, near, mentor])] == [3, 2]
    assert match([me], [me, near, mentor])[0].reasons[1].code == "mentor"
    halfway = _journey(1, 10, done=3, region_id=7)
    later = _journey(2, 20, done=4, region_id=7)
    assert [s.peer_id for s in match([halfway], [halfway, later, mentor])] == [2, 3]
