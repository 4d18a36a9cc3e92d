"""Hooks through which higher apps hear of the goal's ecosystem without this app importing
them (the apps' dependencies run one way: see pyproject.toml's import contracts)."""

from django.dispatch import Signal

# Sent by lifecycle.stakeholder_answer inside its transaction when an invitation is
# accepted; receivers get `stakeholder` (now active) and `by` (who accepted).
invitation_accepted = Signal()
