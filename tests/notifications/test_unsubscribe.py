"""One-click unsubscribe (RFC 8058) from the link in a real rendered email, with no session."""

import re

import pytest
from django.core import mail
from django.test import Client

from ecosystem.notifications import services, tasks
from ecosystem.notifications.models import Kind, Notification, NotificationPreference
from ecosystem.notifications.tokens import unsubscribe_token

pytestmark = pytest.mark.django_db


def emailed(person, *, key="k1", kind=Kind.MILESTONE_OVERDUE):
    services.notify(
        recipients=[person],
        kind=kind,
        title="“Order fertiliser” is overdue",
        body="It was due to finish by 3 March.",
        link="/goals/1/",
        dedupe_key=key,
    )
    tasks.deliver_emails()
    return mail.outbox[-1]


def header_link(message) -> str:
    value = message.extra_headers["List-Unsubscribe"]
    assert value.startswith("<") and value.endswith(">")
    return value[1:-1].removeprefix("http://127.0.0.1:8000")


def channel(person, kind) -> str | None:
    found = NotificationPreference.objects.filter(user=person, kind=kind).first()
    return found.channel if found else None


def test_a_mail_clients_one_click_post_from_the_header_stops_that_kind_at_once(customer):
    message = emailed(customer)
    # Parse what was really sent, as a mail client would.
    parsed = message.message()
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = header_link(message)

    anonymous = Client(enforce_csrf_checks=True)  # no session, no CSRF token
    response = anonymous.post(
        link,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert channel(customer, Kind.MILESTONE_OVERDUE) == "in_app"
    emailed(customer, key="k2")
    assert len(mail.outbox) == 1  # the second overdue reminder is in the app, not emailed
    assert Notification.objects.filter(recipient=customer).count() == 2
    # Other kinds still come by email.
    emailed(customer, key="k3", kind=Kind.MILESTONE_START_BY)
    assert len(mail.outbox) == 2


def test_the_link_in_the_html_part_asks_first_and_the_button_stops_it(customer):
    message = emailed(customer)
    html = message.alternatives[0][0]
    link = re.search(r'href="http://127\.0\.0\.1:8000(/notifications/unsubscribe/[^"]+)"', html)
    anonymous = Client(enforce_csrf_checks=True)

    page = anonymous.get(link.group(1))
    assert page.status_code == 200
    assert "Stop these emails?" in page.content.decode()
    assert customer.email in page.content.decode()
    assert channel(customer, Kind.MILESTONE_OVERDUE) is None  # a GET changes nothing

    assert anonymous.post(link.group(1)).status_code == 200
    assert channel(customer, Kind.MILESTONE_OVERDUE) == "in_app"


def test_the_text_part_carries_the_same_link(customer):
    message = emailed(customer)
    assert "http://127.0.0.1:8000" + header_link(message) in message.body


def test_unsubscribing_twice_changes_nothing_more(customer):
    link = header_link(emailed(customer))
    assert Client().post(link).status_code == 200
    assert Client().post(link).status_code == 200
    assert channel(customer, Kind.MILESTONE_OVERDUE) == "in_app"


def test_an_off_kind_stays_off_after_unsubscribing(customer):
    link = header_link(emailed(customer))
    NotificationPreference.objects.filter(user=customer).update(channel="off")
    NotificationPreference.objects.update_or_create(
        user=customer, kind=Kind.MILESTONE_OVERDUE, defaults={"channel": "off"}
    )
    Client().post(link)
    assert channel(customer, Kind.MILESTONE_OVERDUE) == "off"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda link: link[:-3] + "xx/",  # tampered signature
        lambda link: link.replace("/milestone_overdue/", "/mention/"),  # another kind's salt
        lambda link: link.replace("/milestone_overdue/", "/no_such_kind/"),
        lambda link: "/notifications/unsubscribe/milestone_overdue/not-a-token/",
    ],
)
def test_a_bad_or_tampered_link_gets_a_clear_page_and_changes_nothing(customer, mangle):
    link = mangle(header_link(emailed(customer)))
    for method in ("get", "post"):
        response = getattr(Client(), method)(link)
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
    assert channel(customer, Kind.MILESTONE_OVERDUE) is None


def test_a_token_for_someone_else_cannot_be_forged_from_mine(customer, other_customer):
    mine = unsubscribe_token(user_id=customer.pk, kind=Kind.MENTION)
    _payload, _, signature = mine.partition(":")
    forged = unsubscribe_token(user_id=other_customer.pk, kind=Kind.MENTION).split(":")[0]
    response = Client().post(f"/notifications/unsubscribe/mention/{forged}:{signature}/")
    assert response.status_code == 400


def test_the_digest_link_moves_every_digest_kind_to_the_app(customer):
    for kind in (Kind.MENTION, Kind.THREAD_REPLY):
        NotificationPreference.objects.create(user=customer, kind=kind, channel="digest")
    token = unsubscribe_token(user_id=customer.pk, kind="digest")
    services.notify(
        recipients=[customer], kind=Kind.MENTION, title="Waiting for the digest", dedupe_key="m"
    )

    assert Client().post(f"/notifications/unsubscribe/digest/{token}/").status_code == 200

    assert channel(customer, Kind.MENTION) == "in_app"
    assert channel(customer, Kind.THREAD_REPLY) == "in_app"
    assert not Notification.objects.filter(delivery="digest").exists()
    assert tasks.send_digests() == 0
