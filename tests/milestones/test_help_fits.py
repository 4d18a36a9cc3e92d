"""Help for this step lists what is tied to the step first (marked so), then what fits the
goal's category during the step's dates, and says when nothing does; a stakeholder who may
comment finds the advice box on the open milestone itself."""

from datetime import date

import pytest
from django.urls import reverse

from goals.models import Goal
from goals.playbooks import playbook_create
from milestones.plans import playbook_start
from partners.services import organization_create, resource_create, resource_publish
from tests.factories import CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thinning(customer, staff_user):
    playbook = playbook_create(
        by=staff_user, title="Orchard", public=True, milestones=[{"title": "Fruit thinning"}]
    )
    goal = playbook_start(playbook=playbook, by=customer, target_date=date(2027, 3, 1))
    category = CategoryFactory(name="Apples")
    Goal.objects.filter(pk=goal.pk).update(category=category)
    return goal.milestones.get(), playbook.milestones.get(), category


@pytest.fixture
def publish():
    partner = UserFactory()
    organization = organization_create(by=partner, name="Extension", kind="extension_service")

    def create(title, **fields):
        resource = resource_create(
            by=partner, organization=organization, kind="guide", title=title, **fields
        )
        resource_publish(resource=resource, by=partner)
        return resource

    return create


def _help(client, milestone) -> str:
    return client.get(reverse("goals:milestone-help", args=[milestone.pk])).content.decode()


def test_tied_first_and_marked_then_the_category_during_the_steps_dates(
    client, customer, thinning, publish
):
    milestone, source, category = thinning
    milestone.refresh_from_db()
    assert milestone.latest_finish.year == 2027  # the step runs late Feb 2027
    publish("Category, any time", categories=[category])
    publish(
        "Category, during the step",
        categories=[category],
        window_start=date(2027, 2, 1),
        window_end=date(2027, 3, 31),
    )
    publish(
        "Category, a year later",
        categories=[category],
        window_start=date(2028, 1, 1),
        window_end=date(2028, 2, 1),
    )
    publish(
        "Tied, a year later",
        playbook_milestones=[source],
        window_start=date(2028, 1, 1),
        window_end=date(2028, 2, 1),
    )
    client.force_login(customer)

    page = _help(client, milestone)

    assert "Category, a year later" not in page  # its window misses the step's dates
    tied = page.index("Tied, a year later")  # tied to the step: whatever its dates
    assert tied < page.index("Category, during the step")
    assert tied < page.index("Category, any time")
    assert page.count("For this step") == 1
    assert page.index("For this step") < tied


def test_says_when_nothing_fits(client, customer, thinning, publish):
    milestone, _source, _category = thinning
    publish("Another category", categories=[CategoryFactory(name="Pears")])
    client.force_login(customer)

    page = _help(client, milestone)

    assert "Another category" not in page
    assert "No partner resources fit this step yet" in page


def test_a_commenter_sees_the_advice_box_on_the_open_milestone(
    client, shared_goal, stakeholder_comment
):
    prune = shared_goal.milestones.get(title="Prune")
    client.force_login(stakeholder_comment)
    url = reverse("goals:detail", args=[shared_goal.pk])

    page = client.get(f"{url}?open={prune.pk}").content.decode()

    item = page.split(f'<li id="milestone-{prune.pk}"', 1)[1].split("</li>\n", 1)[0]
    assert f'name="advice-{prune.pk}-body"' in item
    # On the milestone itself, not inside the collapsible help panel.
    panel_end = item.index("</details>", item.index("milestone-help-panel"))
    assert item.index(f'id="advice-{prune.pk}"') > panel_end


def test_a_viewer_sees_the_advice_but_no_box(client, shared_goal, stakeholder_view):
    prune = shared_goal.milestones.get(title="Prune")
    client.force_login(stakeholder_view)
    url = reverse("goals:detail", args=[shared_goal.pk])

    page = client.get(f"{url}?open={prune.pk}").content.decode()

    assert f'id="advice-{prune.pk}"' in page
    assert f'name="advice-{prune.pk}-body"' not in page
