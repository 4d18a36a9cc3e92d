"""Forms of the moderation pages: they parse what people type; community.moderation decides.

The action form of a queue item carries one submit button per action (name "action"), so
every action works as a plain form POST; the services say what is allowed and why not.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .forms import ServiceErrorsMixin
from .models import Community, Flag, ModerationAction

ANY = [("", _("Any"))]
DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class FlagForm(ServiceErrorsMixin, forms.Form):
    """Flag a post or thread for the community's moderators."""

    reason = forms.ChoiceField(
        label=_("What is wrong with it?"),
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("A note for the moderators"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. What should they look at?"),
    )


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date-and-time picker; the field reads it in the current time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_INPUT)


class ModerationActionForm(ServiceErrorsMixin, forms.Form):
    """One action on a flagged post or thread; the button pressed says which."""

    SCOPE_COMMUNITY = "community"
    SCOPE_PLATFORM = "platform"

    action = forms.ChoiceField(
        choices=[
            choice
            for choice in ModerationAction.Action.choices
            if choice[0] != ModerationAction.Action.AUTO_HIDE
        ],
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose an action.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,  # the service says when a reason is needed, in its own words
        max_length=500,
        help_text=_("The author and the flaggers see it."),
    )
    until = forms.DateTimeField(
        label=_("Suspended until"),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text=_("For a suspension only."),
        error_messages={"invalid": _("Enter a date and time, e.g. 2027-03-01 09:00.")},
    )
    to_community = forms.ChoiceField(label=_("Move to"), required=False)
    scope = forms.ChoiceField(
        label=_("Where a warning or suspension applies"),
        required=False,
        choices=[
            (SCOPE_COMMUNITY, _("In this community")),
            (SCOPE_PLATFORM, _("Everywhere (staff only)")),
        ],
        initial=SCOPE_COMMUNITY,
    )

    def __init__(self, *args, communities=(), staff: bool = False, **kwargs):
        """`communities`: (slug, name) pairs a thread may be moved to, loaded once a page."""
        super().__init__(*args, **kwargs)
        self.fields["to_community"].choices = [("", _("Choose a community")), *communities]
        if not staff:
            del self.fields["scope"]

    def service_arguments(self, *, post=None, thread=None) -> dict:
        """Keyword arguments of `community.moderation.moderate` for this item."""
        data = self.cleaned_data
        action = data["action"]
        arguments = {"action": action, "reason": data.get("reason") or ""}
        person_action = action in (ModerationAction.Action.WARN, ModerationAction.Action.SUSPEND)
        if person_action and data.get("scope") == self.SCOPE_PLATFORM:
            # Platform-wide: the person, not the item (can_moderate_in says staff only).
            target = post if post is not None else thread
            arguments["subject"] = target.author
        else:
            arguments.update(post=post, thread=thread)
        if action == ModerationAction.Action.SUSPEND:
            arguments["until"] = data.get("until")
        if action == ModerationAction.Action.MOVE and data.get("to_community"):
            arguments["to_community"] = Community.objects.filter(slug=data["to_community"]).first()
        return arguments


class QueueFilterForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"), required=False)

    def __init__(self, *args, communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = [("", _("All I moderate")), *communities]


class LogFilterForm(forms.Form):
    """The log's filters; a value that does not parse is ignored (and said so)."""

    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[*ANY, *ModerationAction.Action.choices]
    )
    community = forms.ChoiceField(label=_("Community"), required=False)
    actor = forms.ModelChoiceField(
        label=_("Who acted"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Anyone"),
    )
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    until = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )

    def __init__(self, *args, communities=(), actors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = [("", _("All I moderate")), *communities]
        if actors is None:
            del self.fields["actor"]
        else:
            self.fields["actor"].queryset = actors
            self.fields["actor"].label_from_instance = lambda user: f"{user.name} ({user.email})"

    def filters(self) -> dict:
        """The valid filters, as keyword arguments of `selectors.moderation_log` (the
        community as a slug, for the view to look up)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "action": data.get("action") or "",
            "community": data.get("community") or "",
            "actor": data.get("actor"),
            "since": data.get("since"),
            "until": data.get("until"),
        }
