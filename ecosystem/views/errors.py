"""Error pages: the site's own, and the API's error shape under /api/."""

from django.utils.translation import gettext as _
from django.views import defaults

from ..api import API_PREFIX, error_answer


def page_not_found(request, exception):
    """A path under /api/ that no endpoint matches (an id that is not a number, a slug
    with characters no slug has) answers the API's JSON error, never an HTML page."""
    if request.path.startswith(API_PREFIX):
        return error_answer(404, "not_found", _("Not found."))
    return defaults.page_not_found(request, exception)
