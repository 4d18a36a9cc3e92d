"""On the new-goal form, choosing a target and a playbook fills in the playbook's working
week and the public holidays of the person's region (htmx); dates the person typed stay
when the target moves again, and the goal is saved with what the form shows. No console
error, no CSP violation, no serious axe finding."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from goals.calendars import public_holidays
from goals.models import Goal
from goals.playbooks import playbook_create
from tests.e2e.checks import Watch
from tests.factories import PASSWORD, RegionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_form_fills_in_my_regions_holidays_and_keeps_what_i_typed(page, live_server):
    hawkes_bay = RegionFactory(name="Hawke's Bay", country_code="NZ", subdivision_code="HKB")
    UserFactory(email="grower@example.org", region=hawkes_bay, time_zone="UTC")
    playbook = playbook_create(
        by=UserFactory(),
        title="Certificate",
        public=True,
        working_weekdays=[1, 2, 3, 4, 5],
        milestones=[{"title": "Course", "duration_days": 5}],
    )
    watch = Watch(page, 1280)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill("grower@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))

    page.goto(f"{live_server.url}/goals/new/")
    today = date.today()
    target = today + timedelta(days=300)
    page.get_by_label("Title").fill("My certificate")
    page.get_by_label("Certificate (1 milestone)").check()
    page.get_by_label("Target date").fill(target.isoformat())
    holidays = [day.isoformat() for day in public_holidays(hawkes_bay, start=today, end=target)]
    dates = page.get_by_label("Non-working dates")
    expect(dates).to_have_value("\n".join(holidays))
    expect(page.get_by_label("Saturday")).not_to_be_checked()
    expect(page.get_by_label("Friday")).to_be_checked()
    expect(page.get_by_text("The public holidays of Hawke's Bay up to the target")).to_be_visible()
    watch.check("new goal, calendar filled in")

    own_day = (target - timedelta(days=3)).isoformat()
    dates.fill("\n".join([*holidays, own_day]))
    with page.expect_response(re.compile(r"/goals/new/$")):
        page.get_by_label("Target date").fill((target + timedelta(days=30)).isoformat())
    expect(dates).to_have_value("\n".join([*holidays, own_day]))

    page.get_by_role("button", name="Create the goal and work the plan back").click()
    goal = Goal.objects.get()
    expect(page).to_have_url(f"{live_server.url}/goals/{goal.pk}/")
    assert goal.playbook == playbook
    assert goal.working_weekdays == [1, 2, 3, 4, 5]
    assert goal.non_working_dates == sorted({*holidays, own_day})
    watch.assert_clean()
