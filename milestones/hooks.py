"""Hooks through which higher apps act on milestones without milestones importing them
(the apps' dependencies run one way: see pyproject.toml's import contracts)."""

from django.dispatch import Signal

from ecosystem.hooks import PageSections

# Sent by services.milestone_delete inside its transaction, with the goal locked, just
# before the row is deleted; receivers get `milestone` and `by` (the acting user or None).
milestone_deleting = Signal()

# The help panel of a milestone (views.milestone_help): partners' resources, community
# tips, stakeholders' advice. Sections are called with `user` and `milestone`.
milestone_help = PageSections("milestone help")
