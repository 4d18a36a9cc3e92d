"""Why a goal was abandoned: asked once, answered (or skipped) by its customer."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Leaving


def leaving_ask(*, goal) -> Leaving:
    """Ask the customer why (once per goal: abandoning again asks nothing new)."""
    leaving, _created = Leaving.objects.get_or_create(goal=goal, defaults={"customer": goal.owner})
    return leaving


@transaction.atomic
def leaving_answer(*, leaving: Leaving, by, reasons: list[str], note: str = "") -> Leaving:
    if not by.is_authenticated or leaving.customer_id != by.pk:
        raise Http404
    if not isinstance(reasons, list | tuple) or any(
        reason not in Leaving.Reason.values for reason in reasons
    ):
        raise ValidationError({"reasons": _("Choose reasons from the list.")})
    leaving.reasons = sorted(set(reasons))
    leaving.note = (note or "").strip()
    leaving.full_clean(exclude=["goal", "customer"])
    leaving.answered_at = timezone.now()
    leaving.skipped_at = None
    leaving.save()
    return leaving


@transaction.atomic
def leaving_skip(*, leaving: Leaving, by) -> Leaving:
    if not by.is_authenticated or leaving.customer_id != by.pk:
        raise Http404
    if leaving.answered_at is None and leaving.skipped_at is None:
        leaving.skipped_at = timezone.now()
        leaving.save(update_fields=["skipped_at"])
    return leaving
