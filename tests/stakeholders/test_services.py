"""Stakeholders: invitations by email or organisation, access levels, scope, lapse, advice."""

import re
from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.http import Http404
from django.utils import timezone

from ecosystem.audit.models import AuditEvent
from goals.services import goal_create
from milestones.access import access_of
from milestones.services import milestone_create
from partners.services import organization_create
from stakeholders.lifecycle import (
    InvitationError,
    invitation_token,
    stakeholder_answer,
    stakeholder_from_token,
    stakeholders_lapse_expired,
)
from stakeholders.models import Advice, Stakeholder
from stakeholders.services import (
    advice_moderate,
    advice_post,
    stakeholder_invite,
    stakeholder_remove,
    stakeholder_update,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(customer):
    return goal_create(by=customer, title="Gala apples", target_date=date(2027, 3, 1))


@pytest.fixture
def order(goal):
    return milestone_create(goal=goal, by=goal.owner, title="Order fertiliser", duration_days=1)


@pytest.fixture
def project(goal):
    return milestone_create(goal=goal, by=goal.owner, title="Project", duration_days=5)


@pytest.fixture
def tutor(db):
    return UserFactory(email="tutor@example.org", display_name="Tui Tutor")


def _invite_and_accept(goal, owner, invitee, **options):
    stakeholder = stakeholder_invite(
        goal=goal, by=owner, email=invitee.email, role="tutor", **options
    )
    return stakeholder_answer(token=invitation_token(stakeholder), user=invitee, accept=True)


def test_an_invitation_is_emailed_and_accepting_grants_access(
    django_capture_on_commit_callbacks, goal, customer, tutor, order, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        stakeholder = stakeholder_invite(
            goal=goal, by=customer, email="Tutor@Example.org", role="tutor"
        )
    assert mailoutbox[0].to == ["tutor@example.org"]
    # The emailed link's own token (signed with a timestamp: a token made now could differ).
    (token,) = re.findall(r"/invitations/([^/\s]+)/", mailoutbox[0].body)
    assert stakeholder_from_token(token) == stakeholder
    assert access_of(user=tutor, milestone=order) is None

    stakeholder_answer(token=token, user=tutor, accept=True)
    assert access_of(user=tutor, milestone=order) == "view"
    assert {"stakeholder.invite", "stakeholder.accept"} <= set(
        AuditEvent.objects.values_list("verb", flat=True)
    )


def test_the_link_works_once_and_only_for_the_invited_address(
    goal, customer, tutor, other_customer
):
    stakeholder = stakeholder_invite(goal=goal, by=customer, email=tutor.email, role="tutor")
    token = invitation_token(stakeholder)
    with pytest.raises(PermissionDenied):
        stakeholder_answer(token=token, user=other_customer, accept=True)
    stakeholder_answer(token=token, user=tutor, accept=True)
    with pytest.raises(InvitationError, match="already used"):
        stakeholder_answer(token=token, user=tutor, accept=False)


def test_expired_and_tampered_links_say_so(goal, customer, tutor):
    stakeholder = stakeholder_invite(goal=goal, by=customer, email=tutor.email, role="tutor")
    token = invitation_token(stakeholder)
    with pytest.raises(InvitationError, match="not valid"):
        stakeholder_answer(token=token[:-2] + "xx", user=tutor, accept=True)
    with (
        time_machine.travel(timezone.now() + timedelta(days=15)),
        pytest.raises(InvitationError, match="expired"),
    ):
        stakeholder_answer(token=token, user=tutor, accept=True)


@pytest.mark.parametrize(
    "case, field",
    [("self", "email"), ("twice", "email"), ("past", "ends_on"), ("other_goal", "milestones")],
)
def test_bad_invitations_are_refused_naming_the_field(goal, customer, tutor, case, field):
    options = {"email": tutor.email, "role": "tutor"}
    if case == "self":
        options["email"] = customer.email
    elif case == "twice":
        stakeholder_invite(goal=goal, by=customer, **options)
    elif case == "past":
        options["ends_on"] = timezone.localdate() - timedelta(days=1)
    else:
        other = goal_create(by=customer, title="Other", target_date=date(2027, 5, 1))
        options["milestones"] = [
            milestone_create(goal=other, by=other.owner, title="X", duration_days=1)
        ]
    with pytest.raises(ValidationError) as refused:
        stakeholder_invite(goal=goal, by=customer, **options)
    assert field in refused.value.message_dict


def test_only_the_owner_invites(goal, customer, tutor, other_customer):
    with pytest.raises(Http404):  # someone who does not see the goal
        stakeholder_invite(goal=goal, by=other_customer, email=tutor.email, role="tutor")
    _invite_and_accept(goal, customer, tutor)
    with pytest.raises(PermissionDenied):  # a stakeholder who sees it
        stakeholder_invite(goal=goal, by=tutor, email="friend@example.org", role="peer")


def test_scope_limits_access_to_the_chosen_milestones(goal, customer, tutor, order, project):
    _invite_and_accept(goal, customer, tutor, access="comment", milestones=[project])
    assert access_of(user=tutor, milestone=project) == "comment"
    assert access_of(user=tutor, milestone=order) is None


def test_every_member_of_an_invited_organisation_has_the_access(goal, customer, order):
    admin = UserFactory()
    supplier = organization_create(by=admin, name="Orchard Supplies", kind="supplier")
    stakeholder = stakeholder_invite(
        goal=goal,
        by=customer,
        organization=supplier,
        role="supplier",
        access="contribute",
        milestones=[order],
    )
    stakeholder_answer(token=invitation_token(stakeholder), user=admin, accept=True)
    assert access_of(user=admin, milestone=order) == "contribute"


def test_removal_and_lapse_stop_access_on_the_next_request(goal, customer, tutor, order):
    stakeholder = _invite_and_accept(
        goal, customer, tutor, ends_on=timezone.localdate() + timedelta(days=1)
    )
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert access_of(user=tutor, milestone=order) is None
        assert stakeholders_lapse_expired() == 1
        assert stakeholders_lapse_expired() == 0
    stakeholder.refresh_from_db()
    assert stakeholder.status == "lapsed"

    again = _invite_and_accept(goal, customer, tutor)
    stakeholder_update(stakeholder=again, by=customer, access="contribute")
    assert access_of(user=tutor, milestone=order) == "contribute"
    stakeholder_remove(stakeholder=again, by=customer)
    assert access_of(user=tutor, milestone=order) is None


def test_advice_needs_comment_access_and_the_owner_moderates_it(goal, customer, tutor, order):
    stakeholder = _invite_and_accept(goal, customer, tutor)
    with pytest.raises(PermissionDenied):
        advice_post(milestone=order, by=tutor, body="Order early")
    stakeholder_update(stakeholder=stakeholder, by=customer, access="comment")
    advice = advice_post(milestone=order, by=tutor, body="Order **early**")
    assert "<strong>early</strong>" in advice.body_html
    with pytest.raises(ValidationError):
        advice_post(milestone=order, by=tutor, body="<script>alert(1)</script>")
    with pytest.raises(PermissionDenied):
        advice_moderate(advice=advice, by=tutor, hidden=True)
    advice_moderate(advice=advice, by=customer, helpful=True, hidden=True)
    assert Advice.objects.get().helpful and Advice.objects.get().hidden
    assert Stakeholder.objects.count() == 1


def test_deleting_a_scoped_stakeholders_only_milestone_ends_their_access(
    goal, customer, tutor, order, project
):
    from milestones.models import Milestone
    from milestones.services import milestone_delete

    stakeholder = _invite_and_accept(goal, customer, tutor, milestones=[project])
    milestone_delete(milestone=project, by=customer)

    stakeholder.refresh_from_db()
    assert stakeholder.status == "removed"
    assert not Milestone.objects.visible_to(tutor).exists()


def test_lapse_stakeholders_by_hand_records_a_lapse_once(goal, customer, tutor):
    _invite_and_accept(goal, customer, tutor, ends_on=timezone.localdate() + timedelta(days=1))
    out = StringIO()
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        call_command("lapse_stakeholders", stdout=out)
        call_command("lapse_stakeholders", stdout=out)
    assert out.getvalue() == "Lapsed 1 stakeholder(s).\nLapsed 0 stakeholder(s).\n"
