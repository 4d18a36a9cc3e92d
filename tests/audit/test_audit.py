import pytest

from ecosystem.audit.models import AuditEvent
from ecosystem.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_audit_record_names_who_did_what_to_which_object(customer, other_customer):
    event = audit_record(
        actor=customer, verb="stakeholder.invite", target=other_customer, payload={"why": "test"}
    )

    assert AuditEvent.objects.for_target(other_customer).get() == event
    assert (event.actor, event.verb, event.payload) == (
        customer,
        "stakeholder.invite",
        {"why": "test"},
    )
    assert event.target_repr == str(other_customer)


def test_the_log_is_visible_to_staff_and_to_each_actor_for_their_own(
    customer, other_customer, staff_user
):
    mine = audit_record(actor=customer, verb="a", target=customer)
    audit_record(actor=other_customer, verb="b", target=other_customer)

    assert list(AuditEvent.objects.visible_to(customer)) == [mine]
    assert AuditEvent.objects.visible_to(staff_user).count() == 2


def test_staff_filter_the_log_in_the_admin(client, staff_user, customer):
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    audit_record(actor=customer, verb="member.remove", target=customer)
    audit_record(actor=customer, verb="thread.lock", target=customer)
    client.force_login(staff_user)

    response = client.get("/admin/audit/auditevent/?verb=thread.lock")
    assert response.status_code == 200
    assert b"thread.lock" in response.content
    assert b"member.remove</td>" not in response.content
