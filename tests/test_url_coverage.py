"""Every URL pattern of ours is requested by at least one test (as Zulip checks).

How: tests/conftest.py wraps Django's BaseHandler.resolve_request for the whole session,
so every request any test makes - test client, API client, or the live server the
browser tests drive - records the route of the pattern that answered it. This test runs
last (conftest moves it there) and compares those routes with every pattern of our apps.
A dynamic record, not a scan of test sources for reverse() names: a path built by hand
or by a table counts only if a request really reached the view.

The same record says which routes were requested while a test counted queries
(CaptureQueriesContext: assert_max_queries, or a comparison of two data sizes): every page
(tests/e2e/test_every_page.py's PAGES and GOAL_PAGES) and every API list endpoint must be,
so a new list cannot arrive without a query budget.

Both judge only a run of the whole suite (no -k, -m, --deselect or a subset of paths, and
no test skipped for a missing service); otherwise they skip, saying why. On parallel
workers (pytest-xdist) the controller runs them once every worker has finished, on what
all the workers requested (tests/conftest.py, `_judge_guards_of_the_workers`).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.mixins import ListModelMixin

from tests.conftest import MEASURED_ROUTES, REQUESTED_ROUTES, suite_ran_whole

OUR_APPS = (
    "goals", "milestones", "partners", "community", "ecosystem", "stakeholders", "voice",
    "webhooks",
)  # fmt: skip


def _patterns(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def _routes(resolver, prefix=""):
    for route, pattern in _patterns(resolver, prefix):
        yield route, pattern.lookup_str


def _lists(callback) -> bool:
    """A DRF view answering GET with a list (a viewset's list action, a ListAPIView)."""
    actions = getattr(callback, "actions", None)
    if actions is not None:
        return actions.get("get") == "list"
    view_class = getattr(callback, "cls", None)
    return view_class is not None and issubclass(view_class, ListModelMixin)


def list_endpoint_routes() -> set[str]:
    return {
        route.replace("^", "")
        for route, pattern in _patterns(get_resolver())
        if pattern.lookup_str.split(".")[0] in OUR_APPS and _lists(pattern.callback)
    }


def routes_owing_a_query_count() -> set[str]:
    from tests.e2e.test_every_page import GOAL_PAGES, PAGES

    return set(PAGES) | set(GOAL_PAGES) | list_endpoint_routes()


def our_routes() -> dict[str, str]:
    # A request's resolved route joins regex parts without their "^" (Django's
    # ResolverMatch.route): compare in that form.
    return {
        route.replace("^", ""): view
        for route, view in _routes(get_resolver())
        if view.split(".")[0] in OUR_APPS
    }


def test_our_url_patterns_are_found():
    routes = our_routes()
    assert "goals/<int:pk>/" in routes
    assert any(route.startswith("api/v1/") for route in routes)


NOT_WHOLE = "judges only a run of the whole suite with every service present"


def routes_no_test_requested(requested: set[str]) -> str:
    """What the guard says about our URL patterns missing from `requested` ("" if none)."""
    missing = sorted(
        f"{route}  ({view})" for route, view in our_routes().items() if route not in requested
    )
    if not missing:
        return ""
    return "no test requests these URL patterns; add one for each:\n" + "\n".join(missing)


def test_every_url_pattern_of_ours_is_requested_by_a_test(request):
    if not suite_ran_whole(request.config):
        pytest.skip(NOT_WHOLE)
    problem = routes_no_test_requested(REQUESTED_ROUTES)
    assert not problem, problem


def test_list_endpoints_are_found():
    routes = list_endpoint_routes()
    # A router's list in a resolved route's form (its regex's "$" kept), not its detail.
    assert {"api/v1/goals/$", "api/v1/goals/<int:pk>/milestones/"} <= routes
    assert not any("(?P<pk>" in route for route in routes)


def routes_no_test_counted(measured: set[str]) -> str:
    """What the guard says about pages and list endpoints missing from `measured`."""
    missing = sorted(routes_owing_a_query_count() - measured)
    if not missing:
        return ""
    return (
        "no test counts the queries of these pages and list endpoints; give each a budget "
        "(assert_max_queries) or compare two data sizes:\n" + "\n".join(missing)
    )


def test_every_page_and_list_endpoint_has_a_query_count(request):
    if not suite_ran_whole(request.config):
        pytest.skip(NOT_WHOLE)
    problem = routes_no_test_counted(MEASURED_ROUTES)
    assert not problem, problem
