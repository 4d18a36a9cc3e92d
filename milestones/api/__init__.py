"""API of milestones, prerequisites, tasks and the schedule (/api/v1/)."""

from .milestones import urlpatterns

__all__ = ["urlpatterns"]
