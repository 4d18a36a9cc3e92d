"""Forms of the community pages: they parse what people type; the services decide the rules.

Post bodies are not limited here: the services refuse empty, oversized or unsafe markdown
with a message a person can act on, and the form keeps the text exactly as typed.
"""

from itertools import groupby

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ecosystem.reference.models import Category, Region

from .models import Community, CommunityMembership, Thread
from .selectors import playbook_milestones_to_link

ANY = [("", _("Any"))]
MARKDOWN_HELP = _("Markdown: **bold**, _italic_, lists, [links](https://example.org).")
# Slugs that would shadow the pages under /communities/.
RESERVED_SLUGS = {"new", "search"}


class ServiceErrorsMixin:
    """Put a service's ValidationError on the fields it names (on the form otherwise)."""

    def add_service_error(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.error_dict.items():
            self.add_error(field if field in self.fields else None, messages)


def body_field(label, rows: int = 8) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        required=False,  # the service says "the post is empty" in its own words
        help_text=MARKDOWN_HELP,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class CommunityForm(ServiceErrorsMixin, forms.Form):
    """Create (staff) or propose (everyone else) a community; also its settings."""

    name = forms.CharField(label=_("Name"), max_length=120)
    slug = forms.SlugField(
        label=_("Web address"),
        max_length=80,
        required=False,
        help_text=_("Letters, numbers and hyphens; made from the name when left empty."),
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the members pursue together, in a sentence or two."),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False
    )
    visibility = forms.ChoiceField(
        label=_("Who can read it"),
        choices=Community.Visibility.choices,
        initial=Community.Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["slug"]

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not self.has_error("slug"):
            slug = cleaned.get("slug") or slugify(cleaned.get("name") or "")[:80]
            if slug in RESERVED_SLUGS:
                self.add_error("slug", _("This web address is reserved; choose another."))
        return cleaned


class ThreadFilterForm(forms.Form):
    """The community page's filters; a value that does not parse is ignored."""

    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[*ANY, *Thread.Kind.choices])
    answered = forms.TypedChoiceField(
        label=_("Answered"),
        required=False,
        choices=[*ANY, ("yes", _("Answered")), ("no", _("Not answered yet"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
    )

    def filters(self) -> dict:
        """The valid filters, as keyword arguments of `selectors.thread_list`."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"kind": data.get("kind") or "", "answered": data.get("answered")}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search threads"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"

    def text(self) -> str:
        self.is_valid()
        return (getattr(self, "cleaned_data", {}).get("q") or "").strip()


class GroupedByPlaybookIterator(ModelChoiceIterator):
    """Milestone choices grouped under their playbook's title (<optgroup>)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for playbook, milestones in groupby(self.queryset, key=lambda item: item.playbook):
            yield (playbook.title, [self.choice(milestone) for milestone in milestones])


class PlaybookMilestoneField(forms.ModelChoiceField):
    iterator = GroupedByPlaybookIterator

    def label_from_instance(self, obj):
        return obj.title


class ThreadForm(ServiceErrorsMixin, forms.Form):
    """Start a thread; announcements are offered to moderators and staff only."""

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Thread.Kind.choices, initial="question")
    body = body_field(_("Your post"), rows=10)
    playbook_milestone = PlaybookMilestoneField(
        label=_("Playbook milestone it is about"),
        queryset=playbook_milestones_to_link(),
        required=False,
        empty_label=_("None"),
        help_text=_(
            "Optional. Tips and answered questions in public communities show on the goals "
            "started from that playbook, at that milestone."
        ),
    )

    def __init__(self, *args, moderator: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not moderator:
            self.fields["kind"].choices = [
                choice for choice in Thread.Kind.choices if choice[0] != Thread.Kind.ANNOUNCEMENT
            ]


class PostForm(ServiceErrorsMixin, forms.Form):
    """A reply, or the new text of an edited post."""

    body = body_field(_("Your reply"))


class ModeratorAppointForm(forms.Form):
    """Appoint a moderator: a member chosen from the list, or anyone by email."""

    member = forms.ModelChoiceField(
        label=_("A member"),
        queryset=CommunityMembership.objects.none(),
        required=False,
        empty_label=_("Choose a member"),
    )
    email = forms.EmailField(
        label=_("Or their email"),
        required=False,
        help_text=_("They must have an account; they join the community as a moderator."),
    )

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (
            CommunityMembership.objects.filter(
                community=community,
                status=CommunityMembership.Status.ACTIVE,
                role=CommunityMembership.Role.MEMBER,
            )
            .select_related("user")
            .order_by("user__display_name", "user__email", "id")
        )
        self.fields["member"].label_from_instance = lambda membership: (
            f"{membership.user.name} ({membership.user.email})"
        )

    def clean(self):
        cleaned = super().clean()
        member, email = cleaned.get("member"), cleaned.get("email")
        if self.errors:
            return cleaned
        if not member and not email:
            raise ValidationError(_("Choose a member or enter an email."))
        if member and email:
            raise ValidationError(_("Choose a member or enter an email, not both."))
        if member:
            cleaned["user"] = member.user
        else:
            user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
            if user is None:
                self.add_error("email", _("No one with this email has an account here."))
            cleaned["user"] = user
        return cleaned
