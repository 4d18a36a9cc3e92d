"""Forms of the peers pages: parse and label; the actions validate and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from goals.models import Goal

from ..models import PeerProfile, PeerReport


class PeerSettingsForm(forms.ModelForm):
    class Meta:
        model = PeerProfile
        fields = [
            "findable",
            "paused",
            "show_name",
            "show_region",
            "show_progress",
            "all_goals",
            "goals",
        ]
        widgets = {"goals": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = Goal.objects.alive().filter(owner=user)
        self.fields["goals"].required = False


class IntroductionForm(forms.Form):
    note = forms.CharField(
        label=_("A short note (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Markdown: **bold**, *italic*, lists and links."),
    )


class ShareGoalForm(forms.Form):
    goal = forms.ModelChoiceField(label=_("Share my goal"), queryset=Goal.objects.none())

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why"), choices=PeerReport.Reason.choices)
    note = forms.CharField(label=_("What staff should know"), max_length=1000, required=False)


class MentorForm(forms.Form):
    playbook = forms.IntegerField(widget=forms.HiddenInput)
    monthly_capacity = forms.IntegerField(
        label=_("Newcomers a month"), min_value=1, max_value=20, initial=2
    )
