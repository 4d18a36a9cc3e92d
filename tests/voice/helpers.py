"""Building blocks for the customer's voice tests: a public playbook with needs, customers
who start it, finish a stage and answer."""

from datetime import date

from goals.playbooks import playbook_create
from milestones.models import Milestone
from milestones.plans import playbook_start
from milestones.services import milestone_update
from tests.factories import UserFactory
from voice.models import NeedAnswer
from voice.services.needs import need_add, need_answer

TARGET = date(2030, 3, 1)


def orchard_playbook(author, organization=None):
    playbook = playbook_create(
        by=author,
        title="Orchard season",
        public=True,
        organization=organization,
        milestones=[
            {"title": "Order fertiliser", "duration_days": 1},
            {"title": "Pick", "duration_days": 3},
        ],
    )
    order, pick = playbook.milestones.order_by("position")
    need_add(by=author, title="Finance for fertiliser", playbook_milestone=order)
    need_add(by=author, title="Pickers", playbook_milestone=pick)
    return playbook


def customer_answers(playbook, *, rating=2, customer=None, met_by="nobody"):
    """A customer starts the playbook, finishes its first stage and rates its need."""
    customer = customer or UserFactory()
    goal = playbook_start(playbook=playbook, by=customer, target_date=TARGET)
    first = Milestone.objects.filter(goal=goal).order_by("position").first()
    milestone_update(milestone=first, by=customer, status=Milestone.Status.DONE)
    answer = NeedAnswer.objects.get(milestone=first)
    need_answer(answer=answer, by=customer, rating=rating, met_by=met_by)
    return customer, goal
