"""The thread page reuses rendered posts from the cache (community/views/post_fragments.py):
every write shows on the next view, readers never see each other's buttons, and the CSRF
token in a post's forms is always the reader's own."""

import re

import pytest
from django.test import Client

from community.models import Post
from community.moderation.actions import content_hide
from community.services import (
    community_create,
    community_join,
    moderator_appoint,
    post_create,
    post_edit,
    reaction_add,
    thread_create,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(staff):
    growers = community_create(by=staff, name="Apple growers", purpose="Grow better apples")
    author, reader, other = (UserFactory(display_name=name) for name in ("Ari", "Rua", "Oti"))
    for person in (author, reader, other):
        community_join(community=growers, user=person)
    thread = thread_create(
        community=growers, author=author, title="When to thin?", kind="question", body="When?"
    )
    reply = post_create(thread=thread, author=author, body="Thin at **10 mm**.")
    return {
        "staff": staff,
        "community": growers,
        "thread": thread,
        "reply": reply,
        "author": author,
        "reader": reader,
        "other": other,
    }


def client_for(user, **options) -> Client:
    client = Client(**options)
    client.force_login(user)
    return client


def page(client, thread) -> str:
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def post_html(content: str, post: Post) -> str:
    """The rendered article of one post."""
    start = content.index(f'id="post-{post.pk}"')
    return content[start : content.index("</article>", start)]


def test_an_edit_shows_on_the_next_view(world):
    reader = client_for(world["reader"])
    assert "10 mm" in page(reader, world["thread"])
    post_edit(post=world["reply"], by=world["author"], body="Thin at **15 mm** instead.")
    content = page(reader, world["thread"])
    assert "15 mm" in content and "10 mm" not in content


def test_a_helpful_mark_and_a_new_badge_show_on_the_next_view(world):
    reader = client_for(world["reader"])
    before = post_html(page(reader, world["thread"]), world["reply"])
    assert "0 people found this helpful" in before and "badge-moderator" not in before
    reaction_add(post=world["reply"], user=world["other"])
    assert "1 person found this helpful" in post_html(page(reader, world["thread"]), world["reply"])
    moderator_appoint(community=world["community"], user=world["author"], by=world["staff"])
    assert "badge-moderator" in post_html(page(reader, world["thread"]), world["reply"])


def test_a_new_display_name_shows_on_the_next_view(world):
    reader = client_for(world["reader"])
    assert "Ari" in post_html(page(reader, world["thread"]), world["reply"])
    world["author"].display_name = "Ariana"
    world["author"].save(update_fields=["display_name"])
    assert "Ariana" in post_html(page(reader, world["thread"]), world["reply"])


def test_a_hidden_post_is_hidden_from_readers_at_once(world):
    reader = client_for(world["reader"])
    assert "10 mm" in page(reader, world["thread"])
    moderator = UserFactory(display_name="Moana")
    moderator_appoint(community=world["community"], user=moderator, by=world["staff"])
    content_hide(by=moderator, post=world["reply"], reason="Off topic")
    shown = post_html(page(reader, world["thread"]), world["reply"])
    assert "10 mm" not in shown and "hidden pending review" in shown
    # Its author still reads it, with the reason, from the same cache.
    own = post_html(page(client_for(world["author"]), world["thread"]), world["reply"])
    assert "10 mm" in own and "Off topic" in own


def test_readers_never_get_each_others_buttons(world):
    edit_link = f"/posts/{world['reply'].pk}/edit/"
    # The author's view is drawn and cached first; the reader's must not reuse it.
    assert edit_link in post_html(
        page(client_for(world["author"]), world["thread"]), world["reply"]
    )
    assert edit_link not in post_html(
        page(client_for(world["reader"]), world["thread"]), world["reply"]
    )
    assert edit_link in post_html(
        page(client_for(world["author"]), world["thread"]), world["reply"]
    )


def test_the_csrf_token_in_a_cached_post_is_the_readers_own(world):
    # Another reader draws (and caches) the post first.
    page(client_for(world["other"]), world["thread"])
    reader = client_for(world["reader"], enforce_csrf_checks=True)
    article = post_html(page(reader, world["thread"]), world["reply"])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', article).group(1)
    response = reader.post(
        f"/posts/{world['reply'].pk}/helpful/",
        {"csrfmiddlewaretoken": token, "action": "add"},
    )
    assert response.status_code in (200, 302)
    assert "1 person found this helpful" in post_html(page(reader, world["thread"]), world["reply"])
