"""Download my data: a zip of JSON and CSV, built once by a task, behind an expiring
link that opens for its owner alone."""

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from ecosystem.accounts import tasks
from ecosystem.accounts.data_export import export_path
from ecosystem.accounts.models import DataExport
from ecosystem.notifications.models import Kind, Notification
from tests.conftest import assert_max_queries

pytestmark = pytest.mark.django_db


def _ask_for_my_data(client, person) -> Notification:
    """Ask from the page; the task runs in process once the request's transaction commits."""
    client.force_login(person)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("accounts:data-export"), follow=True)
    assert "You will be notified with a download link" in response.content.decode()
    return Notification.objects.get(recipient=person, kind=Kind.DATA_EXPORT_READY)


def _zip_of(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_download_my_data_gives_json_and_csv_of_everything_that_is_mine(client, world):
    person = world["person"]
    notice = _ask_for_my_data(client, person)

    archive = _zip_of(client.get(notice.link))

    names = set(archive.namelist())
    for table in (
        "account",
        "goals",
        "milestones",
        "dependencies",
        "tasks",
        "stakeholders_of_my_goals",
        "threads",
        "posts",
        "ideas",
        "notifications",
        "notification_preferences",
        "peer_profile",
        "needs_answers",
        "idea_votes",
        "leaving_reasons",
    ):
        assert {f"json/{table}.json", f"csv/{table}.csv"} <= names, table

    def rows(table):
        return json.loads(archive.read(f"json/{table}.json"))

    assert rows("account")[0]["email"] == "aroha@example.org"
    assert [goal["title"] for goal in rows("goals")] == ["Gala apples 2031"]
    assert {m["title"] for m in rows("milestones")} == {"Prune the rows", "Pick the Gala"}
    assert len(rows("dependencies")) == 1
    assert [task["title"] for task in rows("tasks")] == ["Sharpen the loppers"]
    assert [s["email"] for s in rows("stakeholders_of_my_goals")] == ["ana@example.org"]
    assert [post["body"] for post in rows("posts")] == ["Asking for my orchard in Hawke's Bay."]
    assert [idea["title"] for idea in rows("ideas")] == ["A frost alert on the dashboard"]
    assert "Prune is done" in [n["title"] for n in rows("notifications")]
    goals_csv = list(csv.DictReader(io.StringIO(archive.read("csv/goals.csv").decode())))
    assert goals_csv[0]["title"] == "Gala apples 2031"

    everything = b"".join(archive.read(name) for name in names).decode()
    assert "Tama's secret plan" not in everything  # another person's goal
    assert "Right after fruit set." not in archive.read("json/posts.json").decode()


def test_the_adviser_finds_the_invitation_they_hold_and_their_advice(client, world):
    notice = _ask_for_my_data(client, world["adviser"])

    archive = _zip_of(client.get(notice.link))

    held = json.loads(archive.read("json/invitations_i_hold.json"))
    assert [row["goal__title"] for row in held] == ["Gala apples 2031"]
    advice = json.loads(archive.read("json/advice.json"))
    assert [row["body"] for row in advice] == ["Prune before the sap rises."]


def test_my_flags_helpful_marks_addresses_and_webhook_endpoints_are_in_it_without_secrets(
    client, world
):
    from milestones.models import Milestone
    from partners.models import ResourceUse
    from partners.services import organization_create, resource_create, resource_publish
    from voice.moderation.services import idea_flag
    from voice.services.ideas import idea_post
    from webhooks.models import WebhookEndpoint

    person, other = world["person"], world["other"]
    flagged = idea_post(by=other, title="Buy my apples cheap")
    idea_flag(by=person, reason="spam", note="An advert.", idea=flagged)
    orchard = organization_create(by=person, name="Aroha's Orchard Co", kind="supplier")
    guide = resource_create(by=person, organization=orchard, kind="guide", title="Thinning guide")
    resource_publish(resource=guide, by=person)
    prune = Milestone.objects.get(goal=world["goal"], title="Prune the rows")
    ResourceUse.objects.create(resource=guide, milestone=prune, user=person)
    WebhookEndpoint.objects.create(
        organization=orchard,
        url="https://hooks.example.org/in",
        events=["resource.used"],
        secret="whsec-never-in-an-export",
        created_by=person,
    )
    notice = _ask_for_my_data(client, person)

    archive = _zip_of(client.get(notice.link))

    def rows(table):
        return json.loads(archive.read(f"json/{table}.json"))

    assert [(f["idea_id"], f["reason"], f["note"]) for f in rows("idea_flags_made")] == [
        (flagged.pk, "spam", "An advert.")
    ]
    assert [
        (u["resource__title"], u["milestone__title"]) for u in rows("resources_marked_helpful")
    ] == [("Thinning guide", "Prune the rows")]
    assert [e["url"] for e in rows("webhook_endpoints_created")] == ["https://hooks.example.org/in"]
    assert [a["email"] for a in rows("email_addresses")] == ["aroha@example.org"]
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert "whsec-never-in-an-export" not in everything


def test_the_zip_is_kept_privately_outside_static_files(client, world):
    _ask_for_my_data(client, world["person"])

    path = export_path(DataExport.objects.get(user=world["person"]))

    assert path.is_file()
    assert path.is_relative_to(settings.DATA_EXPORT_DIR)
    assert not path.is_relative_to(settings.STATIC_ROOT)


def test_the_link_opens_for_its_owner_only(client, world):
    link = _ask_for_my_data(client, world["person"]).link

    client.force_login(world["other"])
    assert client.get(link).status_code == 404
    client.logout()
    assert client.get(link).status_code == 302  # to sign in
    client.force_login(world["person"])
    assert client.get(link.replace("/download/", "/download/x")).status_code == 404
    assert client.get(link).status_code == 200


def test_an_expired_link_says_so_and_offers_a_new_one(client, world):
    link = _ask_for_my_data(client, world["person"]).link

    later = timezone.now() + timedelta(days=settings.DATA_EXPORT_LINK_DAYS, hours=1)
    with time_machine.travel(later):
        response = client.get(link, follow=True)

    assert "This download link has expired" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("accounts:data")


def test_the_build_task_run_twice_builds_one_zip_and_tells_once(world):
    export = DataExport.objects.create(user=world["person"])

    first = tasks.build_data_export(export_id=export.pk)
    second = tasks.build_data_export(export_id=export.pk)

    assert (first, second) == (True, False)
    files = list((export_path(DataExport.objects.get(pk=export.pk))).parent.iterdir())
    assert len(files) == 1
    assert Notification.objects.filter(kind=Kind.DATA_EXPORT_READY).count() == 1


def test_asking_twice_while_it_is_built_builds_one(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["person"])

    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        client.post(reverse("accounts:data-export"))
        client.post(reverse("accounts:data-export"))

    assert DataExport.objects.filter(user=world["person"]).count() == 1
    assert len(enqueued) == 1


def test_the_your_data_page_lists_ready_exports_with_their_link(client, world):
    link = _ask_for_my_data(client, world["person"]).link

    page = client.get(reverse("accounts:data")).content.decode()

    assert link in page
    assert reverse("accounts:delete") in page
    assert reverse("accounts:data") in client.get(reverse("accounts:profile")).content.decode()


def test_expired_exports_are_purged_files_first_and_twice_changes_nothing(client, world):
    _ask_for_my_data(client, world["person"])
    path = export_path(DataExport.objects.get(user=world["person"]))

    later = timezone.now() + timedelta(days=settings.DATA_EXPORT_LINK_DAYS, hours=1)
    with time_machine.travel(later):
        first = tasks.sweep_data_exports()
        second = tasks.sweep_data_exports()

    assert (first, second) == ({"built": 0, "purged": 1}, {"built": 0, "purged": 0})
    assert not path.exists()
    assert not DataExport.objects.exists()


def test_an_export_whose_task_was_never_delivered_is_built_by_the_sweep(world):
    export = DataExport.objects.create(user=world["person"])  # asked; its task was lost
    out = io.StringIO()

    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        call_command("sweep_data_exports", stdout=out)
        call_command("sweep_data_exports", stdout=out)

    assert out.getvalue().splitlines() == [
        "Built 1 waiting and removed 0 expired data export(s).",
        "Built 0 waiting and removed 0 expired data export(s).",
    ]
    assert export_path(DataExport.objects.get(pk=export.pk)).is_file()
    assert Notification.objects.filter(kind=Kind.DATA_EXPORT_READY).count() == 1


def test_with_the_broker_unreachable_asking_still_answers_and_the_export_waits(
    client, world, caplog
):
    from ecosystem.celery import app

    client.force_login(world["person"])
    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, "redis://127.0.0.1:1/0"
    app._pool = None
    app.amqp._producer_pool = None
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(reverse("accounts:data-export"), follow=True)
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        app._pool = None
        app.amqp._producer_pool = None

    assert response.status_code == 200
    assert "Could not enqueue accounts.build_data_export" in caplog.text
    export = DataExport.objects.get(user=world["person"])
    assert export.finished_at is None  # waits for the sweep


@pytest.mark.parametrize("exports", [1, 5])
def test_the_your_data_page_keeps_its_query_budget_whatever_the_exports(client, world, exports):
    for _ in range(exports):
        DataExport.objects.create(user=world["person"], finished_at=timezone.now(), file_name="x")
    client.force_login(world["person"])
    client.get(reverse("accounts:data"))  # warm: the session and the person's settings

    with assert_max_queries(8):
        page = client.get(reverse("accounts:data")).content.decode()

    assert page.count("/accounts/data/download/") == exports
