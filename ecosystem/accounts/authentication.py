"""The API's token authentication, limited against guessing (see limits.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header

from . import limits


class LimitedTokenAuthentication(TokenAuthentication):
    """DRF's token authentication; after API_TOKEN_FAILURE_LIMIT wrong tokens from one
    address, every token from it (a right one too) answers 429 with Retry-After until
    the oldest failure ages out. A refused token that names an account (a real token
    of a deactivated account) also counts against that account, from any address: after
    API_TOKEN_ACCOUNT_FAILURE_LIMIT of them the account's tokens answer 429 everywhere,
    as its sign-in form does after 5 failed passwords."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        # DRF makes one authenticator per request, so the request can ride along to
        # authenticate_credentials, which DRF calls with the key alone.
        self._django_request = request._request
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

    def authenticate_credentials(self, key):
        # The one query of DRF's own implementation, with the account checked in between.
        token = self.get_model().objects.select_related("user").filter(key=key).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        request, account = self._django_request, str(token.user_id)
        wait = limits.token_account_wait(request, account=account)
        if wait:
            count = limits.minutes(wait)
            raise exceptions.Throttled(
                wait=wait,
                detail=ngettext(
                    "Too many failed tokens for this account. Try again in %(count)d minute.",
                    "Too many failed tokens for this account. Try again in %(count)d minutes.",
                    count,
                )
                % {"count": count},
            )
        if not token.user.is_active:
            limits.token_account_failed(request, account=account)
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)
