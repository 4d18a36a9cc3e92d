"""The thread page keeps what it shows of the posts (community/views/thread_drawing.py):
every write a reader would see shows on the very next view, whoever made it and however
far from the thread; readers share a drawing only when it would be the same for both;
and the form token in it is always the reader's own. (tests/community/test_post_fragments.py
covers edits, helpful marks, a new moderator's badge, a new name and a hidden post.)"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.drawn_versions import people_version
from community.models import Thread
from community.moderation import flag_create, person_suspend
from community.services import (
    community_create,
    community_join,
    moderator_appoint,
    post_create,
    post_delete,
    thread_accept_answer,
    thread_create,
    thread_update,
)
from ecosystem.fragments import CSRF_PLACEHOLDER
from partners.services import organization_create
from tests.community.test_post_fragments import client_for, page
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(staff):
    growers = community_create(by=staff, name="Apple growers", purpose="Grow better apples")
    author, reader, other = (UserFactory(display_name=name) for name in ("Ari", "Rua", "Oti"))
    moderator = UserFactory(display_name="Moana")
    for person in (author, reader, other):
        community_join(community=growers, user=person)
    moderator_appoint(community=growers, user=moderator, by=staff)
    thread = thread_create(
        community=growers, author=author, title="When to thin?", kind="question", body="When?"
    )
    reply = post_create(thread=thread, author=other, body="Thin at **10 mm**.")
    return {
        "staff": staff,
        "community": growers,
        "thread": thread,
        "reply": reply,
        "author": author,
        "reader": reader,
        "other": other,
        "moderator": moderator,
    }


def main_of(content: str) -> str:
    start = content.index('id="thread-main"')
    return content[start : content.index("</main>", start)]


def without_token(content: str) -> str:
    """A page without what differs on every response: its form tokens (in forms and in
    htmx's headers) and its script nonces."""
    content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content)
    content = re.sub(r'"X-CSRFToken": "[^"]+"', "", content)
    return re.sub(r'nonce="[^"]+"', "", content)


def test_a_kept_page_is_the_page_drawn(world):
    reader = client_for(world["reader"])
    drawn = page(reader, world["thread"])
    with CaptureQueriesContext(connection) as captured:
        kept = page(reader, world["thread"])
    assert without_token(kept) == without_token(drawn)
    assert not any('"community_post"."body"' in query["sql"] for query in captured)


def test_a_reply_a_deletion_and_an_accepted_answer_show_at_once(world):
    reader = client_for(world["reader"])
    page(reader, world["thread"])
    post_create(thread=world["thread"], author=world["other"], body="Or wait for **12 mm**.")
    assert "12 mm" in page(reader, world["thread"])
    page(reader, world["thread"])  # read to the end: kept as it is from here
    post_delete(post=world["reply"], by=world["other"])
    assert "10 mm" not in main_of(page(reader, world["thread"]))
    answer = post_create(thread=world["thread"], author=world["other"], body="Thin at 11 mm.")
    page(reader, world["thread"])
    thread_accept_answer(thread=world["thread"], post=answer, by=world["author"])
    assert 'id="accepted-answer"' in page(reader, world["thread"])


def test_a_lock_takes_the_reply_form_and_the_edit_link_away_at_once(world):
    author = client_for(world["other"])
    edit_link = f"/posts/{world['reply'].pk}/edit/"
    before = page(author, world["thread"])
    assert edit_link in before and 'name="body"' in before
    thread_update(thread=world["thread"], by=world["moderator"], locked=True)
    after = page(author, world["thread"])
    assert edit_link not in after and 'name="body"' not in after
    assert "This thread is locked" in after


def test_the_readers_own_standing_and_flags_show_at_once(world):
    newcomer = UserFactory(display_name="Nia")
    client = client_for(newcomer)
    assert 'name="body"' not in page(client, world["thread"])
    community_join(community=world["community"], user=newcomer)
    assert 'name="body"' in page(client, world["thread"])
    flag_link = f"/posts/{world['reply'].pk}/flag/"
    assert flag_link in page(client, world["thread"])
    flag_create(by=newcomer, reason="spam", post=world["reply"])
    assert flag_link not in page(client, world["thread"])
    person_suspend(
        by=world["moderator"],
        subject=newcomer,
        community=world["community"],
        reason="Cool off",
        until=timezone.now() + timedelta(days=3),
    )
    suspended = page(client, world["thread"])
    assert "You are suspended" in suspended and 'name="body"' not in suspended


def test_an_authors_organisation_and_its_new_name_show_at_once(world):
    reader = client_for(world["reader"])
    assert "Orchard Supplies" not in page(reader, world["thread"])
    organization = organization_create(by=world["other"], name="Orchard Supplies", kind="supplier")
    assert "Orchard Supplies" in page(reader, world["thread"])
    organization.name = "Orchard Supplies Ltd"
    organization.save()
    assert "Orchard Supplies Ltd" in page(reader, world["thread"])


def test_readers_with_the_same_standing_share_a_drawing_and_never_a_token(world):
    other_reader = UserFactory(display_name="Tama")
    community_join(community=world["community"], user=other_reader)
    page(client_for(world["reader"]), world["thread"])  # drawn and kept
    client = client_for(other_reader, enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as captured:
        content = page(client, world["thread"])
    assert not any('"community_post"."body"' in query["sql"] for query in captured)
    forms = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', main_of(content))
    assert forms and CSRF_PLACEHOLDER not in content
    # The token in the kept drawing's forms is this reader's: their reply is taken.
    response = client.post(
        f"/threads/{world['thread'].pk}/reply/",
        {"csrfmiddlewaretoken": forms[-1], "body": "Agreed.", "page": "1"},
    )
    assert response.status_code == 302
    assert "Agreed." in page(client, world["thread"])


def test_the_drawing_is_kept_with_a_placeholder_for_the_token(world, monkeypatch):
    kept = {}
    keep = cache.set

    def noting(key, value, *args, **kwargs):
        kept[key] = value
        return keep(key, value, *args, **kwargs)

    monkeypatch.setattr(caches["default"], "set", noting)
    reader = client_for(world["reader"])
    content = page(reader, world["thread"])
    [drawing] = [value for key, value in kept.items() if key.startswith("community:thread-main")]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', main_of(content)).group(1)
    assert CSRF_PLACEHOLDER in drawing["main"] and token not in drawing["main"]
    assert drawing["post_ids"] == [world["thread"].posts.first().pk, world["reply"].pk]


def test_a_stale_whole_row_save_of_a_thread_never_brings_an_old_version_back(world):
    stale = Thread.objects.get(pk=world["thread"].pk)
    older = stale.posts_version
    post_create(thread=world["thread"], author=world["other"], body="A newer reply")
    newer = Thread.objects.get(pk=stale.pk).posts_version
    stale.title = "When to thin apples?"
    stale.save()
    assert Thread.objects.get(pk=stale.pk).posts_version not in (older, newer) and newer != older


def test_the_people_version_changes_with_a_name_and_not_with_a_sign_in(world):
    before = people_version()
    world["reader"].last_login = timezone.now()
    world["reader"].save(update_fields=["last_login"])
    assert people_version() == before
    world["reader"].display_name = "Rua Tane"
    world["reader"].save(update_fields=["display_name"])
    assert people_version() != before
