"""Hooks through which higher apps act on goals and add to goals' pages without goals
importing them (the apps' dependencies run one way: see pyproject.toml's import
contracts)."""

from django.dispatch import Signal

from ecosystem.hooks import PageSections

# Sent by services.goal_update inside its transaction when a goal's status changes;
# receivers get `goal`, `previous` (the status it had) and `by`. The customer's voice asks
# why a goal was abandoned this way.
goal_status_changed = Signal()

# The goal's settings page (views.goal_edit), where a goal is also abandoned: the
# community offers a mentor who finished it. Sections are called with `user` and `goal`.
goal_settings = PageSections("goal settings")
