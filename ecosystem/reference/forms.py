"""Form fields for the reference tables (categories, regions): short lists read whole."""

from django import forms
from django.forms.models import ModelChoiceIterator


class ListedChoiceIterator(ModelChoiceIterator):
    """The options from one plain SELECT. Django's own iterator reads them through
    `queryset.iterator()`, which on PostgreSQL opens a server-side cursor (DECLARE, FETCH,
    CLOSE) on every rendering: extra round trips for a table of a few dozen rows, and a
    cursor a transaction-pooling PgBouncer cannot carry (DISABLE_SERVER_SIDE_CURSORS)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ReferenceChoiceField(forms.ModelChoiceField):
    """A dropdown of a short reference table (Category, Region)."""

    iterator = ListedChoiceIterator

    def listed(self) -> tuple:
        """What the dropdown lists, as (pk, name) pairs in its order (a reference entry's
        label is its name): the facts a kept drawing of it stands on (drawn_forms.py)."""
        return tuple(self.queryset.values_list("pk", "name"))
