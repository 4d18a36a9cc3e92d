"""@name mentions link to the person; every poster gets an @name."""

import pytest
from django.urls import reverse

from community.services import community_create, community_join, post_create, thread_create
from ecosystem.accounts.services import user_ensure_handle
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def growers(staff_user):
    return community_create(by=staff_user, name="Growers", purpose="Apples")


def _member(community, **fields):
    user = UserFactory(**fields)
    community_join(community=community, user=user)
    return user


def test_a_first_post_gives_the_author_an_at_name_from_their_display_name(growers):
    aroha = _member(growers, display_name="Aroha Grower")
    thread_create(community=growers, author=aroha, title="Hi", kind="discussion", body="Kia ora")
    aroha.refresh_from_db()
    assert aroha.handle == "aroha-grower"
    twin = _member(growers, display_name="Aroha Grower")
    assert user_ensure_handle(user=twin) == "aroha-grower-2"


def test_mentions_link_to_the_person_and_unknown_names_stay_text(client, growers):
    hemi = _member(growers, display_name="Hemi")
    user_ensure_handle(user=hemi)
    asker = _member(growers)
    thread = thread_create(
        community=growers,
        author=asker,
        title="Thinning",
        kind="question",
        body="@hemi and @nobody: when do you thin? Mail me at a@b.org",
    )
    html = thread.posts.get().body_html
    assert f'<a href="{reverse("accounts:person", args=["hemi"])}"' in html
    assert "@nobody" in html and 'href="/accounts/people/nobody/' not in html
    assert "a@b.org" in html

    client.force_login(asker)
    page = client.get(reverse("accounts:person", args=["hemi"]))
    assert page.status_code == 200 and b"@hemi" in page.content
    assert client.get(reverse("accounts:person", args=["nobody"])).status_code == 404


def test_mentions_do_not_count_against_the_link_limit(growers):
    names = []
    for index in range(3):
        person = _member(growers, display_name=f"Grower {index}")
        names.append(user_ensure_handle(user=person))
    author = _member(growers)
    thread = thread_create(community=growers, author=author, title="T", kind="discussion", body="x")
    post = post_create(
        thread=thread,
        author=author,
        body=" ".join(f"@{name}" for name in names)
        + " see [one](https://example.org) and [two](https://example.com)",
    )
    assert post.body_html.count("<a ") == 5
