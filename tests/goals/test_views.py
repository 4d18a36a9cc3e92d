"""The goal pages a customer uses: new goal, settings, trash, repeat, save as playbook, library."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals import playbooks, services
from goals.models import Goal, Playbook
from milestones.models import Milestone
from milestones.services import milestone_create
from partners.models import PartnerOrganization
from tests.factories import CategoryFactory, RegionFactory, UserFactory
from tests.query_counts import warm_navigation

pytestmark = pytest.mark.django_db

TARGET = date(2027, 3, 5)  # a Friday


def orchard_playbook(author, *, public=True, title="Orchard season", category=None):
    """Prune (5) -> Thin (3) -> Pick (0, checkpoint); export documents 14 days before."""
    return playbooks.playbook_create(
        by=author,
        title=title,
        description="Export-grade apples, season after season.",
        category=category,
        public=public,
        milestones=[
            {"title": "Prune", "duration_days": 5, "tasks": ["Sharpen shears", "Prune rows"]},
            {"title": "Thin fruit", "duration_days": 3},
            {"title": "Pick", "duration_days": 0},
            {"title": "Export documents", "duration_days": 2, "offset_days_before_target": 14},
        ],
        dependencies=[
            {"predecessor": 0, "successor": 1, "lag_days": 2},
            {"predecessor": 1, "successor": 2},
        ],
    )


def new_goal_data(**overrides):
    data = {
        "title": "Gala apples by March",
        "target_date": TARGET.isoformat(),
        "working_weekdays": ["1", "2", "3", "4", "5"],
        "non_working_dates": "",
        "category": "",
        "region": "",
        "description": "",
        "playbook": "",
    }
    data.update(overrides)
    return data


def errors_of(response, field):
    return [str(message) for message in response.context["form"].errors.get(field, [])]


@pytest.fixture
def goal(customer):
    goal = services.goal_create(by=customer, title="Gala apples", target_date=TARGET)
    milestone_create(goal=goal, by=goal.owner, title="Prune", duration_days=5)
    return goal


# --- who may open each page ------------------------------------------------------------

GOAL_PAGES = ["goals:edit", "goals:trash", "goals:repeat", "goals:save-as-playbook"]


@pytest.mark.parametrize("name", GOAL_PAGES)
def test_goal_pages_open_for_the_owner(signed_in, goal, name):
    assert signed_in.get(reverse(name, args=[goal.pk])).status_code == 200


@pytest.mark.parametrize("name", GOAL_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_goal_pages_are_not_found_for_another_customer(client, other_customer, goal, name, method):
    client.force_login(other_customer)
    response = getattr(client, method)(reverse(name, args=[goal.pk]), {"target_date": "2028-03-03"})
    assert response.status_code == 404
    goal.refresh_from_db()
    assert goal.deleted_at is None
    assert Goal.objects.count() == 1
    assert not Playbook.objects.exists()


@pytest.mark.parametrize("name", GOAL_PAGES)
def test_goal_pages_are_not_found_for_staff(client, staff_user, goal, name):
    client.force_login(staff_user)
    assert client.get(reverse(name, args=[goal.pk])).status_code == 404
    assert client.post(reverse(name, args=[goal.pk])).status_code == 404


@pytest.mark.parametrize("name", [*GOAL_PAGES, "goals:restore"])
def test_goal_pages_send_anonymous_visitors_to_sign_in(client, goal, name):
    response = client.post(reverse(name, args=[goal.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "url",
    [
        reverse("goals:new"),
        reverse("goals:trash-list"),
        reverse("goals:playbook-list"),
        reverse("goals:playbook-detail", args=[1]),
    ],
)
def test_other_pages_send_anonymous_visitors_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_goal_pages_of_a_trashed_goal_are_not_found(signed_in, goal):
    services.goal_trash(goal=goal, by=goal.owner)
    for name in GOAL_PAGES:
        assert signed_in.get(reverse(name, args=[goal.pk])).status_code == 404


# --- new goal --------------------------------------------------------------------------


def test_new_goal_form_labels_every_field_and_offers_a_blank_plan(signed_in):
    html = signed_in.get(reverse("goals:new")).content.decode()
    for field in ("title", "target_date", "non_working_dates", "category", "region"):
        assert f'<label for="id_{field}"' in html
    assert 'type="date"' in html
    assert "<legend>Working weekdays" in html
    assert "A blank plan" in html
    # Every weekday is ticked to begin with.
    assert html.count('name="working_weekdays"') == 7
    assert html.count('name="working_weekdays" value') == 7
    assert len(re.findall(r'name="working_weekdays"[^>]* checked>', html)) == 7
    assert re.search(r'<input type="radio" name="playbook" value=""[^>]* checked>', html)


def test_a_blank_goal_is_created_and_opens_on_its_goal_page(signed_in, customer):
    response = signed_in.post(reverse("goals:new"), new_goal_data())
    goal = Goal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("goals:detail", args=[goal.pk])
    assert goal.owner == customer
    assert goal.title == "Gala apples by March"
    assert goal.target_date == TARGET
    assert goal.working_weekdays == [1, 2, 3, 4, 5]
    assert goal.playbook is None
    assert not goal.milestones.exists()


def test_a_goal_from_a_playbook_gets_its_plan_worked_back_over_my_working_days(
    signed_in, customer, other_customer
):
    category = CategoryFactory(name="Horticulture")
    region = RegionFactory(name="Hawke's Bay")
    playbook = orchard_playbook(other_customer, category=category)
    response = signed_in.post(
        reverse("goals:new"),
        new_goal_data(
            playbook=str(playbook.pk),
            non_working_dates="2027-03-04\n\n 2027-03-03 \n",
            region=str(region.pk),
        ),
    )
    goal = Goal.objects.get()
    assert response.url == reverse("goals:detail", args=[goal.pk])
    assert goal.playbook == playbook
    assert goal.category == category  # from the playbook
    assert goal.region == region
    assert goal.description == playbook.description
    assert goal.non_working_dates == ["2027-03-03", "2027-03-04"]
    milestones = {m.title: m for m in goal.milestones.all()}
    assert set(milestones) == {"Prune", "Thin fruit", "Pick", "Export documents"}
    # Pick is a checkpoint on the last working day before the target (Friday 5 March);
    # Thin fruit skips the holidays on 3 and 4 March and ends on Tuesday 2 March.
    assert milestones["Pick"].latest_finish == date(2027, 3, 5)
    assert milestones["Thin fruit"].latest_finish == date(2027, 3, 2)
    assert milestones["Export documents"].must_finish_by == TARGET - timedelta(days=14)


def test_a_playbook_link_preselects_it_on_the_new_goal_form(signed_in, customer):
    playbook = orchard_playbook(customer)
    html = signed_in.get(reverse("goals:new"), {"playbook": playbook.pk}).content.decode()
    assert re.search(
        rf'<input type="radio" name="playbook" value="{playbook.pk}"[^>]* checked>', html
    )
    assert not re.search(r'<input type="radio" name="playbook" value=""[^>]* checked>', html)


def test_another_customers_private_playbook_is_neither_offered_nor_accepted(
    signed_in, other_customer
):
    private = orchard_playbook(other_customer, public=False, title="Secret orchard")
    assert "Secret orchard" not in signed_in.get(reverse("goals:new")).content.decode()
    response = signed_in.post(reverse("goals:new"), new_goal_data(playbook=str(private.pk)))
    assert response.status_code == 200
    assert errors_of(response, "playbook") == [
        "That playbook is not available. Choose another one."
    ]
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": "x" * 201}, "title", "at most 200 characters"),
        ({"target_date": "5 March"}, "target_date", "Enter a date as YYYY-MM-DD"),
        ({"target_date": "2027-02-30"}, "target_date", "Enter a date as YYYY-MM-DD"),
        ({"target_date": ""}, "target_date", "This field is required."),
        ({"working_weekdays": []}, "working_weekdays", "Choose at least one working weekday."),
        ({"working_weekdays": ["8"]}, "working_weekdays", "Select a valid choice"),
        (
            {"non_working_dates": "2027-01-01\nnext tuesday"},
            "non_working_dates",
            "Line 2: “next tuesday” is not a date",
        ),
        ({"category": "999999"}, "category", "Select a valid choice"),
        ({"playbook": "999999"}, "playbook", "That playbook is not available"),
    ],
)
def test_bad_input_on_the_new_goal_form_is_shown_on_its_field_and_saves_nothing(
    signed_in, overrides, field, message
):
    response = signed_in.post(reverse("goals:new"), new_goal_data(**overrides))
    assert response.status_code == 200
    assert any(message in error for error in errors_of(response, field)), errors_of(response, field)
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert not Goal.objects.exists()


def test_a_plan_that_reaches_before_the_calendar_begins_is_refused_without_saving(
    signed_in, customer
):
    """Targets in year 1 are in the past: refused with that message, before any rule or
    schedule could reach before the calendar begins."""
    dated = orchard_playbook(customer)  # its dated rule falls before year 1
    response = signed_in.post(
        reverse("goals:new"), new_goal_data(target_date="0001-01-03", playbook=str(dated.pk))
    )
    assert response.status_code == 200
    [error] = errors_of(response, "target_date")
    assert "is in the past: choose today" in error
    long = playbooks.playbook_create(
        by=customer, title="Long", milestones=[{"title": "Study", "duration_days": 300}]
    )
    response = signed_in.post(
        reverse("goals:new"), new_goal_data(target_date="0001-03-01", playbook=str(long.pk))
    )
    assert response.status_code == 200
    [error] = errors_of(response, "target_date")
    assert "is in the past: choose today" in error
    assert not Goal.objects.exists()


# --- goal settings ---------------------------------------------------------------------


def edit_data(goal, **overrides):
    data = {
        "title": goal.title,
        "target_date": goal.target_date.isoformat(),
        "status": goal.status,
        "working_weekdays": [str(day) for day in goal.working_weekdays],
        "non_working_dates": "\n".join(goal.non_working_dates),
        "category": goal.category_id or "",
        "region": goal.region_id or "",
        "description": goal.description,
    }
    data.update(overrides)
    return data


def test_settings_show_the_goals_current_values(signed_in, goal):
    services.goal_update(goal=goal, by=goal.owner, non_working_dates=["2027-03-01", "2027-03-02"])
    form = signed_in.get(reverse("goals:edit", args=[goal.pk])).context["form"]
    html = str(form)
    assert 'value="Gala apples"' in html
    assert 'value="2027-03-05"' in html
    assert "2027-03-01\n2027-03-02" in html


def test_changing_the_working_week_reworks_the_plan(signed_in, goal):
    prune = goal.milestones.get()
    assert prune.latest_start == date(2027, 3, 1)  # every day works: 1..5 March
    response = signed_in.post(
        reverse("goals:edit", args=[goal.pk]),
        edit_data(goal, title="Gala, export grade", working_weekdays=["1", "2", "3", "4", "5"]),
    )
    assert response.status_code == 302
    assert response.url == reverse("goals:detail", args=[goal.pk])
    goal.refresh_from_db()
    prune.refresh_from_db()
    assert goal.title == "Gala, export grade"
    assert goal.working_weekdays == [1, 2, 3, 4, 5]
    assert prune.latest_start == date(2027, 3, 1)
    response = signed_in.post(
        reverse("goals:edit", args=[goal.pk]),
        edit_data(goal, non_working_dates="2027-03-03", status="draft"),
    )
    prune.refresh_from_db()
    goal.refresh_from_db()
    assert goal.status == "draft"
    assert prune.latest_start == date(2027, 2, 26)  # Friday before, skipping the weekend


def test_marking_a_goal_achieved_with_open_milestones_asks_first(signed_in, goal):
    milestone_create(goal=goal, by=goal.owner, title="Pick", status=Milestone.Status.DONE)
    url = reverse("goals:edit", args=[goal.pk])

    asked = signed_in.post(url, edit_data(goal, status="achieved"))

    assert asked.status_code == 200
    assert errors_of(asked, "status") == [
        "1 of 2 milestones is still open. Mark the goal achieved anyway?"
    ]
    assert 'name="confirm_achieved"' in asked.content.decode()
    goal.refresh_from_db()
    assert goal.status == "active"

    confirmed = signed_in.post(url, edit_data(goal, status="achieved", confirm_achieved="on"))

    assert confirmed.status_code == 302
    goal.refresh_from_db()
    assert goal.status == "achieved"


def test_a_goal_whose_milestones_are_all_closed_is_marked_achieved_without_a_question(
    signed_in, goal
):
    goal.milestones.update(status=Milestone.Status.DONE)
    page = signed_in.get(reverse("goals:edit", args=[goal.pk])).content.decode()
    assert 'name="confirm_achieved"' not in page

    response = signed_in.post(
        reverse("goals:edit", args=[goal.pk]), edit_data(goal, status="achieved")
    )

    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == "achieved"


def test_a_target_date_before_a_milestones_deadline_is_refused_on_the_field(signed_in, goal):
    milestone_create(
        goal=goal, by=goal.owner, title="Export documents", must_finish_by=date(2027, 3, 1)
    )
    response = signed_in.post(
        reverse("goals:edit", args=[goal.pk]),
        edit_data(goal, title="Renamed", target_date="2027-02-20"),
    )
    assert response.status_code == 200
    assert any("Export documents" in error for error in errors_of(response, "target_date"))
    goal.refresh_from_db()
    assert goal.title == "Gala apples"
    assert goal.target_date == TARGET


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"target_date": "03/05/2027"}, "target_date"),
        ({"working_weekdays": []}, "working_weekdays"),
        ({"non_working_dates": "2027-13-01"}, "non_working_dates"),
        ({"status": "finished"}, "status"),
    ],
)
def test_bad_settings_are_shown_on_their_field_and_change_nothing(
    signed_in, goal, overrides, field
):
    before = Goal.objects.values().get(pk=goal.pk)
    response = signed_in.post(reverse("goals:edit", args=[goal.pk]), edit_data(goal, **overrides))
    assert response.status_code == 200
    assert errors_of(response, field)
    assert Goal.objects.values().get(pk=goal.pk) == before


# --- trash -----------------------------------------------------------------------------


def test_trashing_asks_first_then_offers_an_undo(signed_in, goal):
    confirm = signed_in.get(reverse("goals:trash", args=[goal.pk]))
    assert b"Move to the trash" in confirm.content
    goal.refresh_from_db()
    assert goal.deleted_at is None

    response = signed_in.post(reverse("goals:trash", args=[goal.pk]))
    assert response.status_code == 302
    assert response.url == f"{reverse('dashboard')}?trashed={goal.pk}"
    goal.refresh_from_db()
    assert goal.in_trash

    dashboard = signed_in.get(response.url).content.decode()
    assert "was moved to the trash" in dashboard
    assert reverse("goals:restore", args=[goal.pk]) in dashboard
    assert ">Undo</button>" in dashboard

    undo = signed_in.post(reverse("goals:restore", args=[goal.pk]), {"next": "/dashboard/"})
    assert undo.url == "/dashboard/"
    goal.refresh_from_db()
    assert not goal.in_trash
    assert "Gala apples" in signed_in.get(undo.url).content.decode()


def test_trashing_from_htmx_navigates_with_a_header(signed_in, goal):
    response = signed_in.post(reverse("goals:trash", args=[goal.pk]), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == f"{reverse('dashboard')}?trashed={goal.pk}"


def test_the_dashboard_offers_no_undo_for_someone_elses_trashed_goal(client, other_customer, goal):
    services.goal_trash(goal=goal, by=goal.owner)
    client.force_login(other_customer)
    html = client.get(reverse("dashboard"), {"trashed": goal.pk}).content.decode()
    assert "Undo" not in html
    assert "Gala apples" not in html


def test_the_trash_lists_my_trashed_goals_with_their_purge_date(
    signed_in, goal, customer, other_customer
):
    services.goal_trash(goal=goal, by=goal.owner)
    goal.refresh_from_db()
    theirs = services.goal_create(by=other_customer, title="Their goal", target_date=TARGET)
    services.goal_trash(goal=theirs, by=theirs.owner)
    services.goal_create(by=customer, title="Still alive", target_date=TARGET)
    html = signed_in.get(reverse("goals:trash-list")).content.decode()
    assert "Gala apples" in html
    assert goal.purge_on.isoformat() in html
    assert reverse("goals:restore", args=[goal.pk]) in html
    assert "Their goal" not in html
    assert "Still alive" not in html


def test_the_trash_says_when_it_is_empty(signed_in):
    assert b"The trash is empty." in signed_in.get(reverse("goals:trash-list")).content


def test_restoring_from_the_trash_brings_the_goal_back_with_its_plan(signed_in, goal):
    services.goal_trash(goal=goal, by=goal.owner)
    response = signed_in.post(reverse("goals:restore", args=[goal.pk]))
    assert response.url == reverse("goals:detail", args=[goal.pk])
    goal.refresh_from_db()
    assert not goal.in_trash
    assert goal.milestones.count() == 1


def test_restore_refuses_get_other_customers_and_outside_addresses(
    client, signed_in, goal, other_customer
):
    services.goal_trash(goal=goal, by=goal.owner)
    assert signed_in.get(reverse("goals:restore", args=[goal.pk])).status_code == 405
    response = signed_in.post(
        reverse("goals:restore", args=[goal.pk]), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("goals:detail", args=[goal.pk])
    services.goal_trash(goal=goal, by=goal.owner)
    client.force_login(other_customer)
    assert client.post(reverse("goals:restore", args=[goal.pk])).status_code == 404
    goal.refresh_from_db()
    assert goal.in_trash


def test_the_trash_list_makes_the_same_queries_for_few_and_many_goals(signed_in, customer):
    def page_queries():
        warm_navigation(signed_in)
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get(reverse("goals:trash-list")).status_code == 200
        return len(queries)

    category = CategoryFactory()
    for index in range(2):
        goal = services.goal_create(
            by=customer, title=f"Old {index}", target_date=TARGET, category=category
        )
        services.goal_trash(goal=goal, by=goal.owner)
    few = page_queries()
    for index in range(28):
        goal = services.goal_create(
            by=customer, title=f"More {index}", target_date=TARGET, category=category
        )
        services.goal_trash(goal=goal, by=goal.owner)
    assert page_queries() == few


# --- repeat ----------------------------------------------------------------------------


def test_repeating_a_goal_creates_next_seasons_goal_and_opens_it(signed_in, goal):
    form = signed_in.get(reverse("goals:repeat", args=[goal.pk])).context["form"]
    assert form["target_date"].value() == date(2028, 3, 5)
    response = signed_in.post(
        reverse("goals:repeat", args=[goal.pk]), {"target_date": "2028-03-03", "title": ""}
    )
    new_goal = Goal.objects.exclude(pk=goal.pk).get()
    assert response.status_code == 302
    assert response.url == reverse("goals:detail", args=[new_goal.pk])
    assert new_goal.title == "Gala apples"
    assert new_goal.target_date == date(2028, 3, 3)
    assert new_goal.repeats == goal
    assert new_goal.milestones.get().latest_finish == date(2028, 3, 3)


def test_a_repeat_can_have_a_new_title(signed_in, goal):
    signed_in.post(
        reverse("goals:repeat", args=[goal.pk]),
        {"target_date": "2028-03-03", "title": "Gala 2028"},
    )
    assert Goal.objects.filter(title="Gala 2028", repeats=goal).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"target_date": "next year"}, "target_date"),
        ({"target_date": ""}, "target_date"),
        ({"target_date": "2028-03-03", "title": "x" * 201}, "title"),
    ],
)
def test_bad_input_on_repeat_is_shown_on_its_field_and_saves_nothing(signed_in, goal, data, field):
    response = signed_in.post(reverse("goals:repeat", args=[goal.pk]), data)
    assert response.status_code == 200
    assert errors_of(response, field)
    assert Goal.objects.count() == 1


# --- save as playbook ------------------------------------------------------------------


def test_saving_a_goal_as_a_playbook_opens_the_new_private_playbook(signed_in, goal, customer):
    response = signed_in.post(reverse("goals:save-as-playbook", args=[goal.pk]), {"title": ""})
    playbook = Playbook.objects.get()
    assert response.url == reverse("goals:playbook-detail", args=[playbook.pk])
    assert playbook.title == "Gala apples"
    assert playbook.author == customer
    assert playbook.public is False
    assert list(playbook.milestones.values_list("title", flat=True)) == ["Prune"]
    assert b"Private: only you see it" in signed_in.get(response.url).content


def test_a_playbook_can_be_saved_public_under_a_new_title(signed_in, goal):
    signed_in.post(
        reverse("goals:save-as-playbook", args=[goal.pk]),
        {"title": "Gala season", "public": "on"},
    )
    assert Playbook.objects.get().public is True
    assert Playbook.objects.get().title == "Gala season"


def test_a_too_long_playbook_title_is_shown_on_the_field_and_saves_nothing(signed_in, goal):
    response = signed_in.post(
        reverse("goals:save-as-playbook", args=[goal.pk]), {"title": "x" * 201}
    )
    assert response.status_code == 200
    assert errors_of(response, "title")
    assert not Playbook.objects.exists()


# --- playbook library ------------------------------------------------------------------


def test_the_library_lists_public_and_my_own_playbooks_with_their_facts(
    signed_in, customer, other_customer
):
    category = CategoryFactory(name="Horticulture")
    orchard_playbook(other_customer, title="Orchard season", category=category)
    orchard_playbook(customer, title="My private orchard", public=False)
    orchard_playbook(other_customer, title="Their private orchard", public=False)
    html = signed_in.get(reverse("goals:playbook-list")).content.decode()
    assert "Orchard season" in html
    assert "Horticulture" in html
    assert other_customer.name in html
    assert "<dd>4</dd>" in html  # milestones
    assert "My private orchard" in html
    assert "Their private orchard" not in html
    assert "2 playbooks" in html


def test_the_library_filters_by_category_including_subcategories_and_by_words(
    signed_in, other_customer
):
    horticulture = CategoryFactory(name="Horticulture")
    apples = CategoryFactory(name="Apples", parent=horticulture)
    learning = CategoryFactory(name="Learning")
    orchard_playbook(other_customer, title="Apple season", category=apples)
    orchard_playbook(other_customer, title="Certificate", category=learning)
    html = signed_in.get(
        reverse("goals:playbook-list"), {"category": horticulture.pk}
    ).content.decode()
    assert "Apple season" in html
    assert "Certificate" not in html
    html = signed_in.get(reverse("goals:playbook-list"), {"q": "certif"}).content.decode()
    assert "Certificate" in html
    assert "Apple season" not in html


def test_an_unknown_category_in_the_library_filter_is_explained_not_an_error(
    signed_in, other_customer
):
    orchard_playbook(other_customer)
    response = signed_in.get(reverse("goals:playbook-list"), {"category": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors["category"]
    assert b"Orchard season" in response.content


def test_an_htmx_search_answers_with_the_results_only(signed_in, other_customer):
    orchard_playbook(other_customer)
    response = signed_in.get(
        reverse("goals:playbook-list"),
        {"q": "orchard"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="playbook-results",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="playbook-results"')
    assert "Orchard season" in html
    assert "<html" not in html


def test_the_library_is_paginated(signed_in, other_customer):
    for index in range(21):
        Playbook.objects.create(title=f"Playbook {index:02}", author=other_customer, public=True)
    first = signed_in.get(reverse("goals:playbook-list")).content.decode()
    assert "Playbook 19" in first and "Playbook 20" not in first
    second = signed_in.get(reverse("goals:playbook-list"), {"page": 2}).content.decode()
    assert "Playbook 20" in second
    assert signed_in.get(reverse("goals:playbook-list"), {"page": "x"}).status_code == 200


def test_the_library_counts_playbooks_alone_and_reads_categories_in_one_plain_query(
    signed_in, other_customer
):
    def library_queries() -> tuple[str, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            html = signed_in.get(reverse("goals:playbook-list")).content.decode()
        return html, [query["sql"] for query in queries.captured_queries]

    orchard_playbook(other_customer)
    html, sqls = library_queries()
    # A library that fits on its first page is counted from that page: no COUNT.
    assert "1 playbook" in html
    assert not [sql for sql in sqls if "COUNT(*)" in sql and "goals_playbook" in sql], sqls
    # The category dropdown is one SELECT, no server-side cursor (PostgreSQL's DECLARE).
    assert not [sql for sql in sqls if sql.startswith("DECLARE")], sqls
    assert len([sql for sql in sqls if 'FROM "reference_category"' in sql]) == 1

    for index in range(20):
        orchard_playbook(other_customer, title=f"Orchard season {index}")
    html, sqls = library_queries()
    assert "21 playbooks" in html
    # The paginator's count is of the playbooks, not of a GROUP BY over their milestones.
    counts = [sql for sql in sqls if "COUNT(*)" in sql and "goals_playbook" in sql]
    assert counts and all("goals_playbookmilestone" not in sql for sql in counts), counts


def test_the_library_makes_the_same_queries_for_few_and_many_playbooks(signed_in):
    def page_queries():
        every_other = list(Playbook.objects.order_by("id").values_list("id", flat=True))[::2]
        Playbook.objects.filter(pk__in=every_other).update(organization=partner)
        warm_navigation(signed_in)
        signed_in.get(reverse("goals:playbook-list"))  # the filter form drawn and kept
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get(reverse("goals:playbook-list")).status_code == 200
        return len(queries)

    partner = PartnerOrganization.objects.create(
        name="Fruitgrowers' extension", slug="extension", kind="extension_service"
    )
    category = CategoryFactory()
    for _index in range(2):
        orchard_playbook(UserFactory(), category=category)
    few = page_queries()
    for _index in range(28):
        orchard_playbook(UserFactory(), category=category)
    # Thirty no longer fit on the first page: they are counted (ecosystem/pagination.py).
    assert page_queries() == few + 1


def test_a_playbook_published_by_a_partner_shows_the_partners_name(signed_in, other_customer):
    partner = PartnerOrganization.objects.create(
        name="Fruitgrowers' extension", slug="extension", kind="extension_service", verified=True
    )
    playbook = orchard_playbook(other_customer)
    Playbook.objects.filter(pk=playbook.pk).update(organization=partner)
    for url in (
        reverse("goals:playbook-list"),
        reverse("goals:playbook-detail", args=[playbook.pk]),
    ):
        html = signed_in.get(url).content.decode()
        assert "Fruitgrowers&#x27; extension" in html
        assert "Verified partner" in html


# --- playbook page ---------------------------------------------------------------------


def test_the_playbook_page_shows_its_plan_a_preview_and_a_start_form(signed_in, other_customer):
    playbook = orchard_playbook(other_customer)
    html = signed_in.get(reverse("goals:playbook-detail", args=[playbook.pk])).content.decode()
    assert "Export-grade apples, season after season." in html
    assert "5 working days" in html
    assert "Checkpoint" in html
    assert "must finish 14 days before the target" in html
    assert "Sharpen shears" in html
    assert "(+2 working days)" in html  # Thin fruit comes 2 days after Prune
    assert "Preview of the timeline" in html
    assert "When each milestone must happen" in html
    assert "on the target date" in html  # Pick
    assert reverse("goals:playbook-start", args=[playbook.pk]) in html
    assert '<label for="id_target_date"' in html
    assert "<svg" in html


def test_the_preview_starts_today_and_ends_the_plans_span_later(customer, other_customer):
    from goals.selectors import playbook_preview

    playbook = orchard_playbook(other_customer)
    today = date(2026, 11, 23)
    preview = playbook_preview(playbook, today=today)
    # Export documents (2 days) must finish 14 days before the target: it starts 15 days
    # before; the Prune (5) + lag 2 + Thin (3) + Pick chain starts 10 days before.
    assert preview.start_date == today
    assert preview.target_date == today + timedelta(days=15)
    starts = {row.milestone.title: row.starts_days_before for row in preview.rows}
    assert starts == {"Export documents": 15, "Prune": 10, "Thin fruit": 3, "Pick": 0}
    assert all(row.dates.slack_days >= 0 for row in preview.rows)
    assert preview.timeline is not None
    assert len(preview.timeline.bars) == 4


def test_a_private_playbook_of_someone_else_is_not_found(client, other_customer, staff_user):
    private = orchard_playbook(other_customer, public=False)
    for person in (UserFactory(), staff_user):
        client.force_login(person)
        assert client.get(reverse("goals:playbook-detail", args=[private.pk])).status_code == 404
        response = client.post(
            reverse("goals:playbook-start", args=[private.pk]), {"target_date": "2027-03-05"}
        )
        assert response.status_code == 404
    assert not Goal.objects.exists()


def test_the_author_sees_their_private_playbook(client, other_customer):
    private = orchard_playbook(other_customer, public=False)
    client.force_login(other_customer)
    assert client.get(reverse("goals:playbook-detail", args=[private.pk])).status_code == 200


def test_starting_a_goal_from_the_playbook_page_opens_the_new_goal(
    signed_in, customer, other_customer
):
    playbook = orchard_playbook(other_customer)
    response = signed_in.post(
        reverse("goals:playbook-start", args=[playbook.pk]),
        {"target_date": "2027-03-05", "title": "My Gala season"},
    )
    goal = Goal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("goals:detail", args=[goal.pk])
    assert goal.owner == customer
    assert goal.title == "My Gala season"
    assert goal.milestones.count() == 4
    assert goal.dependencies.count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"target_date": "soon"}, "target_date"),
        ({"target_date": ""}, "target_date"),
        ({"target_date": "2027-03-05", "title": "x" * 201}, "title"),
    ],
)
def test_bad_input_on_the_start_form_is_shown_on_its_field_and_saves_nothing(
    signed_in, other_customer, data, field
):
    playbook = orchard_playbook(other_customer)
    response = signed_in.post(reverse("goals:playbook-start", args=[playbook.pk]), data)
    assert response.status_code == 200
    assert response.context["start_form"].errors[field]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Goal.objects.exists()


def test_opening_the_start_address_leads_to_the_playbook_page(signed_in, other_customer):
    playbook = orchard_playbook(other_customer)
    response = signed_in.get(reverse("goals:playbook-start", args=[playbook.pk]))
    assert response.url == reverse("goals:playbook-detail", args=[playbook.pk])


def test_the_playbook_page_makes_the_same_queries_for_small_and_large_playbooks(
    signed_in, customer
):
    def page_queries(playbook):
        warm_navigation(signed_in)
        with CaptureQueriesContext(connection) as queries:
            url = reverse("goals:playbook-detail", args=[playbook.pk])
            assert signed_in.get(url).status_code == 200
        return len(queries)

    small = orchard_playbook(customer)
    large = playbooks.playbook_create(
        by=customer,
        title="Large",
        milestones=[
            {"title": f"Step {index}", "duration_days": 2, "tasks": ["a", "b"]}
            for index in range(40)
        ],
        dependencies=[{"predecessor": index, "successor": index + 1} for index in range(39)],
    )
    assert page_queries(small) == page_queries(large)


def test_the_navigation_links_to_the_playbook_library(signed_in):
    html = signed_in.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("goals:playbook-list")}"' in html


def test_every_milestone_of_a_started_goal_is_open(signed_in, other_customer):
    playbook = orchard_playbook(other_customer)
    signed_in.post(
        reverse("goals:playbook-start", args=[playbook.pk]), {"target_date": "2027-03-05"}
    )
    assert set(Milestone.objects.values_list("status", flat=True)) == {"todo"}
