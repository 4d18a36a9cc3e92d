"""Forms of the goal page: they parse input; the services decide what is allowed."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from goals.models import MAX_DAYS

from .models import Milestone


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: each message on the field it names,
    and messages about anything the form has no field for above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    duration_days = forms.IntegerField(
        label=_("Duration (working days)"),
        min_value=0,
        max_value=MAX_DAYS,
        initial=1,
        help_text=_("0 makes it a checkpoint: an event on one day, not work."),
    )
    must_finish_by = forms.DateField(
        label=_("Must finish by"),
        required=False,
        widget=DateInput(),
        help_text=_("Optional: a fixed date, on or before the goal's target date."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=Milestone.Status.choices, initial=Milestone.Status.TODO
    )

    @classmethod
    def for_milestone(cls, milestone: Milestone, **kwargs) -> "MilestoneForm":
        """A form showing a milestone's current values (bound when `data` is given)."""
        initial = {
            "title": milestone.title,
            "duration_days": milestone.duration_days,
            "must_finish_by": milestone.must_finish_by,
            "description": milestone.description,
            "status": milestone.status,
        }
        return cls(initial=initial, prefix=f"edit-{milestone.pk}", **kwargs)


class MilestoneAddForm(MilestoneForm):
    """The goal page's one "add a milestone" form: a milestone and, optionally, the
    milestone it comes after (its prerequisite) with a lag. Takes the goal's milestones
    already loaded, so drawing it costs no query and no other goal's milestone is offered."""

    after = forms.TypedChoiceField(
        label=_("After (optional)"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("A milestone that must finish before this one can start."),
    )
    lag_days = forms.IntegerField(
        label=_("Lag (working days)"),
        required=False,
        min_value=0,
        max_value=MAX_DAYS,
        initial=0,
        help_text=_("Working days to wait after it."),
    )

    def __init__(self, *args, milestones, **kwargs):
        kwargs.setdefault("prefix", "add")
        super().__init__(*args, **kwargs)
        self.milestones_by_id = {milestone.pk: milestone for milestone in milestones}
        self.fields["after"].choices = [("", _("Nothing: it can start any time"))] + [
            (milestone.pk, milestone.title) for milestone in self.milestones_by_id.values()
        ]

    def after_options(self):
        """The <option>s of `after`, written at once: through the select widget's template
        each option is a template render of its own (50 of them on a 50-milestone plan)."""
        chosen = str(self["after"].value() or "")
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, " selected" if str(value) == chosen else "", label)
                for value, label in self.fields["after"].choices
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("after") is not None:
            cleaned["after"] = self.milestones_by_id[cleaned["after"]]
        if cleaned.get("lag_days") is None:
            cleaned["lag_days"] = 0
        if cleaned["lag_days"] and cleaned.get("after") is None:
            self.add_error("lag_days", _("A lag needs a milestone to wait after."))
        return cleaned


class DependencyForm(forms.Form):
    """A prerequisite between two milestones of one goal.

    Takes the goal's milestones already loaded, so drawing the form costs no query and no
    other goal's milestone can be chosen.
    """

    predecessor = forms.TypedChoiceField(
        label=_("This milestone must finish first"), coerce=int, empty_value=None
    )
    successor = forms.TypedChoiceField(
        label=_("before this one can start"), coerce=int, empty_value=None
    )
    lag_days = forms.IntegerField(
        label=_("Lag (working days)"),
        min_value=0,
        max_value=MAX_DAYS,
        initial=0,
        help_text=_("Working days to wait between the two."),
    )

    def __init__(self, *args, milestones, **kwargs):
        kwargs.setdefault("prefix", "dependency")
        super().__init__(*args, **kwargs)
        self.milestones_by_id = {milestone.pk: milestone for milestone in milestones}
        choices = [("", _("Choose a milestone"))] + [
            (milestone.pk, milestone.title) for milestone in self.milestones_by_id.values()
        ]
        self.fields["predecessor"].choices = choices
        self.fields["successor"].choices = choices

    def clean(self):
        cleaned = super().clean()
        for name in ("predecessor", "successor"):
            if cleaned.get(name) is not None:
                cleaned[name] = self.milestones_by_id[cleaned[name]]
        return cleaned


class TaskForm(forms.Form):
    title = forms.CharField(label=_("New task"), max_length=200)

    def __init__(self, *args, milestone: Milestone, **kwargs):
        kwargs.setdefault("prefix", f"task-{milestone.pk}")
        super().__init__(*args, **kwargs)
        self.milestone = milestone
