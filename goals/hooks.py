"""Hooks through which higher apps act on goals without goals importing them (the apps'
dependencies run one way: see pyproject.toml's import contracts)."""

from django.dispatch import Signal

# Sent by services.goal_update inside its transaction when a goal's status changes;
# receivers get `goal`, `previous` (the status it had) and `by`. The customer's voice asks
# why a goal was abandoned this way.
goal_status_changed = Signal()
