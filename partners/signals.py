"""Hooks through which higher apps act on partners' pages and events without this app
importing them (the apps' dependencies run one way: see pyproject.toml's contracts)."""

from django.dispatch import Signal

from ecosystem.hooks import PageSections

# Sent by services.resource_use inside its transaction the first time a person marks a
# resource helpful for one of their milestones; receivers get `use` (a ResourceUse).
resource_used = Signal()

# The organisation's page (views.organization_detail): sections for the person looking
# at it, called with `user`, `organization` and `permissions` (access.organization_
# permissions, already loaded); their keys are absent when none registers.
organization_page = PageSections("organisation page")
