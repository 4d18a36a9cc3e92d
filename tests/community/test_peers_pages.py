"""The peers pages and API as each role meets them: self, peer, stranger, blocked,
moderator, staff, anonymous; query budgets for the lists at two sizes; bad input 400."""

from datetime import date

import pytest
from django.test import Client

from community.models import (
    Connection,
    Introduction,
    MentorOffer,
    PeerMessage,
    PeerProfile,
    PeerReport,
    PeerSuggestion,
)
from community.peers import services
from community.peers.sweep import suggest_peers
from community.services import community_create, moderator_appoint
from goals.models import Goal
from stakeholders.models import Stakeholder
from tests.community.peers_world import findable, on_journey, orchard, person
from tests.conftest import api_for, assert_max_queries
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def browser(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def peers(staff_user, time_machine):
    """me (early on Orchard season) was suggested `peer` (finished it last season), asked
    for an introduction, and was accepted; they wrote once. `stranger` is findable too;
    `blocked` was blocked by me; `moderator` moderates a community."""
    time_machine.move_to("2026-06-09T09:00:00Z", tick=False)
    playbook = orchard()
    bay = RegionFactory(name="Hawke's Bay")
    me, peer, stranger, blocked, moderator = (
        person("Me Newbie", region=bay),
        person("Pat Peer", region=bay),
        person("Stan Stranger"),
        person("Bo Blocked"),
        person("Mo Moderator"),
    )
    my_goal = on_journey(me, playbook, done=1)
    on_journey(peer, playbook, target=date(2025, 3, 1), done=6, achieved=True)
    on_journey(blocked, playbook, done=3)
    for someone in (me, peer, stranger, blocked):
        findable(someone)
    services.person_block(by=me, subject=blocked)
    suggest_peers()
    suggestion = PeerSuggestion.objects.get(person=me, peer=peer)
    connection = services.introduction_accept(
        introduction=services.introduction_request(by=me, recipient=peer, suggestion=suggestion),
        by=peer,
    )
    services.message_post(connection=connection, by=peer, body="Thin *after* bloom.")
    growers = community_create(by=staff_user, name="Growers", purpose="Grow")
    moderator_appoint(community=growers, by=staff_user, user=moderator)
    return {
        "me": me,
        "peer": peer,
        "stranger": stranger,
        "blocked": blocked,
        "moderator": moderator,
        "staff": staff_user,
        "anonymous": None,
        "goal": my_goal,
        "playbook": playbook,
        "connection": connection,
        "suggestion": suggestion,
    }


def test_the_peers_page_shows_my_suggestion_with_why_and_my_connection(peers):
    page = browser(peers["me"]).get("/peers/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Pat Peer" in html
    assert f"/peers/connections/{peers['connection'].pk}/" in html
    assert peers["peer"].email not in html
    assert html.count("Bo Blocked") == 1  # only in my list of blocks, never suggested


def test_the_dashboard_shows_suggestions_with_their_reasons(peers):
    other = person("Newer")
    on_journey(other, peers["playbook"], done=0)
    findable(other)
    PeerSuggestion.objects.all().delete()
    suggest_peers()
    html = browser(other).get("/dashboard/").content.decode()
    assert "Peers further along" in html
    assert "Finished Orchard season last year, Hawke&#x27;s Bay" in html or (
        "Finished Orchard season last year" in html
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("me", 200),
        ("peer", 200),
        ("stranger", 404),
        ("blocked", 404),
        ("moderator", 404),
        ("staff", 404),
        ("anonymous", 302),
    ],
)
def test_the_conversation_is_the_two_peoples_alone(peers, role, status):
    path = f"/peers/connections/{peers['connection'].pk}/"
    response = browser(peers[role]).get(path)
    assert response.status_code == status
    api = api_for(peers[role]).get(f"/api/v1{path}messages/")
    assert api.status_code == {302: 401}.get(status, status)
    if status == 200:
        assert "Thin <em>after</em> bloom." in response.content.decode()


def test_writing_sharing_blocking_and_reporting_through_the_pages(peers):
    me, peer, connection = peers["me"], peers["peer"], peers["connection"]
    client = browser(me)
    base = f"/peers/connections/{connection.pk}/"
    assert client.post(base, {"body": ""}).status_code == 400
    assert client.post(base, {"body": "**Thanks!**"}).status_code == 302
    assert PeerMessage.objects.filter(author=me, body_html__contains="<strong>").exists()
    assert browser(peers["stranger"]).post(base, {"body": "hi"}).status_code == 404
    client.post(f"{base}share/", {"goal": peers["goal"].pk})
    assert Stakeholder.objects.filter(goal=peers["goal"], email=peer.email, access="view").exists()
    client.post(f"/peers/people/{peer.pk}/report/", {"reason": "other", "note": "Testing"})
    assert PeerReport.objects.filter(reporter=me, subject=peer).exists()
    client.post(f"/peers/people/{peer.pk}/block/")
    assert not Connection.objects.visible_to(me).exists()
    assert client.get(base).status_code == 404


def test_requests_are_answered_on_the_page_and_a_decline_says_nothing(peers):
    stranger, me = peers["stranger"], peers["me"]
    on_journey(stranger, peers["playbook"], done=0)
    services.mentor_offer_set(by=peers["peer"], playbook=peers["playbook"], monthly_capacity=3)
    suggestion = PeerSuggestion.objects.create(
        person=stranger,
        peer=me,
        goal=Goal.objects.filter(owner=stranger).first(),
        peer_goal=peers["goal"],
        week=date(2026, 6, 8),
    )
    assert (
        browser(stranger)
        .post(f"/peers/suggestions/{suggestion.pk}/request/", {"note": "Hello!"})
        .status_code
        == 302
    )
    intro = Introduction.objects.get(sender=stranger)
    assert "Hello!" in browser(me).get("/peers/").content.decode()
    # Its sender sees it but may not answer it (403); only I answer.
    assert browser(stranger).post(f"/peers/introductions/{intro.pk}/accept/").status_code == 403
    assert Introduction.objects.get(pk=intro.pk).status == "pending"
    browser(me).post(f"/peers/introductions/{intro.pk}/decline/")
    assert Introduction.objects.get(pk=intro.pk).status == "declined"
    assert (
        browser(peers["peer"]).post(f"/peers/introductions/{intro.pk}/decline/").status_code == 404
    )
    # Another request, accepted this time, lands on the conversation.
    again = services.introduction_request(by=peers["peer"], recipient=stranger)
    answer = browser(stranger).post(f"/peers/introductions/{again.pk}/accept/")
    assert answer.status_code == 302 and "/peers/connections/" in answer["Location"]
    browser(stranger).post(f"/peers/suggestions/{suggestion.pk}/dismiss/")
    assert PeerSuggestion.objects.get(pk=suggestion.pk).dismissed_at is not None


def test_settings_mentoring_and_the_mentors_before_giving_up(peers):
    me, peer = peers["me"], peers["peer"]
    response = browser(me).post(
        "/peers/settings/",
        {
            "findable": "on",
            "paused": "on",
            "show_name": "on",
            "all_goals": "",
            "goals": [peers["goal"].pk],
        },
    )
    assert response.status_code == 302
    profile = PeerProfile.objects.get(user=me)
    assert profile.paused and not profile.all_goals and list(profile.goals.all()) == [peers["goal"]]
    bad = browser(me).post("/peers/settings/", {"findable": "on", "goals": ["999999"]})
    assert bad.status_code == 400
    # The peer finished the playbook: they may volunteer; I may not.
    assert "Mentor newcomers" in browser(peer).get("/peers/").content.decode()
    browser(peer).post(
        "/peers/mentoring/", {"playbook": peers["playbook"].pk, "monthly_capacity": "3"}
    )
    assert MentorOffer.objects.get(user=peer).monthly_capacity == 3
    browser(me).post(
        "/peers/mentoring/", {"playbook": peers["playbook"].pk, "monthly_capacity": "3"}
    )
    assert not MentorOffer.objects.filter(user=me).exists()
    # About to abandon my goal: its settings offer someone who finished it.
    settings_page = browser(me).get(f"/goals/{peers['goal'].pk}/edit/").content.decode()
    assert f"/peers/goals/{peers['goal'].pk}/mentors/" in settings_page
    mentors = browser(me).get(f"/peers/goals/{peers['goal'].pk}/mentors/")
    assert "Pat Peer" in mentors.content.decode()
    assert (
        browser(peers["stranger"]).get(f"/peers/goals/{peers['goal'].pk}/mentors/").status_code
        == 404
    )
    browser(me).post(f"/peers/people/{peer.pk}/introduce/", {"note": "Help?"})
    # Already connected: refused with the reason, nothing written.
    assert not Introduction.objects.filter(sender=me, note="Help?").exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("staff", 200), ("moderator", 403), ("me", 403), ("anonymous", 302)],
)
def test_reports_reach_platform_staff_only(peers, role, status):
    message = PeerMessage.objects.get()
    report = services.person_report(
        by=peers["me"], subject=peers["peer"], reason="abuse", message=message
    )
    assert browser(peers[role]).get("/peers/reports/").status_code == status
    resolved = browser(peers[role]).post(
        f"/peers/reports/{report.pk}/resolve/", {"outcome": "upheld", "hide": "1"}
    )
    assert resolved.status_code == {200: 302}.get(status, status)
    if role == "staff":
        assert "Reports about people" in browser(peers["staff"]).get("/staff/").content.decode()
        assert PeerMessage.objects.visible_to(peers["me"]).count() == 0


def test_the_api_round_trip(peers):
    me, stranger = api_for(peers["me"]), api_for(peers["stranger"])
    assert me.get("/api/v1/peers/profile/").json()["findable"] is True
    assert me.patch("/api/v1/peers/profile/", {"colour": "red"}, format="json").status_code == 400
    assert me.patch("/api/v1/peers/profile/", {"goals": [999999]}, format="json").json()[
        "fields"
    ] == {"goals": ["Choose among your own goals."]}
    suggestions = me.get("/api/v1/peers/suggestions/").json()
    assert suggestions == []  # the one suggestion became a connection
    asked = stranger.post(
        "/api/v1/peers/introductions/", {"recipient": peers["me"].pk, "note": "Hi"}, format="json"
    )
    assert asked.status_code == 201
    assert "email" not in str(asked.json())
    listed = me.get("/api/v1/peers/introductions/").json()["results"]
    assert [row["sender"]["name"] for row in listed] == ["Stan Stranger"]
    bad = me.post(
        "/api/v1/peers/connections/{}/messages/".format(peers["connection"].pk), {}, format="json"
    )
    assert bad.status_code == 400 and "body" in bad.json()["fields"]
    report = me.post(
        "/api/v1/peers/reports/", {"person": peers["peer"].pk, "reason": "nope"}, format="json"
    )
    assert report.status_code == 400 and "reason" in report.json()["fields"]


@pytest.mark.parametrize("size", [2, 12])
def test_list_budgets_do_not_grow_with_the_lists(peers, size):
    me = peers["me"]
    for index in range(size):
        someone = person(f"Sender {index}")
        findable(someone)
        connection = services.introduction_accept(
            introduction=services.introduction_request(by=someone, recipient=me), by=me
        )
        services.message_post(connection=connection, by=someone, body=f"Message {index}")
        PeerSuggestion.objects.create(
            person=me,
            peer=someone,
            goal=peers["goal"],
            peer_goal=peers["goal"],
            week=date(2026, 6, 8),
        )
    client, api = browser(me), api_for(me)
    with assert_max_queries(16):
        assert client.get("/peers/").status_code == 200
    with assert_max_queries(9):
        assert client.get(f"/peers/connections/{peers['connection'].pk}/").status_code == 200
    for path, budget in [
        ("/api/v1/peers/suggestions/", 4),
        ("/api/v1/peers/introductions/?box=out", 4),
        ("/api/v1/peers/connections/", 4),
        (f"/api/v1/peers/connections/{peers['connection'].pk}/messages/", 5),
        ("/api/v1/peers/blocks/", 4),
    ]:
        with assert_max_queries(budget):
            assert api.get(path).status_code == 200, path
