"""axe-core finds no serious or critical accessibility violations on the main pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from ecosystem.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/dashboard/",
    "/goals/{goal}/",
    "/goals/new/",
    "/playbooks/",
    "/partners/",
    "/communities/",
    "/accounts/profile/",
    "/notifications/",
    "/notifications/preferences/",
]


def _serious(results) -> list[str]:
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"-> {[node['target'] for node in violation['nodes'][:3]]}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_the_sign_in_page_and_main_pages_have_no_serious_violations(page, live_server):
    demo = load_demo()
    axe = Axe()
    page.goto(f"{live_server.url}/accounts/login/")
    assert _serious(axe.run(page)) == []
    page.get_by_label("Email").fill(DEMO_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")

    found = {}
    for path in PAGES:
        page.goto(live_server.url + path.format(goal=demo["goals"]["orchard"].pk))
        problems = _serious(axe.run(page))
        if problems:
            found[path] = problems
    assert found == {}
