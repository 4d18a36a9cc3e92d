from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds to email and password."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        required=False,
        help_text=_("How other people see you. You can change it later."),
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data.get("display_name", "")
        user.save(update_fields=["display_name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "handle", "time_zone", "region", "language"]

    def clean_handle(self):
        handle = self.cleaned_data.get("handle")
        return handle.lower() if handle else None
