"""Every moderation act writes the moderation log and the audit row, whichever way it is
taken: the thread page, the API, the moderation queue or the admin. What a moderator
reads on the moderation log page is what happened.

Regression (issue 19): locking a thread from its page wrote no moderation log entry,
while locking it from the queue did.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from community.models import Flag, ModerationAction, Post
from community.moderation import content_hide, flag_create, thread_lock, thread_pin
from ecosystem.audit.models import AuditEvent
from tests.community.test_moderation import build_world

pytestmark = pytest.mark.django_db

Action = ModerationAction.Action
LOG = reverse("community:moderation-log")


@pytest.fixture
def world():
    world = build_world()
    ModerationAction.objects.all().delete()  # the suspension the world starts with
    return world


def page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def log_rows(client, query: str = "") -> list[str]:
    """The rows of the moderation log page, as text without tags, newest first."""
    html = client.get(f"{LOG}{query}").content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    rows = re.findall(r"<tr.*?</tr>", body, flags=re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def audited(verb: str, target) -> int:
    return AuditEvent.objects.filter(verb=verb, target_id=str(target.pk)).count()


# --- The thread page ----------------------------------------------------------------------


def test_locking_a_thread_from_its_page_shows_in_the_moderation_log(world):
    moderator = page_client(world["moderator"])
    thread_url = reverse("community:thread-edit", args=[world.thread.pk])

    moderator.post(thread_url, {"locked": "1"})

    world.thread.refresh_from_db()
    assert world.thread.locked
    [row] = log_rows(moderator)
    assert "Moana Moderator" in row and "Lock the thread" in row
    assert "the thread “When to thin?”" in row
    assert audited("moderation.lock", world.thread) == 1


def test_pinning_unpinning_and_unlocking_from_the_page_are_logged_in_order(world):
    moderator = page_client(world["moderator"])
    thread_url = reverse("community:thread-edit", args=[world.thread.pk])

    for change in ({"pinned": "1"}, {"locked": "1"}, {"locked": "0"}, {"pinned": "0"}):
        moderator.post(thread_url, change)

    rows = log_rows(moderator)
    actions = ["Unpin the thread", "Unlock the thread", "Lock the thread", "Pin the thread"]
    assert [next(a for a in actions if a in row) for row in rows] == actions
    for verb in ("pin", "lock", "unlock", "unpin"):
        assert audited(f"moderation.{verb}", world.thread) == 1


def test_asking_for_the_state_a_thread_already_has_logs_nothing(world):
    moderator = page_client(world["moderator"])
    moderator.post(reverse("community:thread-edit", args=[world.thread.pk]), {"locked": "0"})

    assert log_rows(moderator) == []


def test_a_member_cannot_lock_from_the_page_and_nothing_is_logged(world):
    response = page_client(world["member"]).post(
        reverse("community:thread-edit", args=[world.thread.pk]), {"locked": "1"}
    )

    assert response.status_code == 403
    assert not ModerationAction.objects.exists()


def test_a_moderator_deleting_a_post_from_the_page_is_logged_with_the_reason(world):
    moderator = page_client(world["moderator"])
    moderator.post(reverse("community:post-delete", args=[world.post.pk]))

    [row] = log_rows(moderator)
    assert "Delete" in row and "Deleted by a moderator." in row
    assert audited("moderation.delete", world.post) == 1


# --- The API ------------------------------------------------------------------------------


def test_locking_and_pinning_a_thread_through_the_api_shows_in_the_moderation_log(world):
    client = api_client(world["moderator"])
    url = f"/api/v1/threads/{world.thread.pk}/"

    assert client.patch(url, {"locked": True, "pinned": True}, format="json").status_code == 200
    assert client.patch(url, {"locked": True}, format="json").status_code == 200  # no change

    logged = client.get("/api/v1/moderation/actions/").json()["results"]
    assert sorted(entry["action"] for entry in logged) == ["lock", "pin"]
    assert {entry["thread"]["id"] for entry in logged} == {world.thread.pk}
    page_rows = log_rows(page_client(world["moderator"]))
    assert len(page_rows) == 2 and any("Lock the thread" in row for row in page_rows)
    assert audited("moderation.lock", world.thread) == audited("moderation.pin", world.thread) == 1


# --- Every action, through the API and through the queue ----------------------------------


def prepare(world, action):
    """The item an action acts on, in the state the action needs; and its extra input."""
    staff, post, thread = world["staff"], world.post, world.thread
    if action == Action.DISMISS:
        flag_create(by=world["member"], post=post, reason=Flag.Reason.SPAM)
    if action == Action.RESTORE:
        content_hide(by=staff, post=post, reason="Checking")
    if action == Action.UNLOCK:
        thread_lock(thread=thread, by=staff)
    if action == Action.UNPIN:
        thread_pin(thread=thread, by=staff)
    extra = {"reason": "Because"}
    if action == Action.SUSPEND:
        extra["until"] = (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    if action == Action.MOVE:
        extra["to_community"] = world.analysts.slug
    item = thread if action in {Action.LOCK, Action.UNLOCK, Action.PIN, Action.UNPIN} else post
    if action == Action.MOVE:
        item = thread
    return item, extra


EVERY_ACTION = [action for action in Action.values if action != Action.AUTO_HIDE]


@pytest.mark.parametrize("action", EVERY_ACTION)
def test_every_action_through_the_api_writes_the_log_and_the_audit_row(world, action):
    item, extra = prepare(world, action)
    before = ModerationAction.objects.count()
    kind = "post" if isinstance(item, Post) else "thread"

    response = api_client(world["staff"]).post(
        "/api/v1/moderation/actions/",
        {"action": action, "target": {"type": kind, "id": item.pk}, **extra},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert ModerationAction.objects.count() == before + 1
    entry = ModerationAction.objects.get(pk=response.json()["id"])
    assert (entry.action, entry.actor) == (action, world["staff"])
    assert audited(f"moderation.{action}", item) == 1


@pytest.mark.parametrize("action", EVERY_ACTION)
def test_every_action_from_the_queue_page_writes_the_log_and_the_audit_row(world, action):
    item, extra = prepare(world, action)
    before = ModerationAction.objects.count()
    kind = "post" if isinstance(item, Post) else "thread"
    prefix = f"{kind}-{item.pk}"
    data = {f"{prefix}-action": action, "next": reverse("community:moderation-queue")}
    data.update({f"{prefix}-{name}": value for name, value in extra.items()})

    response = page_client(world["staff"]).post(
        reverse("community:moderation-act", args=[f"{kind}s", item.pk]), data
    )

    assert response.status_code == 302
    assert ModerationAction.objects.count() == before + 1
    assert ModerationAction.objects.latest("id").action == action
    assert audited(f"moderation.{action}", item) == 1


# --- The log's days are the moderator's own days ------------------------------------------


def test_the_log_filters_by_the_moderators_own_days_on_the_page_and_by_token(world):
    """11:30 UTC on 1 March is 00:30 on 2 March in Auckland: a moderator there filtering
    by day sees it on 2 March, whether they ask the page or the API with a token."""
    moderator = world["moderator"]
    moderator.time_zone = "Pacific/Auckland"
    moderator.save(update_fields=["time_zone"])
    with time_machine.travel(datetime(2027, 3, 1, 11, 30, tzinfo=UTC), tick=False):
        thread_lock(thread=world.thread, by=moderator)

    def listed(query) -> tuple[int, int]:
        api = api_client(moderator).get(f"/api/v1/moderation/actions/?{query}")
        return len(api.json()["results"]), len(log_rows(page_client(moderator), f"?{query}"))

    assert listed("since=2027-03-02&until=2027-03-02") == (1, 1)
    assert listed("until=2027-03-01") == (0, 0)
    assert listed("since=2027-03-03") == (0, 0)


def test_a_suspension_typed_without_an_offset_ends_at_the_moderators_own_time(world):
    """09:00 typed by a moderator in Auckland is 09:00 in Auckland, on the page (the
    browser's picker) and through the API with a token alike."""
    moderator = world["moderator"]
    moderator.time_zone = "Pacific/Auckland"
    moderator.save(update_fields=["time_zone"])
    expected = datetime(2099, 2, 28, 20, 0, tzinfo=UTC)  # 09:00 NZDT on 1 March

    api_client(moderator).post(
        "/api/v1/moderation/actions/",
        {
            "action": "suspend",
            "target": {"type": "user", "id": world["member"].pk},
            "community": world.growers.slug,
            "reason": "Cooling off",
            "until": "2099-03-01T09:00",
        },
        format="json",
    )
    prefix = f"post-{world.post.pk}"
    page_client(moderator).post(
        reverse("community:moderation-act", args=["posts", world.post.pk]),
        {
            f"{prefix}-action": "suspend",
            f"{prefix}-reason": "Cooling off",
            f"{prefix}-until": "2099-03-01T09:00",
        },
    )

    ends = [entry.until for entry in ModerationAction.objects.filter(action="suspend")]
    assert ends == [expected, expected]
