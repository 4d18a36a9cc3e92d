"""Notifications, preferences and delivery (filled by the reminders issue)."""
