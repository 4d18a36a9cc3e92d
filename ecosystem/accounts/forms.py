import zoneinfo
from datetime import UTC, datetime

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .models import User


def _zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def known_time_zone(value: str) -> str:
    """The time zone a person typed or their browser reported, by its exact name: "" when
    it names none. Case, spaces for underscores and a bare city ("auckland") are
    forgiven when they name one zone only."""
    value = (value or "").strip().replace(" ", "_")
    if not value:
        return ""
    names = _zone_names()
    if value in names:
        return value
    folded = value.casefold()
    matches = [name for name in names if name.casefold() == folded]
    if not matches and "/" not in value:
        matches = [name for name in names if name.casefold().endswith(f"/{folded}")]
    return matches[0] if len(matches) == 1 else ""


class TimeZoneInput(forms.TextInput):
    """A text box that suggests every time zone as one types (a <datalist>: no script, no
    library), each with its offset from UTC now."""

    list_id = "time-zone-list"

    def __init__(self, attrs=None):
        super().__init__(
            {"list": self.list_id, "autocomplete": "off", "spellcheck": "false", **(attrs or {})}
        )

    def render(self, name, value, attrs=None, renderer=None):
        now = datetime.now(UTC)
        options = format_html_join(
            "",
            '<option value="{}">{}</option>',
            (
                (zone, f"{zone.replace('_', ' ')} (UTC{_offset(now, zone)})")
                for zone in sorted(_zone_names())
            ),
        )
        return format_html(
            '{}<datalist id="{}">{}</datalist>',
            super().render(name, value, attrs, renderer),
            self.list_id,
            options,
        )


def _offset(now: datetime, zone: str) -> str:
    offset = now.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%z")
    return f"{offset[:3]}:{offset[3:]}"


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds to email and password."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        required=False,
        help_text=_("How other people see you. You can change it later."),
    )
    # Filled from the browser by static/js/time-zone.js; without it the default stays.
    # A hidden field never refuses a sign-up: what is not a known zone is ignored.
    time_zone = forms.CharField(
        required=False, widget=forms.HiddenInput(attrs={"data-browser-time-zone": ""})
    )

    def clean_time_zone(self):
        return known_time_zone(self.cleaned_data.get("time_zone", "")[:64])

    def signup(self, request, user):
        user.display_name = self.cleaned_data.get("display_name", "")
        fields = ["display_name"]
        if self.cleaned_data.get("time_zone"):
            user.time_zone = self.cleaned_data["time_zone"]
            fields.append("time_zone")
        user.save(update_fields=fields)


class TimeZoneField(forms.CharField):
    """A time zone by its name, typed with the suggestions of TimeZoneInput and forgiven
    as known_time_zone forgives; one that names no zone is a form error. People and
    partner organisations choose theirs with it."""

    widget = TimeZoneInput

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Time zone"))
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)

    def clean(self, value):
        typed = super().clean(value)
        if not typed and not self.required:
            return typed
        zone = known_time_zone(typed)
        if not zone:
            raise forms.ValidationError(
                _("“%(value)s” is not a time zone we know: choose one from the list."),
                params={"value": typed},
                code="invalid",
            )
        return zone


class ProfileForm(forms.ModelForm):
    time_zone = TimeZoneField(
        help_text=_(
            "Type a city or region to search, e.g. Auckland. Dates such as 'today' and "
            "reminders follow this time zone."
        ),
    )

    class Meta:
        model = User
        fields = ["display_name", "handle", "time_zone", "region", "language"]

    def clean_handle(self):
        handle = self.cleaned_data.get("handle")
        return handle.lower() if handle else None


class DeleteAccountForm(forms.Form):
    """Deleting an account is confirmed by typing its email address or password."""

    confirmation = forms.CharField(
        label=_("Your email address or password"),
        max_length=256,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Type it to confirm that you want to delete your account."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirmation(self):
        typed = self.cleaned_data["confirmation"]
        if typed.casefold() == self.user.email.casefold() or self.user.check_password(typed):
            return typed
        raise forms.ValidationError(_("This is neither your email address nor your password."))
