"""Counting the queries of one request, for the tests that compare a page or endpoint at
two data sizes (the count must not grow with the data: ARCHITECTURE.md "Tests").

The count runs inside CaptureQueriesContext, so tests/conftest.py records the route as
measured for tests/test_url_coverage.py's guard."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def queries_of(client, url: str, *, status: int = 200) -> tuple[int, int]:
    """The queries one GET ran, and how much it showed (bytes of the answer)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return len(captured.captured_queries), len(response.content)


def assert_flat(
    client, url: str, grow, *, budget: int, status: int = 200, shows_more=True, few=2, more=20
):
    """GET `url` after `grow(few)` and again after `grow(more)` on top: the same number of
    queries both times, within `budget`; with `shows_more`, the larger answer is longer
    (the data really reached the page).

    Each time the reader is shown another page first (`warm_navigation`): what the
    navigation keeps for them (their roles, their unread count, read afresh after a write
    of either, such as `grow` notifying them) is then in place both times."""
    grow(few)
    warm_navigation(client)
    few, shown_few = queries_of(client, url, status=status)
    grow(more)
    warm_navigation(client)
    many, shown_many = queries_of(client, url, status=status)
    assert many == few, f"{url}: {few} queries with little data, {many} with more"
    assert many <= budget, f"{url}: {many} queries, over the budget of {budget}"
    if shows_more:
        assert shown_many > shown_few, f"{url}: the larger world shows no more"


def warm_navigation(client) -> None:
    """Show the reader one page, as a returning reader has seen: the navigation's roles
    and unread count are then kept (ecosystem/views/navigation.py), read afresh only after
    a write of either. A query test measures a page after this, so that the first of its
    two sizes is not the only one to read them."""
    client.get(reverse("notifications:centre"))
