from django.http import HttpResponseBadRequest, HttpResponseNotFound
from django.utils import timezone, translation


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
        if "\x00" in request.path:
            return HttpResponseNotFound("Not found.", content_type="text/plain")
        if any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            return HttpResponseBadRequest(
                "Bad request: NUL byte in the query.", content_type="text/plain"
            )
        return self.get_response(request)
