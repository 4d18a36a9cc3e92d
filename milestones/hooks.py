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

# Sent by services.milestone_update inside its transaction when a milestone becomes done
# (not when it is saved done again); receivers get `milestone` and `by`.
milestone_completed = Signal()

# The goal page's plan region (views._render_plan): questions for the person looking at
# it (how well a finished milestone's needs were met, why the goal was abandoned).
# Sections are called with `user` and `goal`; their keys are absent when no app registers.
plan_sections = PageSections("plan region")
