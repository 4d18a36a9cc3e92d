"""What pages share: where to go back to after a form, and a redirect htmx follows."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str = "") -> str:
    """The page to go back to (`next` in the form or the query string) if it is one of
    ours, else `default`: never an open redirect to another site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def htmx_redirect(request, url: str):
    """A redirect, or for an htmx request the header that makes htmx navigate there."""
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)
