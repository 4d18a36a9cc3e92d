"""Hooks through which higher apps add to what accounts does, without accounts importing
them (see ecosystem/hooks.py).

- `person_page`: sections of a person's page, called with `person` and `viewer`.
- `personal_data`: each app's part of "Download my data", called with `user`; a section
  returns `{"file name": rows}`, rows an iterable of dicts (a `.values()` queryset) of
  what is that person's (see `accounts.data_export`).
- `account_deleting`: sent with `user` and `by` inside the deletion's transaction (see
  `accounts.deletion`); each app removes the person's private rows and keeps, without
  their name, what others still read (posts, threads, ideas).
- `data_export_ready`: sent with `export` and `link` in the transaction that marks an
  export built; notifications tells the person.
"""

from django.dispatch import Signal

from ecosystem.hooks import PageSections

person_page = PageSections("person page")
personal_data = PageSections("personal data")
account_deleting = Signal()
data_export_ready = Signal()
