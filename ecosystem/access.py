"""What every app's access rules share: the "not visible to you" refusal and the clock.

Each app keeps its own rules in its `access.py` (who may do what) beside its models'
`visible_to(user)` (who may see what). A `check_can_*` there returns quietly or raises:
`NotFound` when the person may not see the object (404: its existence is not confirmed),
`PermissionDenied` with the reason when they see it but may not do this (403). Pages
(Django) and the API (ecosystem.api.exception_handler) both answer an Http404 with 404.
"""

from datetime import date

from django.http import Http404


class NotFound(Http404):
    """The acting person may not see this object: answered as 404 everywhere."""


def today_of(user, today: date | None = None) -> date:
    """The day a rule is decided on: `today` when given, else the person's own today in
    their time zone (never the server's date, which depends on which middleware ran)."""
    return today if today is not None else user.today()
