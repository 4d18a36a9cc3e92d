"""Security headers on 100 % of HTML pages (issue 15).

Every HTML answer any test receives is already checked (tests/conftest.py with
tests/security_headers.py). Here the page types are walked on purpose, over HTTPS (where
HSTS is due): every page of the visibility world's PAGE_MATRIX as every role, so the
200s, the 403s, the 404s and the sign-in redirects' targets are all seen, and every one
of our routes that takes no argument, signed in and signed out.
"""

import re

import pytest
import time_machine
from django.test import Client

from tests.security_headers import is_html, problems
from tests.test_url_coverage import our_routes
from tests.test_visibility_matrix import ALL_ROLES, INSTANTS, PAGE_MATRIX, world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def instant():
    """One instant is enough here (the matrix walks both)."""
    with time_machine.travel(INSTANTS["before"], tick=False):
        yield "before"


def _check(client, url, seen, wrong):
    response = client.get(url, secure=True, follow=True)
    if is_html(response):
        seen.add((url, response.status_code))
        for problem in problems(response.wsgi_request, response):
            wrong.append(f"GET {url} ({response.status_code}): {problem}")


def test_every_page_type_carries_csp_with_nonces_hsts_nosniff_referrer_and_coop(
    world,  # noqa: F811
):
    seen, wrong = set(), []
    for entry in PAGE_MATRIX:
        if entry.method != "GET":
            continue
        for role in ALL_ROLES:
            _check(world.browsers[role], world.resolve(entry.path), seen, wrong)
    plain = sorted(
        "/" + route
        for route, view in our_routes().items()
        if "<" not in route and not route.startswith(("api/", "dev/")) and "(" not in route
    )
    for url in [*plain, "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]:
        for client in (world.browsers["owner"], Client()):
            _check(client, url, seen, wrong)
    _check(Client(), "/no-such-page/", seen, wrong)

    assert wrong == [], "\n".join(wrong)
    statuses = {status for _url, status in seen}
    assert {200, 403, 404, 405} <= statuses
    assert len({url for url, _status in seen}) >= 40


def test_the_nonce_changes_with_every_answer(client):
    nonces = {
        re.search(r"'nonce-([^']+)'", client.get("/accounts/login/")["Content-Security-Policy"])[1]
        for _ in range(3)
    }
    assert len(nonces) == 3


def test_the_check_catches_what_it_is_for(rf):
    from django.http import HttpResponse

    from tests.security_headers import EXPECTED

    def answer(body: bytes, csp: str):
        response = HttpResponse(body)
        for name, value in EXPECTED.items():
            response[name] = value
        response["Content-Security-Policy"] = csp
        return response

    good = "script-src 'self' 'nonce-abc'; object-src 'none'"
    request = rf.get("/")
    assert problems(request, answer(b'<script nonce="abc">1</script>', good)) == []
    assert problems(request, answer(b'<script src="/static/a.js"></script>', good)) == []
    assert problems(request, answer(b"<script>alert(1)</script>", good))
    assert problems(request, answer(b'<script src="//evil.example/x.js"></script>', good))
    assert problems(request, answer(b"<p>x</p>", "script-src 'self' 'unsafe-inline'"))
    assert problems(request, HttpResponse(b"<p>x</p>"))
    assert problems(rf.get("/", secure=True), answer(b"<p>x</p>", good))  # no HSTS
