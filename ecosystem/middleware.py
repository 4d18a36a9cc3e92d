from django.contrib import messages
from django.http import HttpResponseBadRequest, HttpResponseNotFound
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ecosystem.api import API_PREFIX, error_answer


class UserPreferencesMiddleware:
    """Show times in the signed-in person's time zone and pages in their language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = translation.get_language()
        else:
            timezone.deactivate()
        return self.get_response(request)


class RejectNulBytesMiddleware:
    """A NUL byte can never be part of a valid id or filter, and PostgreSQL refuses it in
    text with an error: answer 404 for such a path and 400 for such a query string."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api = request.path.startswith(API_PREFIX)
        if "\x00" in request.path:
            if api:
                return error_answer(404, "not_found", str(_("Not found.")))
            return HttpResponseNotFound("Not found.", content_type="text/plain")
        if any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            if api:
                return error_answer(400, "invalid", str(_("NUL byte in the query.")))
            return HttpResponseBadRequest(
                "Bad request: NUL byte in the query.", content_type="text/plain"
            )
        return self.get_response(request)


# htmx answers that navigate or reload: their messages wait for the page they lead to.
NAVIGATING_HEADERS = ("HX-Redirect", "HX-Location", "HX-Refresh")


class HtmxMessagesMiddleware:
    """Messages added while answering an htmx request are shown at once, and spoken.

    A page's messages live in `#messages`, a live region present on every page
    (templates/ecosystem/partials/messages.html). An htmx request swaps only part of the
    page, so its messages would wait, unseen, for the next full page. Here they are
    appended to the htmx answer as an out-of-band swap into `#messages`: the region stays
    in place and its new content is read out by screen readers.

    Only answers that htmx swaps in (2xx HTML, not streamed, not navigating elsewhere)
    take them; any other answer leaves them for the next page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request") != "true"
            or not 200 <= response.status_code < 300
            or response.status_code == 204
            or response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or any(header in response for header in NAVIGATING_HEADERS)
        ):
            return response
        waiting = messages.get_messages(request)
        if waiting.used or not len(waiting):  # none, or the answer showed them already
            return response
        response.content += render_to_string(
            "ecosystem/partials/messages.html", {"messages": waiting, "out_of_band": True}
        ).encode(response.charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
