"""Forms of the ecosystem pages: they parse what people type; stakeholders/services.py
decides the rules (who may invite, duplicates, dates, scope) and its ValidationErrors are
put back on the fields they name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.forms import ServiceErrorsMixin, date_field
from partners.models import PartnerOrganization

from .models import Advice, Stakeholder

NOT_YOURS = _("Choose milestones of this goal only.")


class ScopeField(forms.MultipleChoiceField):
    """Milestone checkboxes drawn from a list already loaded (no query per form, so a
    page with a form per stakeholder stays at a fixed number of queries). Any id is
    accepted here; the service refuses milestones of another goal on this field."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def valid_value(self, value) -> bool:
        return str(value).isdigit()

    def clean(self, value) -> list[int]:
        return sorted({int(item) for item in super().clean(value)})


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PartnerOrganization) -> str:
        if obj.verified:
            return obj.name
        return _("%(name)s (Not verified)") % {"name": obj.name}


class ScopedStakeholderForm(ServiceErrorsMixin, forms.Form):
    """What both invitations and changes carry: role, access, scope and end date."""

    role = forms.ChoiceField(label=_("Role"), choices=Stakeholder.Role.choices)
    access = forms.ChoiceField(
        label=_("Access"),
        choices=Stakeholder.Access.choices,
        initial=Stakeholder.Access.VIEW,
        widget=forms.RadioSelect,
    )
    milestones = ScopeField(
        label=_("Milestones they help with"),
        help_text=_("Leave every box unticked to share the whole goal."),
    )
    ends_on = date_field(
        _("Access ends on"),
        required=False,
        help_text=_("Optional. After this day their access lapses by itself."),
    )

    def __init__(self, *args, milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.milestones = list(milestones)
        self.fields["milestones"].choices = [
            (str(milestone.pk), milestone.title) for milestone in self.milestones
        ]

    def clean_milestones(self) -> list:
        """The chosen milestones as objects; an id that is not one of this goal's
        milestones (another goal's, or none at all) is refused on the field, the same
        words the service uses."""
        ids = self.cleaned_data.get("milestones") or []
        by_id = {milestone.pk: milestone for milestone in self.milestones}
        if any(pk not in by_id for pk in ids):
            raise forms.ValidationError(NOT_YOURS)
        return [by_id[pk] for pk in ids]


class StakeholderInviteForm(ScopedStakeholderForm):
    """Invite a person by email, or a partner organisation from the directory."""

    email = forms.EmailField(
        label=_("A person's email address"),
        required=False,
        help_text=_("They get a link that works once and expires in 14 days."),
    )
    organization = OrganizationChoiceField(
        label=_("Or a partner organisation"),
        queryset=PartnerOrganization.objects.none(),
        required=False,
        empty_label=_("None: I am inviting a person"),
        help_text=_("Every member of the organisation gets the access; its admins answer."),
    )
    field_order = ["email", "organization", "role", "access", "milestones", "ends_on"]

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("Choose a role")), *Stakeholder.Role.choices]
        if organizations is not None:
            self.fields["organization"].queryset = organizations

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("email")) == bool(data.get("organization")):
            self.add_error(
                "email",
                _("Give a person's email address or choose an organisation (one of the two)."),
            )
        return data


class StakeholderChangeForm(ScopedStakeholderForm):
    """The owner changes one stakeholder's role, access, scope or end date."""

    @classmethod
    def for_row(cls, row, *, milestones, data=None):
        stakeholder = row.stakeholder
        return cls(
            data,
            milestones=milestones,
            prefix=f"s{stakeholder.pk}",
            initial={
                "role": stakeholder.role,
                "access": stakeholder.access,
                "milestones": [str(pk) for pk in row.scope_ids],
                "ends_on": stakeholder.ends_on,
            },
        )


class AdviceForm(ServiceErrorsMixin, forms.Form):
    body = forms.CharField(
        label=_("Your advice"),
        max_length=Advice._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown works: **bold**, lists, [links](https://example.org)."),
    )

    def __init__(self, *args, milestone=None, **kwargs):
        if milestone is not None:
            kwargs.setdefault("prefix", f"advice-{milestone.pk}")
        super().__init__(*args, **kwargs)
