"""Query budgets for the notification settings and the one-click unsubscribe page: the
same number of queries for a person with few and with many notifications and channels.

Budgets are the counts measured when the page was last changed; raise one only on
purpose."""

import pytest
from django.test import Client

from ecosystem.notifications.models import Kind
from ecosystem.notifications.services import notify
from ecosystem.notifications.tokens import unsubscribe_token
from tests.factories import UserFactory
from tests.query_counts import assert_flat

pytestmark = pytest.mark.django_db


def grower(person):
    grown = {"n": 0}

    def grow(count):
        for _ in range(count):
            number = grown["n"] = grown["n"] + 1
            notify(
                recipients=[person],
                kind=Kind.MILESTONE_DONE,
                title=f"Step {number} is done",
                dedupe_key=f"test:done:{number}",
            )

    return grow


def test_the_notification_settings_are_flat_in_notifications(customer):
    client = Client()
    client.force_login(customer)
    # The settings list every kind and channel, whatever has been sent.
    grow = grower(customer)
    assert_flat(client, "/notifications/preferences/", grow, budget=5, shows_more=False)


def test_the_unsubscribe_page_is_flat_in_notifications(db):
    person = UserFactory()
    token = unsubscribe_token(user_id=person.pk, kind="thread_reply")
    url = f"/notifications/unsubscribe/thread_reply/{token}/"
    assert_flat(Client(), url, grower(person), budget=1, shows_more=False)
