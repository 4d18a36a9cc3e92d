"""Forms of the webhook pages: they parse; webhooks/services.py decides the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.forms import ServiceErrorsMixin

from .models import SUBSCRIBABLE, EventKind


class EndpointForm(ServiceErrorsMixin, forms.Form):
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        help_text=_("An https:// address of yours that accepts POST requests."),
        widget=forms.URLInput(attrs={"placeholder": "https://example.org/hooks/ecosystem"}),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=[(kind.value, kind.label) for kind in SUBSCRIBABLE],
        widget=forms.CheckboxSelectMultiple,
        initial=[kind.value for kind in SUBSCRIBABLE],
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class EndpointEditForm(EndpointForm):
    enabled = forms.BooleanField(label=_("Enabled"), required=False)


EVENT_LABELS = dict(EventKind.choices)
