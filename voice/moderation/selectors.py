"""Reads of the ideas board's moderation: staff's queue of flagged ideas and comments."""

from django.db.models import Exists, OuterRef, Q

from .models import IdeaFlag


def idea_queue(*, user):
    """Flagged ideas and comments waiting for review, oldest first: one row per item (its
    first open flag), the item and its author loaded; `attach_open_flags` adds each
    row's flags in one more query. Staff's alone (the caller checks who decides)."""
    earlier_open_flag = (
        IdeaFlag.objects.filter(outcome=IdeaFlag.Outcome.OPEN)
        .filter(Q(idea=OuterRef("idea")) | Q(comment=OuterRef("comment")))
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
        )
    )
    return (
        IdeaFlag.objects.filter(outcome=IdeaFlag.Outcome.OPEN)
        .filter(~Exists(earlier_open_flag))
        .select_related("idea__author", "comment__author", "comment__idea")
        .order_by("created_at", "id")
    )


def attach_open_flags(entries) -> list:
    """Give each queue row `item`, `kind` and `open_flags` (oldest first, with who raised
    them), in one query for the whole page."""
    entries = list(entries)
    by_item: dict[tuple, list] = {}
    if entries:
        for flag in (
            IdeaFlag.objects.filter(outcome=IdeaFlag.Outcome.OPEN)
            .filter(
                Q(idea_id__in=[e.idea_id for e in entries if e.idea_id])
                | Q(comment_id__in=[e.comment_id for e in entries if e.comment_id])
            )
            .select_related("flagger")
            .order_by("created_at", "id")
        ):
            by_item.setdefault((flag.idea_id, flag.comment_id), []).append(flag)
    for entry in entries:
        entry.kind = "ideas" if entry.idea_id else "comments"
        entry.item = entry.target
        entry.open_flags = by_item.get((entry.idea_id, entry.comment_id), [])
    return entries
