"""Peers further along: opt-in, the weekly sweep, introductions, blocks, reports, the
conversation and sharing a goal, through the actions a person takes."""

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from community.models import Connection, Introduction, PeerMessage, PeerReport, PeerSuggestion
from community.peers import services
from community.peers.selectors import suggestions_for
from community.peers.sweep import suggest_peers
from community.tasks import suggest_peers as suggest_peers_task
from ecosystem.notifications.models import Notification
from stakeholders.models import Stakeholder
from tests.community.peers_world import findable, on_journey, orchard, person
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 6, 8)


@pytest.fixture
def journey():
    """Newbie starts Orchard season; Ahead is 4 steps in; Finished did it last season in
    the same region; Hidden is ahead but never opted in."""
    bay = RegionFactory(name="Hawke's Bay")
    playbook = orchard()
    newbie, ahead, finished, hidden = (
        person("Newbie", region=bay),
        person("Ahead"),
        person("Finished", region=bay),
        person("Hidden"),
    )
    goals = {
        "newbie": on_journey(newbie, playbook, done=1),
        "ahead": on_journey(ahead, playbook, done=4),
        "finished": on_journey(finished, playbook, target=date(2025, 3, 1), done=6, achieved=True),
        "hidden": on_journey(hidden, playbook, done=5),
    }
    for someone in (newbie, ahead, finished):
        findable(someone)
    return {
        "newbie": newbie,
        "ahead": ahead,
        "finished": finished,
        "hidden": hidden,
        "playbook": playbook,
        "goals": goals,
    }


def peers_of(user):
    return [card.peer for card in suggestions_for(user, today=MONDAY)]


def test_the_sweep_suggests_peers_further_along_who_opted_in_and_says_why(journey):
    suggest_peers(today=MONDAY)
    newbie = journey["newbie"]
    assert peers_of(newbie) == [journey["finished"], journey["ahead"]]
    first = suggestions_for(newbie, today=MONDAY)[0]
    assert first.reason == "Finished Orchard season last year, Hawke's Bay, speaks English"
    assert first.name == "Finished"
    assert not PeerSuggestion.objects.filter(peer=journey["hidden"]).exists()
    assert not PeerSuggestion.objects.filter(person=journey["hidden"]).exists()
    # Finished is further along than everyone: nobody to suggest to them.
    assert peers_of(journey["finished"]) == []


def test_running_the_sweep_twice_in_a_week_writes_one_set(journey):
    first = suggest_peers(today=MONDAY)
    second = suggest_peers(today=date(2026, 6, 11))
    assert first.written == 3  # newbie: finished, ahead; ahead: finished
    assert second.written == 0
    assert PeerSuggestion.objects.count() == 3
    told = Notification.objects.filter(kind="peers_suggested")
    assert sorted(told.values_list("recipient__display_name", flat=True)) == ["Ahead", "Newbie"]


def test_the_task_and_the_command_run_the_same_sweep(journey, time_machine):
    time_machine.move_to("2026-06-09T05:00:00Z", tick=False)
    assert suggest_peers_task.delay().get() == 3
    assert suggest_peers_task.delay().get() == 0
    out = StringIO()
    call_command("suggest_peers", stdout=out)
    assert "0 suggestion(s)" in out.getvalue()
    assert PeerSuggestion.objects.count() == 3


def test_suggested_in_the_last_eight_weeks_means_not_again(journey):
    suggest_peers(today=MONDAY)
    assert suggest_peers(today=date(2026, 7, 27)).written == 0  # seven weeks later
    assert suggest_peers(today=date(2026, 8, 10)).written == 3  # nine weeks later


def test_paused_or_opted_out_people_are_neither_suggested_nor_suggested_to(journey):
    services.peer_profile_update(by=journey["finished"], paused=True)
    services.peer_profile_update(by=journey["newbie"], findable=False)
    suggest_peers(today=MONDAY)
    assert list(PeerSuggestion.objects.values_list("person", "peer")) == []


def test_a_per_goal_opt_in_shares_only_the_goals_chosen(journey):
    other = on_journey(journey["finished"], orchard(title="Cider"), target=date(2030, 1, 1))
    services.peer_profile_update(by=journey["finished"], all_goals=False, goals=[other])
    suggest_peers(today=MONDAY)
    assert peers_of(journey["newbie"]) == [journey["ahead"]]
    with pytest.raises(ValidationError) as refused:
        services.peer_profile_update(by=journey["ahead"], goals=[journey["goals"]["newbie"]])
    assert "goals" in refused.value.message_dict


def test_a_blocked_person_is_never_suggested_again_either_way(journey):
    services.person_block(by=journey["finished"], subject=journey["newbie"])
    suggest_peers(today=MONDAY)
    suggest_peers(today=date(2026, 9, 7))
    assert not PeerSuggestion.objects.filter(
        person__in=[journey["newbie"], journey["finished"]],
        peer__in=[journey["newbie"], journey["finished"]],
    ).exists()
    with pytest.raises(ValidationError):
        services.introduction_request(by=journey["newbie"], recipient=journey["finished"])


def test_a_suggestion_already_made_goes_once_blocked_or_connected_and_marks_a_request(journey):
    suggest_peers(today=MONDAY)
    newbie, ahead, finished = journey["newbie"], journey["ahead"], journey["finished"]
    assert peers_of(newbie) == [finished, ahead]
    services.introduction_request(by=newbie, recipient=ahead)
    cards = {card.peer: card.requested for card in suggestions_for(newbie, today=MONDAY)}
    assert cards == {finished: False, ahead: True}
    services.person_block(by=finished, subject=newbie)  # the one suggested blocks
    assert peers_of(newbie) == [ahead]
    services.introduction_accept(
        introduction=Introduction.objects.get(sender=newbie, recipient=ahead), by=ahead
    )
    assert peers_of(newbie) == []


def test_mentors_come_first_for_newcomers_within_their_capacity(journey):
    services.mentor_offer_set(
        by=journey["finished"], playbook=journey["playbook"], monthly_capacity=1
    )
    second_newbie = person("Second newbie")
    on_journey(second_newbie, journey["playbook"], done=0)
    findable(second_newbie)
    suggest_peers(today=MONDAY)
    mentored = PeerSuggestion.objects.filter(peer=journey["finished"])
    assert mentored.count() == 1  # capacity one a month
    assert suggestions_for(journey["newbie"], today=MONDAY)[0].reason.startswith(
        "Finished Orchard season last year, mentors newcomers"
    )
    with pytest.raises(ValidationError):
        services.mentor_offer_set(
            by=journey["ahead"], playbook=journey["playbook"], monthly_capacity=2
        )


def test_introduction_accept_connects_and_opens_a_private_conversation(journey):
    newbie, finished = journey["newbie"], journey["finished"]
    intro = services.introduction_request(by=newbie, recipient=finished, note="Hi! Thinning?")
    with pytest.raises(PermissionDenied):
        services.introduction_accept(introduction=intro, by=newbie)
    connection = services.introduction_accept(introduction=intro, by=finished)
    told = Notification.objects.filter(kind__in=["peer_introduction", "peer_connected"])
    assert sorted(told.values_list("kind", "recipient__display_name")) == [
        ("peer_connected", "Newbie"),
        ("peer_introduction", "Finished"),
    ]
    with pytest.raises(ValidationError) as script:
        services.message_post(connection=connection, by=newbie, body="Hi <script>x</script>")
    assert "body" in script.value.message_dict
    message = services.message_post(connection=connection, by=newbie, body="**Thanks**")
    assert "<strong>Thanks</strong>" in message.body_html
    assert list(PeerMessage.objects.visible_to(finished)) == [message]
    assert list(PeerMessage.objects.visible_to(journey["ahead"])) == []
    with pytest.raises(PermissionDenied):
        services.message_post(connection=connection, by=journey["ahead"], body="Me too")
    with pytest.raises(ValidationError) as empty:
        services.message_post(connection=connection, by=newbie, body="  ")
    assert "body" in empty.value.message_dict


def test_a_decline_shows_no_reason_and_the_pair_is_not_suggested_again(journey):
    intro = services.introduction_request(by=journey["newbie"], recipient=journey["finished"])
    services.introduction_decline(introduction=intro, by=journey["finished"])
    intro.refresh_from_db()
    assert intro.status == Introduction.Status.DECLINED
    assert not Notification.objects.filter(recipient=journey["newbie"]).exists()  # not told
    suggest_peers(today=MONDAY)
    assert peers_of(journey["newbie"]) == [journey["ahead"]]


def test_blocking_ends_the_connection_and_hides_the_conversation(journey):
    newbie, finished = journey["newbie"], journey["finished"]
    connection = services.introduction_accept(
        introduction=services.introduction_request(by=newbie, recipient=finished), by=finished
    )
    services.message_post(connection=connection, by=newbie, body="Hello")
    services.person_block(by=finished, subject=newbie)
    assert not Connection.objects.visible_to(newbie).exists()
    assert not PeerMessage.objects.visible_to(newbie).exists()
    with pytest.raises(PermissionDenied):
        services.message_post(connection=Connection.objects.get(), by=newbie, body="Hello?")


def test_a_report_reaches_staff_who_may_hide_the_message(journey, staff_user):
    newbie, finished = journey["newbie"], journey["finished"]
    connection = services.introduction_accept(
        introduction=services.introduction_request(by=newbie, recipient=finished), by=finished
    )
    rude = services.message_post(connection=connection, by=newbie, body="Buy my stuff")
    report = services.person_report(by=finished, subject=newbie, reason="spam", message=rude)
    assert list(PeerReport.objects.visible_to(staff_user)) == [report]
    assert list(PeerReport.objects.visible_to(newbie)) == []
    assert list(PeerMessage.objects.visible_to(staff_user)) == [rude]
    with pytest.raises(PermissionDenied):
        services.peer_report_resolve(report=report, by=finished, uphold=True, hide=True)
    services.peer_report_resolve(report=report, by=staff_user, uphold=True, hide=True)
    assert list(PeerMessage.objects.visible_to(finished)) == []
    assert list(PeerMessage.objects.visible_to(newbie)) == [rude]  # its author still sees it


def test_sharing_a_goal_invites_the_peer_as_a_view_stakeholder(journey):
    newbie, finished = journey["newbie"], journey["finished"]
    connection = services.introduction_accept(
        introduction=services.introduction_request(by=newbie, recipient=finished), by=finished
    )
    row = services.goal_share_with_peer(
        connection=connection, by=newbie, goal=journey["goals"]["newbie"]
    )
    assert (row.email, row.access, row.role, row.status) == (
        finished.email,
        Stakeholder.Access.VIEW,
        Stakeholder.Role.PEER,
        Stakeholder.Status.INVITED,
    )
    with pytest.raises(ValidationError) as refused:
        services.goal_share_with_peer(
            connection=connection, by=newbie, goal=journey["goals"]["ahead"]
        )
    assert "goal" in refused.value.message_dict
