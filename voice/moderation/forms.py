"""Forms of the ideas board's moderation (community's flag form is reused as it is)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.forms import ServiceErrorsMixin
from community.moderation_forms import FlagForm

from .services import DECISIONS

__all__ = ["DecisionForm", "FlagForm", "with_decision_forms"]


class DecisionForm(ServiceErrorsMixin, forms.Form):
    """Staff's decision on a flagged idea or comment; the button pressed says which."""

    action = forms.ChoiceField(
        choices=[(action.value, action.label) for action in DECISIONS],
        error_messages={"required": _("Choose an action.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,  # the service says when a reason is needed
        max_length=500,
        help_text=_("The author sees it."),
    )


def with_decision_forms(entries) -> list:
    """Give each queue row its own decision form (prefixed by the item, so a refused
    decision comes back on the right row)."""
    for entry in entries:
        entry.form = DecisionForm(prefix=f"{entry.kind}-{entry.item.pk}")
    return entries
