"""Demo data for the customer's voice: needs on the orchard playbook's stages, eight
growers who followed it and said how well each need was met (over several months, so the
trend has points), five who abandoned a goal and said why, and a few ideas with votes.

Idempotent: needs, growers, goals and ideas are looked up first, so a second run changes
nothing. Every figure on the health page is over at least five growers, as it must be.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from goals.models import Goal
from goals.services import goal_create, goal_update
from milestones.models import Milestone
from milestones.plans import playbook_start
from milestones.services import milestone_update

from .models import Idea, Leaving, Need, NeedAnswer
from .services.ideas import idea_post, idea_vote
from .services.leaving import leaving_answer
from .services.needs import need_add, need_answer

NEEDS = {
    "Soil and leaf tests": ["A soil lab within a day's drive"],
    "Winter pruning": ["Skilled pruners for three weeks", "Sharp loppers and saws"],
    "Order fertiliser": ["Finance for fertiliser", "Advice on how much to order"],
}
GROWERS = 8
GOAL_TITLE = "Export-grade apples (demo grower)"
MET_BY = ["stakeholder", "resource", "community", "nobody"]
IDEAS = [
    ("Smaller fertiliser bags for family orchards", "Half-size bags would save waste."),
    ("Reminders by text message", "Not everyone checks email in the orchard."),
    ("A pruning workshop before winter", "Hands-on, in Hawke's Bay."),
]


def _grower(number: int, region):
    User = get_user_model()
    email = f"grower{number}@example.org"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=None,
            display_name=f"Grower {number} (demo)",
            region=region,
            time_zone="Pacific/Auckland",
        )
    return user


def _needs(playbook, author) -> None:
    for stage in playbook.milestones.all():
        for title in NEEDS.get(stage.title, []):
            if not Need.objects.filter(playbook_milestone=stage, title=title).exists():
                need_add(by=author, title=title, playbook_milestone=stage)


def _followed(playbook, grower, number: int) -> Goal:
    goal = Goal.objects.filter(owner=grower, title=GOAL_TITLE).first()
    if goal is not None:
        return goal
    goal = playbook_start(
        playbook=playbook,
        by=grower,
        target_date=grower.today() + timedelta(days=300),
        title=GOAL_TITLE,
    )
    stages = list(Milestone.objects.filter(goal=goal).order_by("position", "id"))
    for milestone in stages[:3]:
        milestone_update(milestone=milestone, by=grower, status=Milestone.Status.DONE)
    now = timezone.now()
    for index, answer in enumerate(NeedAnswer.objects.filter(milestone__goal=goal).order_by("id")):
        need_answer(
            answer=answer,
            by=grower,
            rating=1 + (number + index * 2) % 5,
            met_by=MET_BY[(number + index) % len(MET_BY)],
        )
        # Spread the answers over the last four months, so the trend has points.
        NeedAnswer.objects.filter(pk=answer.pk).update(
            answered_at=now - timedelta(days=30 * ((number + index) % 4))
        )
    return goal


def _left(grower, number: int, region) -> None:
    title = "Second block of pears (demo)"
    if Goal.objects.filter(owner=grower, title=title).exists():
        return
    goal = goal_create(
        by=grower, title=title, target_date=grower.today() + timedelta(days=200), region=region
    )
    goal_update(goal=goal, by=grower, status=Goal.Status.ABANDONED)
    reasons = ["no_time", "cost"] if number % 2 else ["no_time", "help_missing"]
    leaving_answer(leaving=Leaving.objects.get(goal=goal), by=grower, reasons=reasons)


@transaction.atomic
def load_voice_demo(*, playbook, staff, demo, region) -> dict:
    """Needs, answers, reasons for leaving and ideas around the orchard playbook."""
    _needs(playbook, staff)
    growers = [_grower(number, region) for number in range(1, GROWERS + 1)]
    for number, grower in enumerate(growers, start=1):
        _followed(playbook, grower, number)
        if number <= 5:
            _left(grower, number, region)
    ideas = []
    for title, body in IDEAS:
        idea = Idea.objects.filter(title=title).first()
        if idea is None:
            idea = idea_post(by=demo, title=title, body=body)
            for grower in growers[: 3 + len(ideas) * 2]:
                idea_vote(idea=idea, by=grower)
        ideas.append(idea)
    return {"growers": growers, "ideas": ideas}
