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

# Sent by services.goal_update inside its transaction, with the goal locked and saved,
# when its target date or working calendar changed; receivers get `goal` and `changed`
# (the field names). The plan (milestones) checks its dated rules against the new target
# (a ValidationError rolls the change back) and works the dates back again.
goal_calendar_changed = Signal()
