"""The customer's voice's part of "Download my data" and of deleting an account: needs
answers and reasons for leaving go; ideas, comments and votes stay on the board, without
the person's name."""

from ecosystem.accounts.hooks import account_deleting, personal_data

from .models import Idea, IdeaComment, IdeaFlag, IdeaVote, Leaving, NeedAnswer


def personal_rows(*, user) -> dict:
    return {
        "needs_answers": NeedAnswer.objects.filter(customer=user).values(
            "need__title", "milestone_id", "rating", "met_by", "answered_at", "skipped_at"
        ),
        "ideas": Idea.objects.filter(author=user).values(
            "id", "title", "body", "status", "status_note", "created_at"
        ),
        "idea_votes": IdeaVote.objects.filter(voter=user).values("idea_id", "created_at"),
        "idea_comments": IdeaComment.objects.filter(author=user).values(
            "idea_id", "body", "created_at"
        ),
        "idea_flags_made": IdeaFlag.objects.filter(flagger=user).values(
            "id", "idea_id", "comment_id", "reason", "note", "outcome", "created_at"
        ),
        "leaving_reasons": Leaving.objects.filter(customer=user).values(
            "goal_id", "reasons", "note", "answered_at", "skipped_at"
        ),
    }


def _erase(sender, *, user, **kwargs) -> None:
    NeedAnswer.objects.filter(customer=user).delete()
    Leaving.objects.filter(customer=user).delete()


def connect() -> None:
    personal_data.register("voice", personal_rows)
    account_deleting.connect(_erase, dispatch_uid="voice.erase")
