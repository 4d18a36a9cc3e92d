"""Strings of the libraries we build on that their own Russian catalogs lack yet.

Listed here (marked, never called) so makemessages puts them in our catalog, which Django
reads before the libraries' own (LOCALE_PATHS). Remove a line once the library translates
it; tests/i18n/test_every_page_in_russian.py finds any that shows on a page.
"""

from django.utils.translation import gettext_noop

LIBRARY_STRINGS = [
    # Django 6.1: the empty choice of a select (django/db/models/fields/__init__.py).
    gettext_noop("- Select an option -"),
]
