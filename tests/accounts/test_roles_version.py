"""A person's roles version (ecosystem/accounts/roles.py): raised in the database by every
write of a row giving them a role or standing, and on the copy of their row the writer
gave that row, so the writer's next reading under it is not an old one kept."""

import pytest
from allauth.account.models import EmailAddress

from ecosystem.accounts.models import User
from partners.services import organization_create

pytestmark = pytest.mark.django_db


def _stored(person) -> int:
    return User.objects.get(pk=person.pk).roles_version


def test_a_row_given_the_persons_copy_raises_both(customer):
    before = _stored(customer)
    EmailAddress.objects.create(user=customer, email="second@example.org")
    assert customer.roles_version == _stored(customer) == before + 1
    organization_create(by=customer, name="Orchard Supplies", kind="supplier")  # a membership
    assert customer.roles_version == _stored(customer) == before + 2


def test_a_row_given_only_the_id_raises_the_stored_version_alone(customer):
    before = _stored(customer)
    EmailAddress.objects.create(user_id=customer.pk, email="second@example.org")
    assert _stored(customer) == before + 1
    assert customer.roles_version == before  # this copy was not given: it stays as read
