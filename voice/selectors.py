"""Reads of needs, answers and ideas, with their query shape decided here."""

from django.db.models import Count, Exists, OuterRef, Prefetch

from goals.models import Playbook, PlaybookMilestone
from milestones.models import Milestone

from .models import Idea, IdeaComment, IdeaFlag, IdeaVote, Need, NeedAnswer


def need_list(*, user):
    return Need.objects.visible_to(user).select_related(
        "playbook_milestone__playbook", "milestone__goal"
    )


def need_detail(*, user, pk: int) -> Need:
    return need_list(user=user).get(pk=pk)


def answer_list(*, user):
    return (
        NeedAnswer.objects.visible_to(user)
        .select_related("need", "milestone__goal", "stakeholder", "resource")
        .order_by("-asked_at", "-id")
    )


def answer_detail(*, user, pk: int) -> NeedAnswer:
    return answer_list(user=user).get(pk=pk)


def goal_needs(*, goal, user) -> list[tuple[Milestone, list[Need], list[Need]]]:
    """Each milestone of a goal the person sees, with its own needs and those inherited
    from its playbook milestone: three queries."""
    milestones = list(
        Milestone.objects.visible_to(user).filter(goal=goal).order_by("position", "id")
    )
    own: dict[int, list[Need]] = {}
    for need in Need.objects.filter(milestone__in=[m.pk for m in milestones]):
        own.setdefault(need.milestone_id, []).append(need)
    inherited: dict[int, list[Need]] = {}
    sources = {m.source_id for m in milestones if m.source_id}
    for need in Need.objects.filter(playbook_milestone_id__in=sources):
        inherited.setdefault(need.playbook_milestone_id, []).append(need)
    return [
        (milestone, own.get(milestone.pk, []), inherited.get(milestone.source_id, []))
        for milestone in milestones
    ]


def playbook_needs(*, playbook: Playbook):
    return PlaybookMilestone.objects.filter(playbook=playbook).prefetch_related(
        Prefetch("needs", queryset=Need.objects.order_by("id"))
    )


def idea_list(*, user):
    """Ideas a person may see, with their votes counted and whether they voted: one query."""
    ideas = (
        Idea.objects.visible_to(user)
        .select_related("author", "organization", "stage__playbook", "merged_into")
        .annotate(vote_count=Count("votes", distinct=True))
        .order_by("-created_at", "-id")
    )
    if user.is_authenticated:
        ideas = ideas.annotate(
            voted=Exists(IdeaVote.objects.filter(idea=OuterRef("pk"), voter=user)),
            flagged=Exists(IdeaFlag.objects.filter(idea=OuterRef("pk"), flagger=user)),
        )
    return ideas


def idea_detail(*, user, pk: int) -> Idea:
    return idea_list(user=user).get(pk=pk)


def idea_comments(*, user, idea: Idea):
    """The comments on an idea the person sees (a hidden one: its author and staff), with
    whether they flagged each."""
    comments = IdeaComment.objects.visible_to(user).filter(idea=idea).select_related("author")
    if user.is_authenticated:
        comments = comments.annotate(
            flagged=Exists(IdeaFlag.objects.filter(comment=OuterRef("pk"), flagger=user))
        )
    return comments
