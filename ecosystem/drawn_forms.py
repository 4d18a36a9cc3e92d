"""Search and filter forms (GET) drawn once per set of facts and kept in this process.

Drawing a form's fields through Django's widget templates is slow for what it shows: the
playbook library's search box and a dropdown of seven categories took 1.8 ms, a fifth of
the page (bench: README, Performance). What such a form shows follows from the code, the
language, what was typed or chosen (the form's data: the values shown and the errors
follow from it) and, for a dropdown of rows, the rows it lists: those are the key. Two
readers with the same facts share one drawing; a change of any of them is drawn afresh.

Only for forms sent with GET, built from their data alone (no prefix, one value or list
of values per field's name): such a form has no form token and nothing of the reader. A
form whose choices come from the database is given them as read for this request
(`choices`, e.g. `ReferenceChoiceField.listed()`), so a new category shows at once. Kept
in this process, as the chrome is (ecosystem/views/chrome.py): at most KEPT drawings,
the least recently used going first.
"""

from functools import lru_cache

from django import forms
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

KEPT = 512


def _data_of(form: forms.Form) -> tuple | None:
    """What was sent for the form's fields, as (name, values) pairs; None when unbound."""
    if not form.is_bound:
        return None
    data = form.data
    return tuple(
        (name, tuple(data.getlist(name)) if isinstance(data, QueryDict) else (data[name],))
        for name in form.fields
        if name in data
    )


@lru_cache(maxsize=KEPT)
def _drawn(template_name: str, form_class: type, data: tuple | None, choices, language) -> str:
    """The template drawn with a form of `form_class` built from `data` alone (validated
    when bound, so its errors show), in the active `language`. `choices` is part of the
    key only: the form reads its own."""
    bound = None
    if data is not None:
        bound = QueryDict(mutable=True)
        for name, values in data:
            bound.setlist(name, list(values))
    form = form_class(bound)
    if form.is_bound:
        form.is_valid()
    return render_to_string(template_name, {"form": form})


def drawn_form(template_name: str, form: forms.Form, *, choices: tuple = ()) -> SafeString:
    """`template_name` drawn with a form like `form` (as `form`), or the drawing kept for
    the same facts. `choices`: what the form's dropdowns of rows list on this request."""
    drawing = _drawn(template_name, type(form), _data_of(form), choices, get_language())
    return mark_safe(drawing)  # noqa: S308  (our own template's output)
