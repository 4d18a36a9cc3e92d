"""The API's token authentication, limited against guessing (see limits.py)."""

from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header

from . import limits


class LimitedTokenAuthentication(TokenAuthentication):
    """DRF's token authentication; after API_TOKEN_FAILURE_LIMIT wrong tokens from one
    address, every token from it (a right one too) answers 429 with Retry-After until
    the oldest failure ages out."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        wait = limits.token_wait(request._request)
        if wait:
            count = limits.minutes(wait)
            raise exceptions.Throttled(
                wait=wait,
                detail=ngettext(
                    "Too many wrong tokens from this address. Try again in %(count)d minute.",
                    "Too many wrong tokens from this address. Try again in %(count)d minutes.",
                    count,
                )
                % {"count": count},
            )
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            limits.token_failed(request._request)
            raise
