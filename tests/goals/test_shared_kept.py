"""The dashboard's "Goals shared with me" is kept between views (goals.selectors.
goals_shared_with), and every change of who may see a goal shows on the very next view:
a grant given, removed or ended, an organisation's member joining or leaving, a goal
trashed and restored. Against the real cache of the test (tests/conftest.py)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals import selectors
from goals.services import goal_create, goal_restore, goal_trash
from partners.models import Membership
from partners.services import member_accept, member_invite, member_remove, organization_create
from stakeholders.lifecycle import invitation_token, stakeholder_answer
from stakeholders.services import stakeholder_invite, stakeholder_remove, stakeholder_update
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADING = "Goals shared with me"


@pytest.fixture
def shared(customer):
    return goal_create(by=customer, title="Gala apples", target_date=date(2031, 3, 1))


def _shown(client) -> bool:
    page = client.get(reverse("dashboard")).content.decode()
    return HEADING in page and "Gala apples" in page


def _invite_person(goal, person, **options):
    invitation = stakeholder_invite(
        goal=goal, by=goal.owner, email=person.email, role="tutor", **options
    )
    return stakeholder_answer(token=invitation_token(invitation), user=person, accept=True)


def test_a_grant_shows_at_once_and_its_removal_too(client, customer, shared):
    tutor = UserFactory()
    client.force_login(tutor)
    assert not _shown(client)
    stakeholder = _invite_person(shared, tutor)
    assert _shown(client)
    assert _shown(client)  # kept, and still right
    stakeholder_remove(stakeholder=stakeholder, by=customer)
    assert not _shown(client)


def test_a_returning_view_does_not_work_the_rule_out_again(client, customer, shared):
    tutor = UserFactory()
    _invite_person(shared, tutor)
    client.force_login(tutor)

    def grants_read() -> bool:
        with CaptureQueriesContext(connection) as captured:
            assert "Gala apples" in client.get(reverse("dashboard")).content.decode()
        return any("stakeholders_stakeholder" in query["sql"] for query in captured)

    assert grants_read()
    assert not grants_read()


def test_a_grant_ends_with_its_end_date_in_the_persons_own_day(
    client, customer, shared, time_machine
):
    time_machine.move_to(datetime(2030, 6, 1, 12, tzinfo=UTC), tick=False)
    tutor = UserFactory()
    stakeholder = _invite_person(shared, tutor)
    stakeholder_update(stakeholder=stakeholder, by=customer, ends_on=date(2030, 6, 1))
    client.force_login(tutor)
    assert _shown(client)
    time_machine.move_to(datetime(2030, 6, 2, 12, tzinfo=UTC), tick=False)
    assert not _shown(client)


def test_an_organisations_members_see_its_grant_and_lose_it_on_leaving(client, customer, shared):
    admin, newcomer = UserFactory(), UserFactory()
    supplier = organization_create(by=admin, name="Orchard Supplies", kind="supplier")
    invitation = stakeholder_invite(
        goal=shared, by=customer, organization=supplier, role="supplier"
    )
    client.force_login(admin)
    assert not _shown(client)
    stakeholder_answer(token=invitation_token(invitation), user=admin, accept=True)
    assert _shown(client)

    client.force_login(newcomer)
    assert not _shown(client)
    membership = member_accept(
        membership=member_invite(organization=supplier, by=admin, email=newcomer.email),
        by=newcomer,
    )
    assert _shown(client)
    member_remove(membership=Membership.objects.get(pk=membership.pk), by=admin)
    assert not _shown(client)


def test_a_restored_goal_comes_back_and_a_trashed_one_leaves(client, customer, shared):
    tutor = UserFactory()
    _invite_person(shared, tutor)
    goal_trash(goal=shared, by=customer)
    client.force_login(tutor)
    assert not _shown(client)  # the list is kept without it
    goal_restore(goal=shared, by=customer)
    assert _shown(client)
    goal_trash(goal=shared, by=customer)
    assert not _shown(client)


def test_a_renamed_goal_shows_its_new_title_on_the_next_view(client, customer, shared):
    tutor = UserFactory()
    _invite_person(shared, tutor)
    client.force_login(tutor)
    assert _shown(client)
    shared.title = "Honeycrisp apples"
    shared.save()
    page = client.get(reverse("dashboard")).content.decode()
    assert "Honeycrisp apples" in page and "Gala apples" not in page


def test_someone_shown_many_goals_is_asked_the_whole_rule(client, monkeypatch):
    monkeypatch.setattr(selectors, "SHARED_KEPT_AT_MOST", 2)
    tutor = UserFactory()
    owners = [UserFactory() for _ in range(3)]
    for number, owner in enumerate(owners):
        goal = goal_create(
            by=owner, title=f"Plan {number}", target_date=date(2031, 1, 1) + timedelta(days=number)
        )
        _invite_person(goal, tutor)
    client.force_login(tutor)
    client.get(reverse("dashboard"))  # found too many to keep
    page = client.get(reverse("dashboard")).content.decode()
    assert all(f"Plan {number}" in page for number in range(3))
