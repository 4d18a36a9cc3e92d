"""How the customer's voice hears of the plan: a milestone done asks about its needs, a
goal abandoned asks why; the goal page's plan region shows the open questions."""

from community.access import can_moderate
from community.hooks import moderation_queue
from ecosystem.cache import kept as kept_cache
from goals.hooks import goal_status_changed
from goals.models import Goal
from milestones.hooks import milestone_completed, plan_sections
from milestones.plan_version import PLAN_TIMEOUT_SECONDS, plan_key

from . import personal_data
from .models import Leaving, NeedAnswer
from .moderation.forms import with_decision_forms
from .moderation.selectors import attach_open_flags, idea_queue
from .services.leaving import leaving_ask
from .services.needs import needs_ask

NEEDS_TEMPLATE = "voice/partials/needs_question.html"
LEAVING_TEMPLATE = "voice/partials/leaving_question.html"
QUEUE_TEMPLATE = "voice/partials/idea_queue.html"
QUEUE_SHOWN = 10  # on community's moderation queue; the rest on the ideas queue's page


def _on_milestone_completed(sender, *, milestone, by, **kwargs):
    needs_ask(milestone=milestone)


def _on_goal_status_changed(sender, *, goal, previous, by, **kwargs):
    if goal.status == Goal.Status.ABANDONED:
        leaving_ask(goal=goal)


def plan_questions(*, user, goal) -> dict:
    """The open questions for the goal's owner: one query for needs, none when the plan
    was last seen with none open (`_open_needs`), one more only when the goal is
    abandoned."""
    if not user.is_authenticated or goal.owner_id != user.pk:
        return {}
    questions = []
    answers = _open_needs(goal)
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


def _open_needs(goal) -> list[NeedAnswer]:
    """The needs the owner has not answered yet, at milestones done. Most plans have none
    open most of the time, and finding none cost the goal page a query on every view:
    that none are open is kept under the plan's version (`plan_key`), which the asking
    raises (`services.needs.needs_ask`, the only write that opens one; answering, skipping
    and deleting only close them, and a plan kept as having some is asked again)."""
    key = plan_key(goal, "voice-open-needs")
    if kept_cache.get(key) is False:
        return []
    answers = list(
        NeedAnswer.objects.pending()
        .filter(milestone__goal=goal)
        .select_related("need", "milestone")
        .order_by("milestone_id", "id")
    )
    if not answers:
        kept_cache.set(key, False, PLAN_TIMEOUT_SECONDS)
    return answers


def idea_queue_section(*, user) -> dict:
    """On community's moderation queue, for staff (who decide on ideas): the oldest
    flagged ideas and comments, with a link to them all: three queries, none when empty."""
    if not can_moderate(user=user, community=None):
        return {}
    queryset = idea_queue(user=user)
    total = queryset.count()
    entries = with_decision_forms(attach_open_flags(queryset[:QUEUE_SHOWN])) if total else []
    section = {"template": QUEUE_TEMPLATE, "entries": entries, "total": total}
    return {"queue_sections": [section]}


def connect() -> None:
    personal_data.connect()
    milestone_completed.connect(_on_milestone_completed, dispatch_uid="voice-needs-ask")
    goal_status_changed.connect(_on_goal_status_changed, dispatch_uid="voice-leaving-ask")
    plan_sections.register("voice", plan_questions)
    moderation_queue.register("voice.ideas", idea_queue_section)
