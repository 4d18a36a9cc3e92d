"""The bell's unread count is kept under the person's notifications version
(ecosystem/notifications/unread.py): a page reads it from the database only after a write
of their notifications, and shows every write on the very next page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecosystem.accounts.models import User
from ecosystem.notifications import services
from ecosystem.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def bell(client) -> tuple[str, list[str]]:
    """The bell's words on the dashboard, and the queries the page made."""
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("dashboard")).content.decode()
    count = re.search(r'<span class="bell-count">([^<]+)</span>', html).group(1)
    return count, [query["sql"] for query in queries.captured_queries]


def notify(person, number):
    services.notify(
        recipients=[person], kind=Kind.MENTION, title=f"Note {number}", dedupe_key=f"kept:{number}"
    )


def counted(queries) -> bool:
    return any('FROM "notifications_notification"' in sql for sql in queries)


def test_each_write_shows_on_the_next_page_and_nothing_is_counted_in_between(signed_in, customer):
    assert bell(signed_in)[0] == "0 unread"
    words, queries = bell(signed_in)
    assert words == "0 unread" and not counted(queries)

    notify(customer, 1)
    notify(customer, 2)
    words, queries = bell(signed_in)
    assert words == "2 unread" and counted(queries)
    assert not counted(bell(signed_in)[1])

    first = Notification.objects.filter(recipient=customer).earliest("id")
    services.notification_mark_read(notification=first, by=customer)
    assert bell(signed_in)[0] == "1 unread"
    services.notification_mark_all_read(by=customer)
    assert bell(signed_in)[0] == "0 unread"


def test_someone_else_s_notifications_leave_my_count_alone(signed_in, customer, other_customer):
    bell(signed_in)
    notify(other_customer, 1)
    words, queries = bell(signed_in)
    assert words == "0 unread" and not counted(queries)


def test_a_whole_row_save_of_a_stale_copy_does_not_take_the_version_back(signed_in, customer):
    stale = User.objects.get(pk=customer.pk)
    bell(signed_in)
    notify(customer, 1)
    stale.display_name = "Casey Grower"
    stale.save()  # as a form or the admin saves the person read before the notification
    fresh = User.objects.get(pk=customer.pk)
    assert fresh.display_name == "Casey Grower"
    assert fresh.notifications_version > stale.notifications_version
    assert bell(signed_in)[0] == "1 unread"
