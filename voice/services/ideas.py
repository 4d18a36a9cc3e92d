"""Ideas: post, vote, comment, answer with a status, merge duplicates, hide."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import ModerationAction
from ecosystem.markdown import markdown_problems, render_markdown
from ecosystem.notifications.models import Kind
from ecosystem.notifications.services import notify
from partners.models import PartnerOrganization

from ..access import (
    check_can_answer_idea,
    check_can_comment,
    check_can_hide_idea,
    check_can_merge_idea,
    check_can_vote,
)
from ..models import Idea, IdeaComment, IdeaFlag, IdeaVote
from ..moderation.services import idea_moderate

ANSWER_STATUSES = [
    Idea.Status.UNDER_REVIEW,
    Idea.Status.PLANNED,
    Idea.Status.STARTED,
    Idea.Status.DONE,
    Idea.Status.DECLINED,
]


def _clean_markdown(field: str, text: str) -> str:
    problems = markdown_problems(text)
    if problems or "\x00" in (text or ""):
        raise ValidationError({field: problems or [_("The text holds a null character.")]})
    return render_markdown(text)


@transaction.atomic
def idea_post(
    *, by, title: str, body: str = "", organization: PartnerOrganization | None = None, stage=None
) -> Idea:
    """Post an idea (the author's vote comes with it)."""
    if not by.is_authenticated:
        raise PermissionDenied(_("Sign in to post an idea."))
    if (
        organization is not None
        and not PartnerOrganization.objects.visible_to(by).filter(pk=organization.pk).exists()
    ):
        raise ValidationError({"organization": _("Choose an organisation you can see.")})
    idea = Idea(
        author=by,
        organization=organization,
        stage=stage,
        title=(title or "").strip(),
        body=body or "",
        body_html=_clean_markdown("body", body or ""),
    )
    if "\x00" in idea.title:
        raise ValidationError({"title": _("The text holds a null character.")})
    idea.full_clean(exclude=["author", "organization", "stage", "merged_into"])
    idea.save()
    IdeaVote.objects.create(idea=idea, voter=by)
    return idea


@transaction.atomic
def idea_vote(*, idea: Idea, by) -> bool:
    """Vote once; voting again changes nothing. Returns whether a vote was added."""
    check_can_vote(user=by, idea=idea)
    _vote, created = IdeaVote.objects.get_or_create(idea=idea, voter=by)
    return created


@transaction.atomic
def idea_unvote(*, idea: Idea, by) -> bool:
    check_can_vote(user=by, idea=idea)
    deleted, _rows = IdeaVote.objects.filter(idea=idea, voter=by).delete()
    return bool(deleted)


@transaction.atomic
def idea_comment(*, idea: Idea, by, body: str) -> IdeaComment:
    check_can_comment(user=by, idea=idea)
    if not (body or "").strip():
        raise ValidationError({"body": _("Write a comment.")})
    comment = IdeaComment(idea=idea, author=by, body=body, body_html=_clean_markdown("body", body))
    comment.full_clean(exclude=["idea", "author"])
    comment.save()
    return comment


def tell_voters(*, idea: Idea, by) -> int:
    """Every voter but the one who answered hears of the new status, once per status
    (a hidden idea is seen only by its author, so only they are told)."""
    voters = IdeaVote.objects.filter(idea=idea).exclude(voter=by)
    if idea.hidden_at is not None:
        voters = voters.filter(voter=idea.author_id)
    return notify(
        recipients=voters.values_list("voter_id", flat=True),
        kind=Kind.IDEA_STATUS,
        title=lambda: (
            _("“%(title)s” is now %(status)s")
            % {"title": idea.title, "status": idea.get_status_display().lower()}
        ),
        body=idea.status_note,
        dedupe_key=f"idea-{idea.pk}-status-{idea.status}",
        target=idea,
        link=idea.get_absolute_url(),
    )


@transaction.atomic
def idea_set_status(*, idea: Idea, by, status: str, note: str = "") -> Idea:
    """The partner (or staff, for the platform) answers with a status; every voter is told."""
    check_can_answer_idea(user=by, idea=idea)
    if status not in ANSWER_STATUSES:
        raise ValidationError(
            {"status": _("Choose under review, planned, started, done or declined.")}
        )
    if idea.status == Idea.Status.MERGED:
        raise ValidationError({"status": _("This idea was merged; answer the one it joined.")})
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.status == status and idea.status_note == (note or "").strip():
        return idea
    idea.status = status
    idea.status_note = (note or "").strip()
    idea.status_changed_at = timezone.now()
    idea.status_changed_by = by
    idea.full_clean(exclude=["author", "organization", "stage", "merged_into"])
    idea.save()
    tell_voters(idea=idea, by=by)
    return idea


@transaction.atomic
def idea_merge(*, idea: Idea, into: Idea, by) -> Idea:
    """Merge a duplicate into another idea: its votes move (a person who voted for both
    counts once), its comments follow, and it points at the idea it joined."""
    check_can_merge_idea(user=by, idea=idea, into=into)
    if idea.pk == into.pk:
        raise ValidationError({"into": _("An idea cannot be merged into itself.")})
    if into.status == Idea.Status.MERGED:
        raise ValidationError({"into": _("That idea was itself merged; choose the one it joined.")})
    if idea.status == Idea.Status.MERGED:
        raise ValidationError({"into": _("This idea is already merged.")})
    # Lock both in id order so two merges of the same pair cannot interleave.
    locked = {
        i.pk: i
        for i in Idea.objects.select_for_update().filter(pk__in=[idea.pk, into.pk]).order_by("pk")
    }
    idea, into = locked[idea.pk], locked[into.pk]
    already = IdeaVote.objects.filter(idea=into).values("voter_id")
    IdeaVote.objects.filter(idea=idea).exclude(voter_id__in=already).update(idea=into)
    IdeaVote.objects.filter(idea=idea).delete()
    IdeaComment.objects.filter(idea=idea).update(idea=into)
    idea.status = Idea.Status.MERGED
    idea.merged_into = into
    idea.status_changed_at = timezone.now()
    idea.status_changed_by = by
    idea.save()
    return into


@transaction.atomic
def idea_hide(*, idea: Idea, by, hidden: bool = True, reason: str = "") -> Idea:
    """Staff hide an idea (its author still sees it) or show it again: a moderation
    decision (voice.moderation), in the log with its audit row, its author told. Asking
    for what already is changes nothing."""
    check_can_hide_idea(user=by, idea=idea)
    flagged = IdeaFlag.objects.filter(idea=idea, outcome=IdeaFlag.Outcome.OPEN).exists()
    if (idea.hidden_at is not None) == hidden and not (hidden and flagged):
        return idea
    idea_moderate(
        by=by,
        action=ModerationAction.Action.HIDE if hidden else ModerationAction.Action.RESTORE,
        reason=reason.strip() or (_("Hidden by staff.") if hidden else ""),
        idea=idea,
    )
    idea.refresh_from_db(fields=["hidden_at", "hidden_by"])
    return idea
