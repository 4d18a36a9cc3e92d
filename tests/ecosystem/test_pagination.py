"""The site's paginator (ecosystem/pagination.py) shows the same pages as Django's, and a
list that fits on its first page is read without counting it."""

import pytest
from django.core.paginator import Paginator as DjangoPaginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecosystem.accounts.models import User
from ecosystem.pagination import Paginator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def people():
    return User.objects.order_by("id")


def shown(page) -> tuple:
    return (
        [person.pk for person in page.object_list],
        page.number,
        page.paginator.count,
        page.paginator.num_pages,
        page.has_next(),
        page.has_previous(),
    )


@pytest.mark.parametrize("size", [0, 1, 4, 5, 6, 12])
@pytest.mark.parametrize("asked", [None, "", "1", 1, "2", "3", "99", "-1", "x", "1.5"])
def test_every_page_is_the_one_django_shows(size, asked):
    UserFactory.create_batch(size)
    assert shown(Paginator(people(), 5).get_page(asked)) == shown(
        DjangoPaginator(people(), 5).get_page(asked)
    )


def test_a_first_page_that_is_not_full_is_read_in_one_query():
    UserFactory.create_batch(3)
    with CaptureQueriesContext(connection) as queries:
        page = Paginator(people(), 5).get_page("1")
        assert [shown(page)[2:]] == [(3, 1, False, False)]
    assert len(queries) == 1


def test_a_full_first_page_is_counted_only_when_its_pages_are_asked_for():
    UserFactory.create_batch(7)
    with CaptureQueriesContext(connection) as queries:
        page = Paginator(people(), 5).get_page(None)
        assert len(page.object_list) == 5
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        assert page.paginator.num_pages == 2 and page.has_next()
    assert len(queries) == 1  # the count


def test_orphans_are_left_to_django():
    UserFactory.create_batch(6)
    page = Paginator(people(), 5, orphans=1).get_page(1)
    assert len(page.object_list) == 6 and page.paginator.num_pages == 1
