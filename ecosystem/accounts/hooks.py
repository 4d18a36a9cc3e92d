"""Hooks through which higher apps add to a person's page without accounts importing
them (see ecosystem/hooks.py)."""

from ecosystem.hooks import PageSections

# views.person: sections are called with `person` (the one shown) and `viewer`.
person_page = PageSections("person page")
