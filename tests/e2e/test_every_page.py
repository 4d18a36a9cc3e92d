"""Zero CSP violations on every page and no sideways scroll at 375 px on any page (issue 20).

One instance of EVERY page type, walked in Chromium at 375 px by the person who would see
it, in one demo-like world (tests/e2e/world.py): each page is checked by Watch (console
errors and CSP violations, sideways scroll, serious or critical axe findings) and kept as
a screenshot under var/artefacts/screenshots/<test>/.

Every URL pattern of ours is in exactly one table below, like tests/test_url_coverage.py
walks them: PAGES and GOAL_PAGES (walked, each by its own test) or NOT_PAGES (with the
reason it is not a page a person reads: a form's target, a feed, a partial). A new URL pattern fails
`test_every_url_pattern_is_a_page_or_says_why_not` until it is put in one of them."""

import re

import pytest

from tests.e2e.conftest import signed_in_as
from tests.e2e.world import build_world
from tests.test_url_coverage import our_routes

WIDTH = 375

# route -> (who reads it, the path of one instance)
PAGES = {
    "": ("anonymous", "/"),
    "communities/": ("anonymous", "/communities/"),
    "communities/<slug:slug>/": ("anonymous", "/communities/{community}/"),
    "threads/<int:pk>/": ("anonymous", "/threads/{thread}/"),
    "invitations/<str:token>/": ("anonymous", "/invitations/{invitation}/"),
    "notifications/unsubscribe/<str:kind>/<str:token>/": (
        "anonymous",
        "/notifications/unsubscribe/thread_reply/{unsubscribe}/",
    ),
    "dashboard/": ("customer", "/dashboard/"),
    "accounts/profile/": ("customer", "/accounts/profile/"),
    "accounts/people/<slug:handle>/": ("peer", "/accounts/people/{handle}/"),
    "accounts/data/": ("customer", "/accounts/data/"),
    "accounts/delete/": ("customer", "/accounts/delete/"),
    "calendar/": ("customer", "/calendar/"),
    "goals/<int:pk>/delete/": ("customer", "/goals/{goal}/delete/"),
    "goals/<int:pk>/stakeholders/": ("customer", "/goals/{goal}/stakeholders/"),
    "goals/<int:pk>/ecosystem/": ("customer", "/goals/{goal}/ecosystem/"),
    "goals/<int:pk>/needs/": ("customer", "/goals/{goal}/needs/"),
    "milestones/<int:pk>/advice/": ("customer", "/milestones/{milestone}/advice/"),
    "playbooks/<int:pk>/needs/": ("customer", "/playbooks/{playbook}/needs/"),
    "partners/": ("customer", "/partners/"),
    "partners/new/": ("customer", "/partners/new/"),
    "partners/<slug:slug>/": ("customer", "/partners/{organization}/"),
    "resources/<int:pk>/": ("customer", "/resources/{resource}/"),
    "communities/new/": ("customer", "/communities/new/"),
    "communities/search/": ("customer", "/communities/search/?q=bins"),
    "communities/<slug:slug>/members/": ("staff", "/communities/{community}/members/"),
    "communities/<slug:slug>/threads/new/": ("customer", "/communities/{community}/threads/new/"),
    "posts/<int:pk>/edit/": ("partner", "/posts/{post}/edit/"),
    "posts/<int:pk>/delete/": ("partner", "/posts/{post}/delete/"),
    "posts/<int:pk>/flag/": ("customer", "/posts/{post}/flag/"),
    "threads/<int:pk>/flag/": ("partner", "/threads/{thread}/flag/"),
    "moderation/my-flags/": ("customer", "/moderation/my-flags/"),
    "peers/": ("customer", "/peers/"),
    "peers/connections/<int:pk>/": ("customer", "/peers/connections/{connection}/"),
    "peers/goals/<int:pk>/mentors/": ("customer", "/peers/goals/{goal}/mentors/"),
    "notifications/": ("partner", "/notifications/"),
    "notifications/preferences/": ("customer", "/notifications/preferences/"),
    "ideas/": ("customer", "/ideas/"),
    "ideas/<int:pk>/": ("customer", "/ideas/{idea}/"),
    "ideas/moderation/": ("staff", "/ideas/moderation/"),
    "partner-dashboard/": ("partner", "/partner-dashboard/"),
    "partners/<slug:slug>/edit/": ("partner", "/partners/{organization}/edit/"),
    "partners/<slug:slug>/resources/new/": ("partner", "/partners/{organization}/resources/new/"),
    "resources/<int:pk>/edit/": ("partner", "/resources/{resource}/edit/"),
    "resources/<int:pk>/delete/": ("partner", "/resources/{resource}/delete/"),
    "partners/<slug:slug>/voice/": ("partner", "/partners/{organization}/voice/"),
    "partners/<slug:slug>/webhooks/new/": ("partner", "/partners/{organization}/webhooks/new/"),
    "partners/<slug:slug>/webhooks/<int:pk>/": (
        "partner",
        "/partners/{organization}/webhooks/{webhook}/",
    ),
    "staff/": ("staff", "/staff/"),
    "moderation/": ("staff", "/moderation/"),
    "moderation/log/": ("staff", "/moderation/log/"),
    "health/": ("staff", "/health/"),
    "peers/reports/": ("staff", "/peers/reports/"),
    "communities/<slug:slug>/edit/": ("staff", "/communities/{community}/edit/"),
}

# The goal page and the pages of its plan (templates under goals/ and milestones/), walked
# by their own test below.
GOAL_PAGES = {
    "goals/new/": ("customer", "/goals/new/"),
    "goals/trash/": ("customer", "/goals/trash/"),
    "goals/<int:pk>/": ("customer", "/goals/{goal}/"),
    "goals/<int:pk>/edit/": ("customer", "/goals/{goal}/edit/"),
    "goals/<int:pk>/repeat/": ("customer", "/goals/{goal}/repeat/"),
    "goals/<int:pk>/save-as-playbook/": ("customer", "/goals/{goal}/save-as-playbook/"),
    "milestones/<int:pk>/edit/": ("customer", "/milestones/{milestone}/edit/"),
    "milestones/<int:pk>/help/": ("customer", "/milestones/{milestone}/help/"),
    "playbooks/": ("customer", "/playbooks/"),
    "playbooks/<int:pk>/": ("customer", "/playbooks/{playbook}/"),
}

POST_ONLY = "a form's target: answers POST, then sends the person to a page"
NOT_PAGES = {
    "healthz": "a health check for the load balancer (JSON)",
    "calendar/<str:token>.ics": "an iCalendar feed for calendar programs",
    "dev/outbox/": "development only: 404 unless DEBUG (tests/e2e/test_dev_outbox.py)",
    "dev/outbox/<str:name>/": "development only: 404 unless DEBUG (tests/e2e/test_dev_outbox.py)",
    "notifications/bell/": "an htmx partial: the bell, polled from every page",
    "resources/preview/": "an htmx partial: the live preview of a resource's body",
    "calendar/regenerate/": POST_ONLY,
    "accounts/data/export/": POST_ONLY,
    "accounts/language/": POST_ONLY,
    "accounts/data/download/<str:token>/": "a zip of the person's data behind a signed link",
    "goals/<int:pk>/restore/": POST_ONLY,
    "goals/<int:pk>/milestones/add/": POST_ONLY,
    "goals/<int:pk>/dependencies/add/": POST_ONLY,
    "dependencies/<int:pk>/delete/": POST_ONLY,
    "milestones/<int:pk>/status/": POST_ONLY,
    "milestones/<int:pk>/move/": POST_ONLY,
    "milestones/<int:pk>/tasks/add/": POST_ONLY,
    "tasks/<int:pk>/toggle/": POST_ONLY,
    "milestones/<int:pk>/tasks/close/": POST_ONLY,
    "tasks/<int:pk>/delete/": POST_ONLY,
    "playbooks/<int:pk>/start/": "a form's target: answers POST; a GET goes back to the playbook",
    "goals/<int:pk>/leaving/": POST_ONLY,
    "advice/<int:pk>/delete/": POST_ONLY,
    "stakeholders/<int:pk>/edit/": POST_ONLY,
    "stakeholders/<int:pk>/remove/": POST_ONLY,
    "partners/<slug:slug>/members/invite/": POST_ONLY,
    "communities/<slug:slug>/review/": POST_ONLY,
    "milestones/<int:pk>/delete/": POST_ONLY,
    "advice/<int:pk>/moderate/": POST_ONLY,
    "stakeholders/<int:pk>/resend/": POST_ONLY,
    "partners/<slug:slug>/verify/": POST_ONLY,
    "partners/<slug:slug>/webhooks/<int:pk>/test/": POST_ONLY,
    "partners/<slug:slug>/webhooks/<int:pk>/rotate/": POST_ONLY,
    "partners/<slug:slug>/webhooks/<int:pk>/delete/": POST_ONLY,
    "resources/<int:pk>/used/": POST_ONLY,
    "ideas/moderation/<str:kind>/<int:pk>/act/": POST_ONLY,
    "partners/<slug:slug>/members/<int:pk>/remove/": POST_ONLY,
    "partners/invitations/<int:pk>/accept/": POST_ONLY,
    "resources/<int:pk>/publish/": POST_ONLY,
    "resources/<int:pk>/withdraw/": POST_ONLY,
    "resources/<int:pk>/unpublish/": POST_ONLY,
    "communities/<slug:slug>/join/": POST_ONLY,
    "communities/<slug:slug>/leave/": POST_ONLY,
    "communities/<slug:slug>/members/<int:pk>/approve/": POST_ONLY,
    "communities/<slug:slug>/members/<int:pk>/decline/": POST_ONLY,
    "communities/<slug:slug>/moderators/appoint/": POST_ONLY,
    "threads/<int:pk>/edit/": POST_ONLY,
    "threads/<int:pk>/reply/": POST_ONLY,
    "threads/<int:pk>/accept/<int:post_pk>/": POST_ONLY,
    "posts/<int:pk>/helpful/": POST_ONLY,
    "moderation/<str:kind>/<int:pk>/act/": POST_ONLY,
    "peers/settings/": POST_ONLY,
    "peers/suggestions/<int:pk>/request/": POST_ONLY,
    "peers/suggestions/<int:pk>/dismiss/": POST_ONLY,
    "peers/introductions/<int:pk>/accept/": POST_ONLY,
    "peers/introductions/<int:pk>/decline/": POST_ONLY,
    "peers/connections/<int:pk>/share/": POST_ONLY,
    "peers/people/<int:pk>/introduce/": POST_ONLY,
    "peers/people/<int:pk>/block/": POST_ONLY,
    "peers/people/<int:pk>/report/": POST_ONLY,
    "peers/mentoring/": POST_ONLY,
    "peers/reports/<int:pk>/resolve/": POST_ONLY,
    "needs/<int:pk>/delete/": POST_ONLY,
    "needs/answers/<int:pk>/": POST_ONLY,
    "notifications/<int:pk>/read/": POST_ONLY,
    "notifications/read-all/": POST_ONLY,
}

# Pages of the sites we build on (allauth's), walked too: a newcomer meets them first.
OTHER_PAGES = {
    "sign in": ("anonymous", "/accounts/login/"),
    "sign up": ("anonymous", "/accounts/signup/"),
    "password reset": ("anonymous", "/accounts/password/reset/"),
    "email addresses": ("customer", "/accounts/email/"),
    "change password": ("customer", "/accounts/password/change/"),
}


def test_every_url_pattern_is_a_page_or_says_why_not():
    routes = {route for route in our_routes() if not route.startswith("api/")}
    tables = [PAGES, GOAL_PAGES, NOT_PAGES]
    placed = [route for table in tables for route in table]
    assert len(placed) == len(set(placed)), "a route is in two tables"
    assert routes - set(placed) == set(), "new URL patterns: put each in one table above"
    assert set(placed) - routes == set(), "these routes no longer exist"


@pytest.mark.django_db
def test_a_forms_target_is_not_a_page(client, customer):
    """What NOT_PAGES calls a form's target answers GET with 405: not a page to walk."""
    client.force_login(customer)
    readable = {}
    for route, reason in NOT_PAGES.items():
        if reason == POST_ONLY:
            path = re.sub(r"<(int|str|slug):\w+>", lambda part: PLACEHOLDER[part[1]], route)
            status = client.get(f"/{path}").status_code
            if status != 405:
                readable[route] = status
    assert readable == {}


PLACEHOLDER = {"int": "1", "str": "posts", "slug": "someone"}


def walk(page, live_server, watch, table: dict) -> dict[str, int]:
    """Visit each page of `table` as its reader; returns any page that did not answer 200."""
    world = build_world()
    statuses = {}
    for role in dict.fromkeys(role for role, _path in table.values()):
        signed_in_as(page.context, live_server, world.people[role])
        for route, (reader, path) in table.items():
            if reader != role:
                continue
            response = page.goto(live_server.url + path.format(**world.names))
            if response.status != 200:
                statuses[f"{route} as {role}"] = response.status
            watch.check(f"{route or 'home'} as {role}")
    return statuses


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_fits_a_phone_with_no_csp_violation_and_no_serious_axe_finding(
    page, watch_at, live_server
):
    watch = watch_at(WIDTH)
    statuses = walk(page, live_server, watch, {**PAGES, **OTHER_PAGES})
    assert statuses == {}
    watch.assert_clean()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_goal_page_fits_a_phone_with_no_csp_violation_and_no_serious_axe_finding(
    page, watch_at, live_server
):
    watch = watch_at(WIDTH)
    assert walk(page, live_server, watch, GOAL_PAGES) == {}
    watch.assert_clean()
