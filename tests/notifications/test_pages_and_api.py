"""The bell, the centre, the settings page and the API: each person sees only their own."""

import re
from datetime import UTC, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ecosystem.notifications import services
from ecosystem.notifications.models import Kind, Notification, NotificationPreference
from tests.conftest import api_for
from tests.factories import GoalFactory

pytestmark = pytest.mark.django_db


def given(person, count=1, *, kind=Kind.MENTION, target=None, start=0):
    for index in range(start, start + count):
        services.notify(
            recipients=[person],
            kind=kind,
            title=f"Note {index} for {person.name}",
            body="Body text",
            link=f"/somewhere/{index}/",
            dedupe_key=f"{kind}:{index}",
            target=target,
        )
    return list(Notification.objects.filter(recipient=person).order_by("id"))


def titles(html: str) -> list[str]:
    return re.findall(r'<p class="notification-title">.*?(Note \d+ for [^<]+)<', html, re.S)


# --- Pages ------------------------------------------------------------------------------


def test_the_bell_shows_my_unread_count_on_every_page(client, customer, other_customer):
    given(customer, 2)
    given(other_customer, 5)
    client.force_login(customer)

    html = client.get(reverse("dashboard")).content.decode()

    bell = re.search(r'<a href="/notifications/"[^>]*id="notification-bell".*?</a>', html, re.S)
    assert bell and "2 unread" in bell.group(0)
    assert 'hx-get="/notifications/bell/"' in bell.group(0)
    assert 'hx-trigger="every 60s"' in bell.group(0)
    assert "<script>" not in bell.group(0) and "style=" not in bell.group(0)


def test_the_bell_endpoint_answers_the_count_and_nothing_when_signed_out(client, customer):
    given(customer, 3)
    assert client.get(reverse("notifications:bell")).status_code == 204
    client.force_login(customer)
    response = client.get(reverse("notifications:bell"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "3 unread" in response.content.decode()


def test_the_centre_needs_sign_in(client):
    response = client.get(reverse("notifications:centre"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_centre_lists_mine_newest_first_with_filters(client, customer, other_customer):
    given(customer, 2, kind=Kind.MENTION)
    given(customer, 1, kind=Kind.THREAD_REPLY, start=5)
    given(other_customer, 2)
    Notification.objects.filter(recipient=customer, dedupe_key="mention:0").update(
        read_at=timezone.now()
    )
    client.force_login(customer)

    everything = client.get(reverse("notifications:centre")).content.decode()
    assert re.search(r'id="notification-bell"[^>]*\s+aria-current="page"', everything)
    assert titles(everything) == [
        "Note 5 for Casey Customer",
        "Note 1 for Casey Customer",
        "Note 0 for Casey Customer",
    ]
    assert "Olly" not in everything

    mentions = client.get(reverse("notifications:centre"), {"kind": "mention"}).content.decode()
    assert titles(mentions) == ["Note 1 for Casey Customer", "Note 0 for Casey Customer"]

    unread = client.get(reverse("notifications:centre"), {"unread": "on"}).content.decode()
    assert titles(unread) == ["Note 5 for Casey Customer", "Note 1 for Casey Customer"]

    # An unknown filter value is ignored rather than an error.
    assert client.get(reverse("notifications:centre"), {"kind": "x"}).status_code == 200


def test_the_centre_paginates(client, customer):
    given(customer, 30)
    client.force_login(customer)
    first = client.get(reverse("notifications:centre")).content.decode()
    second = client.get(reverse("notifications:centre"), {"page": 2}).content.decode()
    assert len(titles(first)) == 25 and len(titles(second)) == 5
    assert "Page 1 of 2" in first


def test_mark_read_and_mark_all_read_work_without_javascript(client, customer):
    first, _second, _third = given(customer, 3)
    client.force_login(customer)

    response = client.post(
        reverse("notifications:mark-read", args=[first.pk]), {"next": "/notifications/?page=1"}
    )
    assert response.status_code == 302 and response.url == "/notifications/?page=1"
    first.refresh_from_db()
    assert first.read_at is not None

    response = client.post(reverse("notifications:mark-all-read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=customer, read_at__isnull=True).exists()


def test_mark_read_with_htmx_answers_the_item_and_the_bell(client, customer):
    first, _second = given(customer, 2)
    client.force_login(customer)
    response = client.post(
        reverse("notifications:mark-read", args=[first.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert f'id="notification-{first.pk}"' in html
    assert 'hx-swap-oob="true"' in html and "1 unread" in html


def test_mark_read_on_someone_elses_notification_answers_404(client, customer, other_customer):
    (theirs,) = given(other_customer)
    client.force_login(customer)
    assert client.post(reverse("notifications:mark-read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_of_one_kind_leaves_the_others(client, customer):
    given(customer, 2, kind=Kind.MENTION)
    given(customer, 1, kind=Kind.THREAD_REPLY)
    client.force_login(customer)
    client.post(reverse("notifications:mark-all-read"), {"kind": "mention"})
    unread = Notification.objects.filter(recipient=customer, read_at__isnull=True)
    assert list(unread.values_list("kind", flat=True)) == ["thread_reply"]


def test_a_notification_about_what_i_can_no_longer_see_keeps_no_text(client, customer):
    goal = GoalFactory(owner=customer, title="Secret plan")
    given(customer, 1, target=goal)
    goal.deleted_at = timezone.now()
    goal.save()
    client.force_login(customer)

    html = client.get(reverse("notifications:centre")).content.decode()
    assert "Something you no longer have access to" in html
    assert "Note 0" not in html and "/somewhere/0/" not in html
    body = api_for(customer).get("/api/v1/notifications/").json()
    assert body["results"][0]["available"] is False
    assert body["results"][0]["title"] == "Something you no longer have access to"
    assert body["results"][0]["link"] == ""


def test_the_settings_page_is_linked_from_the_profile_and_saves(client, customer):
    client.force_login(customer)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("notifications:preferences") in profile

    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Account and security emails" in page
    form = {f"channel_{kind.value}": "in_app" for kind in Kind}
    form |= {
        "reminder_time": "07:30",
        "reminder_lead_days": "5",
        "quiet_hours_start": "22:00",
        "quiet_hours_end": "06:30",
        "remind_contributed": "on",
        "channel_milestone_overdue": "digest",
    }
    response = client.post(reverse("notifications:preferences"), form)
    assert response.status_code == 302

    settings = customer.notification_settings
    assert settings.reminder_time == time(7, 30) and settings.reminder_lead_days == 5
    assert settings.quiet_hours_end == time(6, 30) and settings.remind_contributed
    assert (
        NotificationPreference.objects.get(user=customer, kind="milestone_overdue").channel
        == "digest"
    )


def test_the_settings_page_names_the_field_in_error(client, customer):
    client.force_login(customer)
    form = {f"channel_{kind.value}": "in_app" for kind in Kind}
    form |= {"reminder_time": "08:00", "reminder_lead_days": "40", "quiet_hours_start": "22:00"}
    response = client.post(reverse("notifications:preferences"), form)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ensure this value is less than or equal to 14" in html


def test_one_ended_quiet_hours_are_refused_naming_the_missing_end(client, customer):
    client.force_login(customer)
    form = {f"channel_{kind.value}": "in_app" for kind in Kind}
    form |= {"reminder_time": "08:00", "reminder_lead_days": "3", "quiet_hours_start": "22:00"}
    response = client.post(reverse("notifications:preferences"), form)
    assert response.status_code == 400
    assert "Give both ends of the quiet hours, or neither." in response.content.decode()


# --- API --------------------------------------------------------------------------------


def test_the_api_answers_401_to_anonymous_requests(api_client):
    for url in ("/api/v1/notifications/", "/api/v1/notification-preferences/"):
        response = api_client.get(url)
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"


def test_the_api_lists_mine_in_the_envelope_with_filters(customer, other_customer):
    given(customer, 3)
    given(customer, 1, kind=Kind.THREAD_REPLY, start=9)
    given(other_customer, 2)
    Notification.objects.filter(recipient=customer, dedupe_key="mention:0").update(
        read_at=timezone.now()
    )
    api = api_for(customer)

    body = api.get("/api/v1/notifications/?page_size=2").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 4 and len(body["results"]) == 2
    assert body["results"][0]["title"] == "Note 9 for Casey Customer"
    assert set(body["results"][0]) == {
        "id",
        "kind",
        "title",
        "body",
        "link",
        "available",
        "created_at",
        "read_at",
        "is_read",
    }
    assert api.get("/api/v1/notifications/?kind=mention").json()["count"] == 3
    assert api.get("/api/v1/notifications/?unread=true").json()["count"] == 3
    assert api.get("/api/v1/notifications/?unread=true&kind=mention").json()["count"] == 2


def test_an_unknown_kind_filter_answers_400_naming_it(customer):
    response = api_for(customer).get("/api/v1/notifications/?kind=gossip")
    assert response.status_code == 400
    assert "kind" in response.json()["fields"]


def test_someone_elses_notification_answers_404_in_the_api(customer, other_customer):
    (theirs,) = given(other_customer)
    api = api_for(customer)
    assert api.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    assert api.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_staff_do_not_read_other_peoples_notifications(staff_user, customer):
    (mine,) = given(customer)
    api = api_for(staff_user)
    assert api.get(f"/api/v1/notifications/{mine.pk}/").status_code == 404
    assert api.get("/api/v1/notifications/").json()["count"] == 0


def test_mark_read_and_read_all_in_the_api(customer):
    first, _second, _third = given(customer, 3)
    given(customer, 1, kind=Kind.THREAD_REPLY)
    api = api_for(customer)

    response = api.post(f"/api/v1/notifications/{first.pk}/read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    again = api.post(f"/api/v1/notifications/{first.pk}/read/")
    assert again.json()["read_at"] == response.json()["read_at"]

    assert api.post("/api/v1/notifications/read-all/", {"kind": "mention"}).json() == {"marked": 2}
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 1}
    for body, field in (({"kind": "nope"}, "kind"), ({"extra": 1}, "extra")):
        bad = api.post("/api/v1/notifications/read-all/", body)
        assert bad.status_code == 400
        assert set(bad.json()["fields"]) == {field}


def test_preferences_read_and_change_in_the_api(customer):
    api = api_for(customer)
    body = api.get("/api/v1/notification-preferences/").json()
    assert body["reminder_time"] == "08:00" and body["reminder_lead_days"] == 3
    assert body["channels"]["milestone_start_by"] == "email"
    assert body["channels"]["mention"] == "in_app"
    assert body["account_emails"] == "always"

    response = api.patch(
        "/api/v1/notification-preferences/",
        {"reminder_time": "06:45", "channels": {"mention": "digest"}},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["reminder_time"] == "06:45"
    assert response.json()["channels"]["mention"] == "digest"
    assert response.json()["channels"]["milestone_start_by"] == "email"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channels": {"gossip": "email"}}, "channels"),
        ({"channels": {"mention": "pigeon"}}, "channels"),
        ({"reminder_lead_days": 0}, "reminder_lead_days"),
        ({"quiet_hours_start": "22:00"}, "quiet_hours_end"),
        ({"remind_me": True}, "remind_me"),
    ],
)
def test_bad_preferences_answer_400_naming_the_field(customer, change, field):
    response = api_for(customer).patch("/api/v1/notification-preferences/", change, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"]


def test_the_api_is_documented(client):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/notifications/:",
        "/api/v1/notifications/{id}/read/:",
        "/api/v1/notifications/read-all/:",
        "/api/v1/notification-preferences/:",
    ):
        assert path in schema


# --- Query counts -------------------------------------------------------------------------


def test_the_centre_and_the_api_make_the_same_queries_for_3_and_60_notifications(client, customer):
    goal = GoalFactory(owner=customer)
    counts = {"page": [], "api": []}
    for size in (3, 60):
        Notification.objects.all().delete()
        for index in range(size):  # targeted and untargeted, interleaved on every page
            given(customer, 1, target=goal, start=index)
            given(customer, 1, kind=Kind.THREAD_REPLY, start=index)
        client.force_login(customer)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("notifications:centre")).status_code == 200
        counts["page"].append(len(queries))
        api = api_for(customer)
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/api/v1/notifications/").status_code == 200
        counts["api"].append(len(queries))
    assert counts["page"][0] == counts["page"][1], counts
    assert counts["api"][0] == counts["api"][1], counts
    # Session and user, the navigation (roles and the bell's count, one query), count and
    # page, one visibility question per target type.
    assert counts["page"][0] <= 7 and counts["api"][0] <= 4, counts


def test_created_times_show_in_my_time_zone(client, customer):
    customer.time_zone = "Pacific/Auckland"
    customer.save()
    given(customer)
    Notification.objects.update(created_at=datetime(2027, 1, 10, 20, 0, tzinfo=UTC))
    client.force_login(customer)
    html = client.get(reverse("notifications:centre")).content.decode()
    assert "11 Jan 2027, 09:00" in html  # 20:00 UTC is 09:00 the next day in NZDT
