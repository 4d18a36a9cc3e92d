"""Giving up on a goal: after "why" is answered or skipped, the confirmation offers one
person who finished the same playbook (community's matching is asked), with one click to
ask for an introduction; nobody when nobody fits, never someone blocked either way."""

from datetime import date

import pytest

from community.models import Introduction
from community.peers import services as peer_services
from goals.models import Goal
from goals.services import goal_create, goal_update
from tests.community.peers_world import findable, on_journey, orchard, person
from tests.conftest import assert_max_queries, client_for
from tests.voice.helpers import TARGET

pytestmark = pytest.mark.django_db

LAST_SEASON = date(2025, 3, 1)


@pytest.fixture
def leaving_world():
    """Quitter started Orchard season and gives up on it; Finisher finished it last season
    and opted in to meet peers; Shy finished it too but never opted in."""
    playbook = orchard()
    quitter, finisher, shy = person("Quitter"), person("Finisher"), person("Shy")
    goal = on_journey(quitter, playbook, done=1)
    on_journey(finisher, playbook, target=LAST_SEASON, done=6, achieved=True)
    on_journey(shy, playbook, target=LAST_SEASON, done=6, achieved=True)
    findable(finisher)
    goal_update(goal=goal, by=quitter, status=Goal.Status.ABANDONED)
    return {
        "playbook": playbook,
        "quitter": quitter,
        "finisher": finisher,
        "shy": shy,
        "goal": goal,
    }


def offer_after(client, goal, data, **headers):
    response = client.post(f"/goals/{goal.pk}/leaving/", data, **headers)
    return response, response.content.decode()


def test_answering_why_offers_someone_who_finished_the_playbook_with_one_click(leaving_world):
    quitter, finisher, goal = (leaving_world[k] for k in ("quitter", "finisher", "goal"))
    client = client_for(quitter)
    response, page = offer_after(client, goal, {"reasons": ["no_time"]}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Thank you for telling us." in page
    assert "Finisher finished this playbook." in page
    assert "Shy" not in page  # finished too, but never opted in to meet peers
    assert f"/peers/people/{finisher.pk}/introduce/" in page
    # The one click: the request reaches the finisher, with the goal said in the note.
    asked = client.post(
        f"/peers/people/{finisher.pk}/introduce/",
        {"note": "I stopped my goal “Orchard season” and would like to hear how you finished it."},
    )
    assert asked.status_code == 302
    introduction = Introduction.objects.get(sender=quitter, recipient=finisher)
    assert introduction.status == Introduction.Status.PENDING
    assert "Orchard season" in introduction.note


def test_skipping_why_offers_too_and_without_javascript_it_is_a_page(leaving_world):
    quitter, goal = leaving_world["quitter"], leaving_world["goal"]
    response, page = offer_after(client_for(quitter), goal, {"skip": "1"})
    assert response.status_code == 200
    assert "Finisher finished this playbook." in page
    assert "Ask for an introduction" in page


def test_a_volunteer_mentor_of_the_playbook_comes_first(leaving_world):
    playbook, quitter, goal = (leaving_world[k] for k in ("playbook", "quitter", "goal"))
    mentor = person("Mentor")
    on_journey(mentor, playbook, target=LAST_SEASON, done=6, achieved=True)
    findable(mentor)
    peer_services.mentor_offer_set(by=mentor, playbook=playbook, monthly_capacity=3)
    _response, page = offer_after(client_for(quitter), goal, {"skip": "1"}, HTTP_HX_REQUEST="true")
    assert "Mentor finished this playbook and offers to help" in page
    assert "Finisher" not in page


@pytest.mark.parametrize("who_blocks", ["quitter", "finisher"])
def test_never_someone_blocked_either_way(leaving_world, who_blocks):
    quitter, finisher, goal = (leaving_world[k] for k in ("quitter", "finisher", "goal"))
    blocker, blocked = (quitter, finisher) if who_blocks == "quitter" else (finisher, quitter)
    peer_services.person_block(by=blocker, subject=blocked)
    response, page = offer_after(client_for(quitter), goal, {"skip": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Thank you for telling us." in page
    assert "Finisher" not in page and "Ask for an introduction" not in page


def test_no_offer_when_nobody_fits(leaving_world):
    """Nobody else finished it (the finisher opted out), or the goal has no playbook: the
    confirmation is thanks alone, and without JavaScript the goal page says it."""
    quitter, finisher, goal = (leaving_world[k] for k in ("quitter", "finisher", "goal"))
    peer_services.peer_profile_update(by=finisher, findable=False)
    response, page = offer_after(client_for(quitter), goal, {"skip": "1"}, HTTP_HX_REQUEST="true")
    assert "Thank you for telling us." in page and "Ask for an introduction" not in page
    own = goal_create(by=quitter, title="My own plan", target_date=TARGET)
    goal_update(goal=own, by=quitter, status=Goal.Status.ABANDONED)
    response = client_for(quitter).post(f"/goals/{own.pk}/leaving/", {"reasons": ["cost"]})
    assert response.status_code == 302


def test_someone_already_asked_is_not_offered_again(leaving_world):
    quitter, finisher, goal = (leaving_world[k] for k in ("quitter", "finisher", "goal"))
    peer_services.introduction_request(by=quitter, recipient=finisher)
    _response, page = offer_after(client_for(quitter), goal, {"skip": "1"}, HTTP_HX_REQUEST="true")
    assert "Ask for an introduction" not in page


@pytest.mark.parametrize("finishers", [1, 6])
def test_the_offer_costs_the_same_whoever_finished(leaving_world, finishers):
    playbook, quitter, goal = (leaving_world[k] for k in ("playbook", "quitter", "goal"))
    for n in range(finishers):
        someone = person(f"Done {n}")
        on_journey(someone, playbook, target=LAST_SEASON, done=6, achieved=True)
        findable(someone)
    client = client_for(quitter)
    with assert_max_queries(16):
        _response, page = offer_after(client, goal, {"skip": "1"}, HTTP_HX_REQUEST="true")
    assert "Ask for an introduction" in page
