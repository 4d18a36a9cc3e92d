"""Forms of the goal pages: they parse what people type; the services decide the rules."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ecosystem.reference.forms import ReferenceChoiceField
from ecosystem.reference.models import Category, Region

from .calendars import new_goal_calendar
from .models import ALL_WEEKDAYS, Goal
from .selectors import playbook_list_for

WEEKDAY_CHOICES = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]
MAX_NON_WORKING_DATES = 1000


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


class NonWorkingDatesField(forms.CharField):
    """A textarea with one YYYY-MM-DD per line; cleaned to a sorted list of ISO strings."""

    widget = forms.Textarea(attrs={"rows": 4, "placeholder": "2027-01-01"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20000)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(day) for day in value)
        return value

    def clean(self, value):
        text = super().clean(value)
        days = set()
        errors = []
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            try:
                days.add(date.fromisoformat(line))
            except ValueError:
                errors.append(
                    ValidationError(
                        _("Line %(number)s: “%(line)s” is not a date (YYYY-MM-DD)."),
                        code="invalid_date",
                        params={"number": number, "line": line[:40]},
                    )
                )
        if errors:
            raise ValidationError(errors)
        if len(days) > MAX_NON_WORKING_DATES:
            raise ValidationError(
                _("At most %(limit)s non-working dates, please."),
                code="too_many",
                params={"limit": MAX_NON_WORKING_DATES},
            )
        return [day.isoformat() for day in sorted(days)]


class ServiceErrorsMixin:
    """Put a service's ValidationError on the fields it names (on the form otherwise)."""

    def add_service_error(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.error_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class PlaybookChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        count = getattr(obj, "milestone_count", None)
        if count is None:
            return obj.title
        return ngettext(
            "%(title)s (%(count)s milestone)", "%(title)s (%(count)s milestones)", count
        ) % {"title": obj.title, "count": count}


class GoalFieldsForm(ServiceErrorsMixin, forms.Form):
    """The settings every goal has: what, by when, on which days, about what and where."""

    title = forms.CharField(label=_("Title"), max_length=200)
    target_date = date_field(
        _("Target date"), help_text=_("The day it must be done by; the plan works back from it.")
    )
    working_weekdays = forms.TypedMultipleChoiceField(
        label=_("Working weekdays"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-row"}),
        initial=ALL_WEEKDAYS,
        error_messages={"required": _("Choose at least one working weekday.")},
        help_text=_("Only these days count when the plan is worked back."),
    )
    non_working_dates = NonWorkingDatesField(
        label=_("Non-working dates"),
        help_text=_("Holidays and blackout dates, one per line as YYYY-MM-DD."),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.order_by("name"),
        required=False,
        empty_label=_("(none)"),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("(none)"),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class GoalNewForm(GoalFieldsForm):
    """A new goal: its settings and where its plan comes from (a playbook or nothing).

    The working week and non-working dates are prefilled with the calendar the goal would
    get (goals.calendars); the hidden `prefilled_*` fields remember what was prefilled, so
    a refresh (`with_new_goal_calendar`) replaces only what the person did not edit."""

    field_order = [
        "title",
        "target_date",
        "playbook",
        "working_weekdays",
        "non_working_dates",
        "category",
        "region",
        "description",
    ]

    playbook = PlaybookChoiceField(
        label=_("Start from"),
        queryset=None,
        required=False,
        blank=True,
        widget=forms.RadioSelect,
        empty_label=_("A blank plan: I will add the milestones myself"),
        error_messages={
            "invalid_choice": _("That playbook is not available. Choose another one."),
        },
    )

    prefilled_weekdays = forms.CharField(widget=forms.HiddenInput, required=False)
    prefilled_dates = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["playbook"].queryset = playbook_list_for(user)
        self.holidays_of = ""

    @classmethod
    def initial_for(cls, *, user, playbook=None) -> dict:
        """A blank form: the person's region, the playbook's working week, no dates yet
        (the region's holidays come once there is a target)."""
        weekdays = sorted(playbook.working_weekdays) if playbook is not None else ALL_WEEKDAYS
        return {
            "playbook": playbook.pk if playbook is not None else None,
            "region": user.region_id,
            "working_weekdays": weekdays,
            "prefilled_weekdays": weekdays_key(weekdays),
            "non_working_dates": [],
            "prefilled_dates": "",
        }


def weekdays_key(values) -> str:
    """Working weekdays as one comparable string ("1,2,3,4,5"); "?" when not all valid."""
    try:
        return ",".join(str(day) for day in sorted({int(day) for day in values}))
    except (TypeError, ValueError):
        return "?"


def dates_key(values) -> str:
    """Dates (or lines of a textarea) as one comparable string; "?" when a line is not a
    date, so a person's typing never looks prefilled."""
    days = set()
    for value in values:
        text = str(value).strip()
        if not text:
            continue
        try:
            days.add(date.fromisoformat(text))
        except ValueError:
            return "?"
    return ",".join(day.isoformat() for day in sorted(days))


def _chosen(queryset, value):
    value = str(value or "")
    return queryset.filter(pk=int(value)).first() if value.isdigit() else None


def with_new_goal_calendar(data, *, user):
    """The posted new-goal form's data, with the working week and the non-working dates
    the goal would get (for its target, playbook and region) in place of each the person
    left as prefilled; what they edited stays. Returns (data, the region whose holidays
    were used, or "")."""
    data = data.copy()
    try:
        target = date.fromisoformat(str(data.get("target_date", "")).strip())
    except ValueError:
        return data, ""
    playbook = _chosen(playbook_list_for(user), data.get("playbook"))
    region = _chosen(Region.objects.all(), data.get("region")) or user.region
    calendar = new_goal_calendar(
        playbook=playbook, region=region, today=user.today(), target_date=target
    )
    prefilled = data.get("prefilled_weekdays")
    if prefilled is not None and prefilled == weekdays_key(data.getlist("working_weekdays")):
        data.setlist("working_weekdays", [str(day) for day in calendar.working_weekdays])
        data["prefilled_weekdays"] = weekdays_key(calendar.working_weekdays)
    prefilled = data.get("prefilled_dates")
    lines = str(data.get("non_working_dates", "")).splitlines()
    if prefilled is not None and prefilled == dates_key(lines):
        data["non_working_dates"] = "\n".join(calendar.non_working_isoformat)
        data["prefilled_dates"] = dates_key(calendar.non_working_isoformat)
        return data, calendar.holidays_of
    return data, ""


class GoalEditForm(GoalFieldsForm):
    """A goal's settings; the service refuses a target date its milestones cannot keep."""

    field_order = [
        "title",
        "target_date",
        "status",
        "working_weekdays",
        "non_working_dates",
        "category",
        "region",
        "description",
    ]

    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices)
    # Shown only once the page has asked (achieved while milestones are still open).
    confirm_achieved = forms.BooleanField(
        label=_("Yes, mark it achieved with milestones still open"), required=False
    )
    asks_achieved = False

    def ask_achieved(self, question: str) -> None:
        """Marking the goal achieved with open milestones asks first: the question is the
        status field's error, and the confirmation box is shown under it."""
        self.asks_achieved = True
        self.add_error("status", question)

    @classmethod
    def initial_for(cls, goal: Goal) -> dict:
        return {
            "title": goal.title,
            "target_date": goal.target_date,
            "status": goal.status,
            "working_weekdays": goal.working_weekdays,
            "non_working_dates": goal.non_working_dates,
            "category": goal.category_id,
            "region": goal.region_id,
            "description": goal.description,
        }

    def changes_for(self, goal: Goal) -> dict:
        """Only what differs from the goal: an unchanged calendar needs no recompute."""
        return {
            field: value
            for field, value in self.cleaned_data.items()
            if field != "confirm_achieved" and getattr(goal, field) != value
        }


class GoalRepeatForm(ServiceErrorsMixin, forms.Form):
    target_date = date_field(_("New target date"))
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to keep the same title."),
    )


class SaveAsPlaybookForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(
        label=_("Playbook title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the goal's title."),
    )
    public = forms.BooleanField(
        label=_("Public: everyone can find it in the playbook library"),
        required=False,
    )


class PlaybookStartForm(ServiceErrorsMixin, forms.Form):
    target_date = date_field(_("Target date"))
    title = forms.CharField(
        label=_("Title of your goal"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the playbook's title."),
    )


class PlaybookFilterForm(forms.Form):
    """The library's search box and category filter (GET)."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    category = ReferenceChoiceField(
        label=_("Category"),
        queryset=Category.objects.order_by("name"),
        required=False,
        empty_label=_("All categories"),
        error_messages={"invalid_choice": _("That category does not exist.")},
    )
