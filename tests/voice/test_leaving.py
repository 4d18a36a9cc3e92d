"""Abandoning a goal asks why (optional reasons and a note), once, to its owner only."""

import pytest

from goals.models import Goal
from goals.services import goal_create, goal_update
from tests.conftest import client_for
from tests.voice.helpers import TARGET
from voice.models import Leaving

pytestmark = pytest.mark.django_db


def test_abandoning_asks_why_once_and_skipping_is_fine(customer, other_customer):
    goal = goal_create(by=customer, title="Certificate", target_date=TARGET)
    client = client_for(customer)
    assert client.post(f"/goals/{goal.pk}/edit/", {}).status_code in (200, 400)  # form exists
    goal_update(goal=goal, by=customer, status=Goal.Status.ABANDONED)
    goal_update(goal=goal, by=customer, status=Goal.Status.ACTIVE)
    goal_update(goal=goal, by=customer, status=Goal.Status.ABANDONED)
    assert Leaving.objects.filter(goal=goal).count() == 1
    assert "Why did you stop this goal?" in client.get(goal.get_absolute_url()).content.decode()
    assert (
        client_for(other_customer).post(f"/goals/{goal.pk}/leaving/", {"skip": "1"}).status_code
        == 404
    )
    bad = client.post(f"/goals/{goal.pk}/leaving/", {"reasons": ["nope"]}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400
    ok = client.post(f"/goals/{goal.pk}/leaving/", {"reasons": ["no_time", "cost"], "note": "busy"})
    assert ok.status_code == 302
    leaving = Leaving.objects.get(goal=goal)
    assert leaving.reasons == ["cost", "no_time"] and leaving.note == "busy"
    assert "Why did you stop this goal?" not in client.get(goal.get_absolute_url()).content.decode()


def test_skip(customer):
    goal = goal_create(by=customer, title="Certificate", target_date=TARGET)
    goal_update(goal=goal, by=customer, status=Goal.Status.ABANDONED)
    assert client_for(customer).post(f"/goals/{goal.pk}/leaving/", {"skip": "1"}).status_code == 302
    assert Leaving.objects.get(goal=goal).skipped_at is not None
