"""Hooks through which higher apps act on milestone events without milestones importing
them (the apps' dependencies run one way: see pyproject.toml's import contracts)."""

from django.dispatch import Signal

# Sent by services.milestone_delete inside its transaction, with the goal locked, just
# before the row is deleted; receivers get `milestone` and `by` (the acting user or None).
milestone_deleting = Signal()
