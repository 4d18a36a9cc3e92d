"""How the customer's voice hears of the plan: a milestone done asks about its needs, a
goal abandoned asks why; the goal page's plan region shows the open questions."""

from goals.hooks import goal_status_changed
from goals.models import Goal
from milestones.hooks import milestone_completed, plan_sections

from . import personal_data
from .models import Leaving, NeedAnswer
from .services.leaving import leaving_ask
from .services.needs import needs_ask

NEEDS_TEMPLATE = "voice/partials/needs_question.html"
LEAVING_TEMPLATE = "voice/partials/leaving_question.html"


def _on_milestone_completed(sender, *, milestone, by, **kwargs):
    needs_ask(milestone=milestone)


def _on_goal_status_changed(sender, *, goal, previous, by, **kwargs):
    if goal.status == Goal.Status.ABANDONED:
        leaving_ask(goal=goal)


def plan_questions(*, user, goal) -> dict:
    """The open questions for the goal's owner: one query for needs, one more only when the
    goal is abandoned."""
    if not user.is_authenticated or goal.owner_id != user.pk:
        return {}
    questions = []
    answers = list(
        NeedAnswer.objects.pending()
        .filter(milestone__goal=goal)
        .select_related("need", "milestone")
        .order_by("milestone_id", "id")
    )
    if answers:
        questions.append(
            {"template": NEEDS_TEMPLATE, "answers": answers, "met_by": NeedAnswer.MetBy.choices}
        )
    if goal.status == Goal.Status.ABANDONED:
        leaving = Leaving.objects.pending().filter(goal=goal).first()
        if leaving is not None:
            questions.append(
                {
                    "template": LEAVING_TEMPLATE,
                    "leaving": leaving,
                    "reasons": Leaving.Reason.choices,
                }
            )
    return {"plan_questions": questions} if questions else {}


def connect() -> None:
    personal_data.connect()
    milestone_completed.connect(_on_milestone_completed, dispatch_uid="voice-needs-ask")
    goal_status_changed.connect(_on_goal_status_changed, dispatch_uid="voice-leaving-ask")
    plan_sections.register("voice", plan_questions)
