"""The site's paginators (ecosystem/pagination.py) show the same pages as Django's: a
list that fits on its first page is read without counting it, and a counted page is read
with its count in one query."""

import pytest
from django.core.paginator import Paginator as DjangoPaginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecosystem.accounts.models import User
from ecosystem.pagination import CountedPaginator, Paginator
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
@pytest.mark.parametrize("paginator", [Paginator, CountedPaginator])
def test_every_page_is_the_one_django_shows(size, asked, paginator):
    UserFactory.create_batch(size)
    assert shown(paginator(people(), 5).get_page(asked)) == shown(
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


@pytest.mark.parametrize("paginator", [Paginator, CountedPaginator])
def test_orphans_are_left_to_django(paginator):
    UserFactory.create_batch(6)
    page = paginator(people(), 5, orphans=1).get_page(1)
    assert len(page.object_list) == 6 and page.paginator.num_pages == 1


@pytest.mark.parametrize("asked", ["1", "2", "3"])
def test_a_counted_page_and_its_number_of_pages_are_one_query(asked):
    UserFactory.create_batch(12)
    with CaptureQueriesContext(connection) as queries:
        page = CountedPaginator(people(), 5).get_page(asked)
        assert shown(page)[1:] == (int(asked), 12, 3, asked != "3", asked != "1")
    assert len(queries) == 1


def test_a_counted_page_past_the_end_is_the_last_one():
    UserFactory.create_batch(7)
    with CaptureQueriesContext(connection) as queries:
        page = CountedPaginator(people(), 5).get_page("9")
        assert [len(page.object_list), page.number] == [2, 2]
    assert len(queries) == 3  # nothing there, the count, the last page
