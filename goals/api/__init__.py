"""API of goals and playbooks (/api/v1/)."""

from .playbooks import urlpatterns

__all__ = ["urlpatterns"]
