"""Whether a person has peer suggestions to show is kept (community/peers/kept.py): each
kind of write of a suggestion shows on the dashboard's very next view, and a dashboard
with none recent asks the database nothing about them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from community.models import PeerSuggestion, week_of
from community.peers import services
from community.peers.kept import peers_changed
from community.peers.sweep import suggest_peers
from ecosystem.accounts.services import account_delete
from ecosystem.demo import load_demo
from tests.community.peers_world import findable, on_journey, orchard, person

pytestmark = pytest.mark.django_db

PEERS_HEADING = "Peers further along"


@pytest.fixture
def world(time_machine):
    """Newbie starts Orchard season; Finished did it last season; both opted in."""
    time_machine.move_to("2026-06-09T09:00:00Z", tick=False)
    playbook = orchard()
    newbie, finished = person("Newbie"), person("Fin Finished")
    on_journey(newbie, playbook, done=1)
    on_journey(finished, playbook, target=finished.today().replace(year=2025), done=6)
    for someone in (newbie, finished):
        findable(someone)
    page = Client()
    page.force_login(newbie)
    return {"newbie": newbie, "finished": finished, "page": page}


def dashboard(world) -> str:
    return world["page"].get("/dashboard/").content.decode()


def shows_peer(world) -> bool:
    html = dashboard(world)
    return PEERS_HEADING in html and "Fin Finished" in html


def test_the_weekly_sweep_shows_on_the_next_view(world):
    assert not shows_peer(world)  # "none" kept
    suggest_peers(today=world["newbie"].today())
    assert shows_peer(world)


def test_a_suggestion_written_alone_shows_and_one_moved_to_this_week_too(world):
    newbie, finished = world["newbie"], world["finished"]
    this_week = week_of(newbie.today())
    old = PeerSuggestion.objects.create(
        person=newbie,
        peer=finished,
        goal=newbie.goals.get(),
        peer_goal=finished.goals.get(),
        week=this_week - timedelta(weeks=5),
    )
    assert not shows_peer(world)  # five weeks old: not shown, and kept so

    old.week = this_week
    old.save()
    assert shows_peer(world)


def test_reloading_the_demo_moves_its_suggestion_to_this_week_and_shows_it():
    customer = load_demo()["demo"]
    page = Client()
    page.force_login(customer)
    assert PEERS_HEADING in page.get("/dashboard/").content.decode()
    # Weeks pass (a write of the suggestion in the past, as any raises the version).
    shown = PeerSuggestion.objects.get(person=customer)
    shown.week -= timedelta(weeks=3)
    shown.save()
    assert PEERS_HEADING not in page.get("/dashboard/").content.decode()  # kept: old
    load_demo()  # moves it to this week with an update, which sends no signal
    assert PEERS_HEADING in page.get("/dashboard/").content.decode()


def test_dismissing_blocking_or_erasing_the_peer_hides_it_on_the_next_view(world):
    newbie, finished = world["newbie"], world["finished"]
    suggest_peers(today=newbie.today())
    assert shows_peer(world)
    suggestion = PeerSuggestion.objects.get(person=newbie)
    services.suggestion_dismiss(suggestion=suggestion, by=newbie)
    assert not shows_peer(world)

    PeerSuggestion.objects.filter(pk=suggestion.pk).update(dismissed_at=None)
    peers_changed(newbie.pk)
    assert shows_peer(world)
    services.person_block(by=newbie, subject=finished)
    assert not shows_peer(world)

    services.person_unblock(by=newbie, block=newbie.peer_blocks.get())
    PeerSuggestion.objects.filter(pk=suggestion.pk).update(dismissed_at=None)
    peers_changed(newbie.pk)
    assert shows_peer(world)
    account_delete(user=finished, by=finished)
    assert not shows_peer(world)


def test_a_dashboard_with_no_recent_suggestion_asks_nothing_about_them(world):
    dashboard(world)  # what is kept is read once
    with CaptureQueriesContext(connection) as queries:
        dashboard(world)
    assert not [q for q in queries.captured_queries if "peersuggestion" in q["sql"]]

    suggest_peers(today=world["newbie"].today())
    with CaptureQueriesContext(connection) as queries:
        assert shows_peer(world)
    assert [q for q in queries.captured_queries if "peersuggestion" in q["sql"]]
