"""Every URL pattern of ours is requested by at least one test (as Zulip checks).

How: tests/conftest.py wraps Django's BaseHandler.resolve_request for the whole session,
so every request any test makes - test client, API client, or the live server the
browser tests drive - records the route of the pattern that answered it. This test runs
last (conftest moves it there) and compares those routes with every pattern of our apps.
A dynamic record, not a scan of test sources for reverse() names: a path built by hand
or by a table counts only if a request really reached the view.

It judges only a run of the whole suite (no -k, -m, --deselect or a subset of paths, and
no test skipped for a missing service); otherwise it skips, saying why.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import REQUESTED_ROUTES, suite_ran_whole

OUR_APPS = (
    "goals", "milestones", "partners", "community", "ecosystem", "stakeholders", "voice",
    "webhooks",
)  # fmt: skip


def _routes(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.lookup_str


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


def test_every_url_pattern_of_ours_is_requested_by_a_test(request):
    if not suite_ran_whole(request.config):
        pytest.skip("judges only a run of the whole suite with every service present")
    missing = sorted(
        f"{route}  ({view})"
        for route, view in our_routes().items()
        if route not in REQUESTED_ROUTES
    )
    assert not missing, "no test requests these URL patterns; add one for each:\n" + "\n".join(
        missing
    )
