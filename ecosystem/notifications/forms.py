from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_LEAD_DAYS, Channel, Kind

CHANNEL_PREFIX = "channel_"


class CentreFilterForm(forms.Form):
    """The centre's filters, read from the query string (an unknown value is ignored)."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )
    unread = forms.BooleanField(label=_("Unread only"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {"kind": None, "unread": False}
        return {
            "kind": self.cleaned_data["kind"] or None,
            "unread": self.cleaned_data["unread"],
        }


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self):
        super().__init__(format="%H:%M")


class PreferencesForm(forms.Form):
    """Delivery settings, and one channel per kind of notification."""

    reminder_time = forms.TimeField(
        label=_("Local time for reminders and the daily digest"),
        widget=TimeInput(),
        help_text=_("In your time zone (set on your profile)."),
    )
    reminder_lead_days = forms.IntegerField(
        label=_("Days of warning before a milestone is due"),
        min_value=1,
        max_value=MAX_LEAD_DAYS,
    )
    quiet_hours_start = forms.TimeField(
        label=_("Quiet hours from"),
        required=False,
        widget=TimeInput(),
        help_text=_("No email in these hours; it waits until they end."),
    )
    quiet_hours_end = forms.TimeField(
        label=_("Quiet hours until"), required=False, widget=TimeInput()
    )
    remind_contributed = forms.BooleanField(
        label=_("Also remind me about milestones I contribute to on other people's goals"),
        required=False,
    )

    def __init__(self, *args, channels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[CHANNEL_PREFIX + kind.value] = forms.ChoiceField(
                label=kind.label, choices=Channel.choices, initial=channels[kind.value]
            )

    def channel_fields(self):
        return [self[CHANNEL_PREFIX + kind.value] for kind in Kind]

    def setting_fields(self):
        return [self[name] for name in self.fields if not name.startswith(CHANNEL_PREFIX)]

    def channels(self) -> dict[str, str]:
        return {kind.value: self.cleaned_data[CHANNEL_PREFIX + kind.value] for kind in Kind}

    def settings(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if not name.startswith(CHANNEL_PREFIX)
        }
