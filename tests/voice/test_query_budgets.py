"""Query budgets for the customer's voice: the needs pages of a goal and a playbook, an
idea's page, a partner's health page and the needs, answers and idea-comments lists of
the API each make the same number of queries with few and with many needs, answers,
comments and votes.

(The ideas board and the staff health page have theirs in test_ideas.py and
test_health.py.) Budgets are the counts measured when the page was last changed; raise
one only on purpose."""

import pytest

from milestones.models import Milestone
from milestones.plans import playbook_start
from milestones.services import milestone_create
from partners.services import organization_create
from stakeholders.services import stakeholder_invite
from tests.conftest import api_for, client_for
from tests.factories import UserFactory
from tests.query_counts import assert_flat
from tests.voice.helpers import TARGET, customer_answers
from voice.services.ideas import idea_comment, idea_post, idea_vote
from voice.services.needs import need_add

pytestmark = pytest.mark.django_db


def test_a_goals_needs_page_is_flat_in_milestones_and_needs(playbook, customer):
    goal = playbook_start(playbook=playbook, by=customer, target_date=TARGET)
    first = Milestone.objects.filter(goal=goal).order_by("position").first()
    stage = playbook.milestones.order_by("position").first()

    def grow(count):
        for number in range(count):
            milestone = milestone_create(goal=goal, by=customer, title=f"Step {number}")
            need_add(by=customer, title=f"Own need {number}", milestone=milestone)
            need_add(by=customer, title=f"Another {number}", milestone=first)
            need_add(by=playbook.author, title=f"Inherited {number}", playbook_milestone=stage)

    assert_flat(client_for(customer), f"/goals/{goal.pk}/needs/", grow, budget=7)


def test_a_playbooks_needs_page_is_flat_in_needs(playbook, customer):
    stages = list(playbook.milestones.order_by("position"))

    def grow(count):
        for number in range(count):
            for stage in stages:
                need_add(by=playbook.author, title=f"Need {number}", playbook_milestone=stage)

    assert_flat(client_for(customer), f"/playbooks/{playbook.pk}/needs/", grow, budget=6)


def test_an_ideas_page_is_flat_in_comments_and_votes(customer):
    idea = idea_post(by=customer, title="Smaller fertiliser bags")

    def grow(count):
        for number in range(count):
            person = UserFactory()
            idea_vote(idea=idea, by=person)
            idea_comment(idea=idea, by=person, body=f"Yes please, {number}")

    assert_flat(client_for(customer), f"/ideas/{idea.pk}/", grow, budget=6)


def test_an_ideas_comments_endpoint_is_flat_in_comments(customer):
    idea = idea_post(by=customer, title="Smaller fertiliser bags")

    def grow(count):
        for number in range(count):
            idea_comment(idea=idea, by=UserFactory(), body=f"Yes please, {number}")

    assert_flat(api_for(customer), f"/api/v1/ideas/{idea.pk}/comments/", grow, budget=3)


def test_a_partners_health_page_is_flat_in_its_customers_answers(playbook):
    admin = UserFactory()
    organization = organization_create(by=admin, name="Fert Co", kind="supplier")

    def grow(count):
        for _ in range(count):
            _customer, goal = customer_answers(playbook, rating=4)
            stakeholder_invite(
                goal=goal, by=goal.owner, organization=organization, role="supplier", access="view"
            )

    # Five answers make the smallest group the page shows.
    assert_flat(
        client_for(admin), f"/partners/{organization.slug}/voice/", grow, budget=10, few=5, more=8
    )


def test_the_needs_endpoint_is_flat_in_needs(playbook, customer):
    goal = playbook_start(playbook=playbook, by=customer, target_date=TARGET)
    first = Milestone.objects.filter(goal=goal).order_by("position").first()
    stage = playbook.milestones.order_by("position").first()

    def grow(count):
        for number in range(count):
            need_add(by=customer, title=f"Own {number}", milestone=first)
            need_add(by=playbook.author, title=f"Stage {number}", playbook_milestone=stage)

    assert_flat(api_for(customer), "/api/v1/needs/", grow, budget=2)


def test_the_answers_endpoint_is_flat_in_answers(playbook, customer):
    def grow(count):
        for _ in range(count):
            customer_answers(playbook, customer=customer, rating=3)

    assert_flat(api_for(customer), "/api/v1/needs/answers/", grow, budget=2, more=10)
