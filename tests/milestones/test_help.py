"""Help for this step: partners' resources, community tips and advice on a milestone."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.services import community_create, community_join, thread_create
from goals.playbooks import playbook_create
from milestones.plans import playbook_start
from partners.services import organization_create, resource_create, resource_publish
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thinning(customer, staff_user):
    playbook = playbook_create(
        by=staff_user, title="Orchard", public=True, milestones=[{"title": "Fruit thinning"}]
    )
    goal = playbook_start(playbook=playbook, by=customer, target_date=date(2027, 3, 1))
    return goal.milestones.get(), playbook.milestones.get()


def _resources(source, count):
    partner = UserFactory()
    organization = organization_create(
        by=partner, name=f"Extension {count}", kind="extension_service"
    )
    for index in range(count):
        resource = resource_create(
            by=partner,
            organization=organization,
            kind="guide",
            title=f"Thinning guide {index}",
            playbook_milestones=[source],
        )
        resource_publish(resource=resource, by=partner)


def test_the_owner_sees_resources_and_community_tips_on_the_milestone(
    client, customer, staff_user, thinning
):
    milestone, source = thinning
    _resources(source, 1)
    growers = community_create(by=staff_user, name="Growers", purpose="Apples")
    member = UserFactory()
    community_join(community=growers, user=member)
    thread_create(
        community=growers,
        author=member,
        title="Thin at 10 mm",
        kind="tip",
        body="Early!",
        playbook_milestone=source,
    )
    client.force_login(customer)

    page = client.get(reverse("goals:milestone-help", args=[milestone.pk])).content.decode()
    assert "Thinning guide 0" in page and "Not verified" in page
    assert "Thin at 10 mm" in page
    assert "No advice on this milestone yet." in page

    # On the goal page, the open milestone shows the same help (the closed list none).
    goal_url = reverse("goals:detail", args=[milestone.goal_id])
    assert "Thinning guide 0" not in client.get(goal_url).content.decode()
    goal_page = client.get(f"{goal_url}?open={milestone.pk}").content.decode()
    assert "Thinning guide 0" in goal_page and "Thin at 10 mm" in goal_page
    assert f'id="advice-{milestone.pk}"' in goal_page


def test_help_is_404_for_people_who_cannot_see_the_milestone(client, other_customer, thinning):
    milestone, _source = thinning
    client.force_login(other_customer)
    assert client.get(reverse("goals:milestone-help", args=[milestone.pk])).status_code == 404


def test_help_makes_the_same_number_of_queries_for_few_and_many_resources(
    client, customer, thinning
):
    milestone, source = thinning
    client.force_login(customer)
    url = reverse("goals:milestone-help", args=[milestone.pk])
    _resources(source, 2)
    with CaptureQueriesContext(connection) as few:
        client.get(url, HTTP_HX_REQUEST="true")
    _resources(source, 30)
    with CaptureQueriesContext(connection) as many:
        client.get(url, HTTP_HX_REQUEST="true")
    assert len(few) == len(many)
