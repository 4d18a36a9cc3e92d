"""Forms of the partner pages: they parse what people type; the services decide the rules."""

from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from ecosystem.accounts.forms import TimeZoneField
from ecosystem.reference.models import Category, Region

from .models import Membership, PartnerOrganization, Resource
from .selectors import playbook_milestones_to_choose

ANY = [("", _("Any"))]


class DateInput(forms.DateInput):
    """The browser's date picker; the value is always sent as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD, e.g. 2027-03-01.")},
        **kwargs,
    )


class ServiceErrorsMixin:
    """Put a service's ValidationError on the fields it names (on the form otherwise)."""

    def add_service_error(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.error_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class DirectoryFilterForm(forms.Form):
    """The directory's search and filters; a value that does not parse is ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("Any")
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False, empty_label=_("Any")
    )
    verified = forms.TypedChoiceField(
        label=_("Verified"),
        required=False,
        choices=[*ANY, ("yes", _("Verified")), ("no", _("Not verified"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
    )

    def __init__(self, *args, show: str = "partners", **kwargs):
        super().__init__(*args, **kwargs)
        kinds = Resource.Kind.choices if show == "resources" else PartnerOrganization.Kind.choices
        self.fields["kind"].choices = [*ANY, *kinds]
        self.fields["q"].widget.input_type = "search"

    def filters(self) -> dict:
        """The valid filters, as keyword arguments of the directory selectors."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "search": (data.get("q") or "").strip(),
            "kind": data.get("kind") or "",
            "region": data.get("region"),
            "category": data.get("category"),
            "verified": data.get("verified"),
        }


class OrganizationForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerOrganization.Kind.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you offer, and to whom."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    time_zone = TimeZoneField(
        initial="UTC",
        required=False,
        help_text=_(
            "Type a city or region to search, e.g. Auckland. Left empty, UTC. Webhooks tell "
            "of a coming milestone on the organisation's own day in this time zone."
        ),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions served"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories served"),
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_time_zone(self):
        return self.cleaned_data.get("time_zone") or "UTC"


class OrganizationCreateForm(OrganizationForm):
    slug = forms.SlugField(
        label=_("Web address"),
        required=False,
        max_length=80,
        help_text=_("Letters, numbers and hyphens; left blank, it is made from the name."),
    )
    # Reserved addresses ("new", "invitations") are refused by organization_create.
    field_order = [
        "name", "slug", "kind", "description", "website", "time_zone", "regions", "categories",
    ]  # fmt: skip


class InviteForm(ServiceErrorsMixin, forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "invite")
        super().__init__(*args, **kwargs)


class GroupedByPlaybookIterator(ModelChoiceIterator):
    """Milestones as option groups, one per playbook (the queryset is ordered by playbook)."""

    def __iter__(self):
        queryset = self.queryset
        if not queryset._prefetch_related_lookups:
            queryset = queryset.iterator()
        for playbook, milestones in groupby(queryset, key=lambda milestone: milestone.playbook):
            yield (playbook.title, [self.choice(milestone) for milestone in milestones])


class PlaybookMilestonesField(forms.ModelMultipleChoiceField):
    iterator = GroupedByPlaybookIterator


class ResourceForm(ServiceErrorsMixin, forms.Form):
    """Post or edit a resource; the body's live preview posts to partners:resource-preview."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Resource.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=300,
        help_text=_("One or two sentences shown in lists."),
    )
    body = forms.CharField(
        label=_("Body"),
        required=False,
        max_length=32000,
        strip=False,
        help_text=_("Markdown: **bold**, _italic_, lists, [links](https://example.org)."),
        widget=forms.Textarea(
            attrs={
                "rows": 12,
                "hx-post": reverse_lazy("partners:resource-preview"),
                "hx-trigger": "keyup changed delay:400ms",
                "hx-target": "#resource-preview",
                "hx-swap": "innerHTML",
                "aria-controls": "resource-preview",
            }
        ),
    )
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked if it helps anywhere."),
    )
    window_start = date_field(
        _("Available from"),
        required=False,
        help_text=_("For events, course intakes and seasonal offers."),
    )
    window_end = date_field(_("Available until"), required=False)
    playbook_milestones = PlaybookMilestonesField(
        label=_("Playbook milestones it fits"),
        queryset=playbook_milestones_to_choose(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Customers whose goal came from that playbook see it on that milestone."),
    )

    def __init__(self, *args, resource: Resource | None = None, **kwargs):
        if resource is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": resource.kind,
                "title": resource.title,
                "summary": resource.summary,
                "body": resource.body,
                "link": resource.link,
                "categories": [category.pk for category in resource.categories.all()],
                "regions": [region.pk for region in resource.regions.all()],
                "window_start": resource.window_start,
                "window_end": resource.window_end,
                "playbook_milestones": [
                    milestone.pk for milestone in resource.playbook_milestones.all()
                ],
            }
        super().__init__(*args, **kwargs)
        selected = resource.playbook_milestones.values("pk") if resource is not None else ()
        self.fields["playbook_milestones"].queryset = playbook_milestones_to_choose(
            selected=selected
        )


class PreviewForm(forms.Form):
    body = forms.CharField(required=False, max_length=32000, strip=False)


class UnpublishForm(ServiceErrorsMixin, forms.Form):
    # No rules here: resource_unpublish requires the reason (and keeps 500 characters).
    reason = forms.CharField(
        label=_("Why is it unpublished?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        help_text=_("The organisation sees this, so say what to fix."),
    )
