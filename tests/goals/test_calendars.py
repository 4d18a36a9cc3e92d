"""The calendar a new goal gets (goals.calendars): the playbook's working week and the
public holidays of the person's region between today and the target, from the `holidays`
package by ISO country and subdivision."""

from datetime import date

import pytest

from goals.calendars import new_goal_calendar, public_holidays, region_codes
from goals.models import weekdays_label
from goals.playbooks import playbook_create
from tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2027, 1, 1)


@pytest.fixture
def new_zealand():
    return RegionFactory(name="New Zealand", country_code="NZ")


@pytest.fixture
def hawkes_bay(new_zealand):
    return RegionFactory(
        name="Hawke's Bay", parent=new_zealand, country_code="NZ", subdivision_code="HKB"
    )


def test_a_region_without_codes_takes_its_parents_country(new_zealand):
    district = RegionFactory(name="Somewhere in New Zealand", parent=new_zealand)
    assert region_codes(district) == ("NZ", "")
    assert region_codes(RegionFactory(name="Online")) == ("", "")


def test_a_subdivision_gets_its_own_anniversary_day_and_the_countrys_holidays(
    hawkes_bay, new_zealand
):
    days = public_holidays(hawkes_bay, start=date(2027, 1, 1), end=date(2027, 12, 31))
    assert date(2027, 10, 22) in days  # Hawke's Bay Anniversary Day
    assert date(2027, 2, 8) in days  # Waitangi Day observed on the Monday
    assert date(2027, 1, 25) not in days  # Wellington's anniversary is not Hawke's Bay's
    country = public_holidays(new_zealand, start=date(2027, 1, 1), end=date(2027, 12, 31))
    assert date(2027, 10, 22) not in country
    assert date(2027, 12, 27) in country  # Christmas Day observed


def test_holidays_are_only_those_from_start_to_end_both_included(hawkes_bay):
    days = public_holidays(hawkes_bay, start=date(2027, 3, 26), end=date(2027, 3, 29))
    assert sorted(days) == [date(2027, 3, 26), date(2027, 3, 29)]  # Good Friday, Easter Monday
    assert public_holidays(hawkes_bay, start=date(2027, 4, 1), end=date(2027, 3, 1)) == {}


def test_no_country_or_an_unknown_one_gives_no_holidays():
    assert public_holidays(None, start=TODAY, end=date(2027, 12, 31)) == {}
    assert public_holidays(RegionFactory(), start=TODAY, end=date(2027, 12, 31)) == {}
    unknown = RegionFactory(country_code="ZZ")
    assert public_holidays(unknown, start=TODAY, end=date(2027, 12, 31)) == {}
    odd_subdivision = RegionFactory(country_code="NZ", subdivision_code="XXX")
    assert public_holidays(odd_subdivision, start=TODAY, end=date(2027, 12, 31)) == {}


def test_a_far_target_gets_holidays_for_ten_years_at_most(new_zealand):
    days = public_holidays(new_zealand, start=TODAY, end=date(9999, 12, 31))
    assert max(days) < date(2037, 1, 1)
    assert min(days) == date(2027, 1, 1)


def test_a_new_goal_gets_the_playbooks_week_and_the_regions_holidays_up_to_the_target(
    hawkes_bay,
):
    author = UserFactory()
    weekdays_only = playbook_create(
        by=author, title="Certificate", working_weekdays=[5, 1, 2, 3, 4]
    )
    calendar = new_goal_calendar(
        playbook=weekdays_only, region=hawkes_bay, today=TODAY, target_date=date(2027, 4, 30)
    )
    assert calendar.working_weekdays == [1, 2, 3, 4, 5]
    assert calendar.non_working_dates == [
        date(2027, 1, 1),
        date(2027, 1, 2),
        date(2027, 1, 4),
        date(2027, 2, 6),
        date(2027, 2, 8),
        date(2027, 3, 26),
        date(2027, 3, 29),
        date(2027, 4, 25),
        date(2027, 4, 26),
    ]
    assert calendar.holiday_names[date(2027, 3, 26)] == "Good Friday"
    assert calendar.holidays_of == "Hawke's Bay"


def test_without_a_playbook_or_a_region_every_day_works():
    calendar = new_goal_calendar(
        playbook=None, region=None, today=TODAY, target_date=date(2027, 12, 31)
    )
    assert calendar.working_weekdays == [1, 2, 3, 4, 5, 6, 7]
    assert calendar.non_working_dates == []
    assert calendar.holidays_of == ""


@pytest.mark.parametrize(
    ("weekdays", "label"),
    [
        ([1, 2, 3, 4, 5, 6, 7], "every day"),
        ([1, 2, 3, 4, 5], "Monday to Friday"),
        ([6, 1, 2, 3, 4, 5], "Monday to Saturday"),
        ([1, 3, 5], "Monday, Wednesday, Friday"),
        ([6, 7], "Saturday, Sunday"),
    ],
)
def test_a_working_week_reads_in_words(weekdays, label):
    assert weekdays_label(weekdays) == label
