"""Mass assignment (issue 15): no write of the API sets who owns a row, staff powers,
verification or moderation, whatever the body says.

Every writable line of the visibility matrix (each POST and PATCH some role may do) is
sent again by that role, its body topped up with the fields an attacker would try: the
owner, author, creator or user (naming a bystander), is_staff, is_superuser, verified,
hidden, locked, pinned. Each must be refused (400 naming it) or ignored: after the
request, no row points at the bystander through those fields and no such flag was
switched on, unless the line's own body sets it (the owner hiding advice). Statuses that
are the partner's or staff's to set are checked by their own cases below.
"""

import pytest
import time_machine
from django.apps import apps
from django.db import transaction

from partners.models import Resource
from tests.factories import UserFactory
from tests.test_visibility_matrix import API_MATRIX, INSTANTS, ROLES, world  # noqa: F401
from voice.models import Idea

pytestmark = pytest.mark.django_db

PEOPLE_FIELDS = ("owner", "author", "created_by", "user", "invited_by")
FLAGS = ("is_staff", "is_superuser", "verified", "hidden", "locked", "pinned")
WRITES = [
    entry
    for entry in API_MATRIX
    if entry.method in {"POST", "PATCH"}
    and isinstance(entry.body, dict)
    and any(status in (200, 201) for status in entry.expected.values())
]


@pytest.fixture
def instant():
    with time_machine.travel(INSTANTS["before"], tick=False):
        yield "before"


def _watched():
    """(model, field name) for every field an attacker would like to set."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.name in PEOPLE_FIELDS + FLAGS:
                yield model, field


def _snapshot() -> dict:
    state = {}
    for model, field in _watched():
        for pk, value in model._base_manager.values_list("pk", field.attname):
            state[(model._meta.label, pk, field.name)] = value
    return state


def _actor(entry) -> str:
    return next(role for role in ROLES if entry.expected[role] in (200, 201))


@pytest.mark.parametrize("entry", WRITES, ids=str)
def test_owner_staff_verification_and_moderation_fields_are_refused_or_ignored(
    world,  # noqa: F811
    entry,
):
    bystander = UserFactory(display_name="Bystander")
    attack = dict.fromkeys(PEOPLE_FIELDS, bystander.pk) | dict.fromkeys(FLAGS, True)
    body = {**attack, **world.resolve(entry.body)}
    own = set(entry.body)
    role = _actor(entry)
    client = world.clients[role]
    url = "/api/v1" + world.resolve(entry.path)
    before = _snapshot()

    with transaction.atomic():
        response = getattr(client, entry.method.lower())(url, body, format="json")
        after = _snapshot()
        transaction.set_rollback(True)

    if response.status_code == 400:
        named = set(response.json().get("fields", {}))
        assert named & set(attack), f"{entry} as {role}: 400 for another reason {named}"
        return
    if response.status_code == 403:
        # Refused with the reason (a thread's author may not pin or lock it); the line's
        # own body alone answers 2xx (the matrix checks that).
        assert response.json()["detail"], response.content
        return
    assert response.status_code in (200, 201), (role, response.status_code, response.content)
    wrong = [
        f"{key} = {value!r}"
        for key, value in after.items()
        if before.get(key, object()) != value
        and key[2] not in own
        and (value == bystander.pk if key[2] in PEOPLE_FIELDS else value is True)
    ]
    assert wrong == [], f"{entry} as {role} set: {wrong}"


def test_only_staff_unpublish_a_resource_its_partner_cannot(world):  # noqa: F811
    """Publishing is the partner's own; "unpublished" is staff's verdict."""
    resource = world.names["resource"]
    created = world.clients["partner"].post(
        "/api/v1/resources/",
        {
            "organization": world.names["tutors"],
            "kind": "guide",
            "title": "Thinning guide",
            "status": "unpublished",
        },
        format="json",
    )
    changed = world.clients["partner"].patch(
        f"/api/v1/resources/{resource}/",
        {"status": "unpublished", "unpublished_reason": "Mine"},
        format="json",
    )

    assert created.status_code == 400 and "status" in created.json()["fields"]
    assert changed.status_code in (400, 403), changed.content
    assert Resource.objects.get(pk=resource).status == Resource.Status.PUBLISHED
    assert not Resource.objects.filter(status=Resource.Status.UNPUBLISHED).exists()


def test_an_idea_starts_open_whatever_the_body_says(world):  # noqa: F811
    body = {"title": "Bigger bins", "organization": world.names["supplier"], "status": "done"}
    response = world.clients["other"].post("/api/v1/ideas/", body, format="json")

    if response.status_code == 400:
        assert "status" in response.json()["fields"]
    else:
        assert response.status_code == 201
        assert Idea.objects.get(pk=response.json()["id"]).status == Idea.Status.OPEN


def test_a_moderator_cannot_review_a_community_only_staff_can(world):  # noqa: F811
    """A community's status (active, declined) is staff's review, not its moderators'."""
    from community.models import Community
    from community.services import moderator_appoint

    growers = Community.objects.get(slug=world.names["community"])
    moderator_appoint(community=growers, user=world.users["comment"], by=world.users["staff"])

    response = world.clients["comment"].patch(
        f"/api/v1/communities/{growers.slug}/", {"status": "declined"}, format="json"
    )

    assert response.status_code in (400, 403), response.content
    growers.refresh_from_db()
    assert growers.status == Community.Status.ACTIVE
