"""Forms of the customer's voice pages (the services check and validate again)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from goals.models import PlaybookMilestone
from partners.models import PartnerOrganization

from .models import Idea, Leaving, NeedAnswer
from .services.ideas import ANSWER_STATUSES


class NeedForm(forms.Form):
    title = forms.CharField(label=_("A need this milestone raises"), max_length=200)


class AnswerForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How well was it met?"), choices=[(n, str(n)) for n in range(1, 6)], coerce=int
    )
    met_by = forms.ChoiceField(label=_("Met by"), choices=NeedAnswer.MetBy.choices)


class LeavingForm(forms.Form):
    reasons = forms.MultipleChoiceField(
        label=_("Why?"),
        choices=Leaving.Reason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Anything else (optional)"), required=False, max_length=1000, widget=forms.Textarea
    )


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Your idea"), max_length=200)
    body = forms.CharField(
        label=_("Details (markdown)"), required=False, max_length=10000, widget=forms.Textarea
    )
    organization = forms.ModelChoiceField(
        label=_("For"),
        queryset=PartnerOrganization.objects.order_by("name"),
        required=False,
        empty_label=_("The platform"),
        to_field_name="slug",
    )
    stage = forms.ModelChoiceField(
        label=_("Stage of the journey"),
        queryset=PlaybookMilestone.objects.none(),
        required=False,
    )

    def __init__(self, *args, stages=None, **kwargs):
        super().__init__(*args, **kwargs)
        if stages is not None:
            self.fields["stage"].queryset = stages


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment (markdown)"), max_length=5000, widget=forms.Textarea)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[(s.value, s.label) for s in ANSWER_STATUSES]
    )
    note = forms.CharField(label=_("Answer"), required=False, max_length=500)


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("Merge into idea number"), min_value=1)


class IdeaFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *Idea.Status.choices], required=False
    )
