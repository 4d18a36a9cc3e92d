"""How allauth's sign-up and sign-in know of an invitation the person arrived with.

An app that emails invitation links (stakeholders, for one) calls
`remember_invitation(request, url=..., email=...)` when someone signed out opens a link.
Through sign-up, address confirmation and sign-in the session keeps it, so that:

- signing up with the invited address needs no confirmation email: following the emailed
  link proved the address (`AccountAdapter.is_email_verified`, allauth's own question);
- after signing in (or up) with no `next` of their own, the person lands on the
  invitation again (`AccountAdapter.get_login_redirect_url`); answering it stays theirs.

The app calls `forget_invitation(request)` once the invitation is in front of a signed-in
person.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.http import HttpRequest
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext

from . import limits
from .models import offered_language

INVITATION_URL_KEY = "invitation_url"
INVITED_EMAIL_KEY = "invited_email"


def remember_invitation(request: HttpRequest, *, url: str, email: str = "") -> None:
    """Keep the invitation a signed-out person opened: its page (a path on this site)
    and, for a person's invitation, the address it was sent to."""
    request.session[INVITATION_URL_KEY] = url
    if email:
        request.session[INVITED_EMAIL_KEY] = email.lower()
    else:
        request.session.pop(INVITED_EMAIL_KEY, None)


def forget_invitation(request: HttpRequest) -> None:
    request.session.pop(INVITATION_URL_KEY, None)
    request.session.pop(INVITED_EMAIL_KEY, None)


def remembered_invitation_url(request: HttpRequest) -> str:
    url = request.session.get(INVITATION_URL_KEY) or ""
    # Only a path on this site: a session value is never a way out to another site.
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    return ""


class AccountAdapter(DefaultAccountAdapter):
    def is_email_verified(self, request: HttpRequest, email: str) -> bool:
        """The address an invitation link was sent to, opened in this browser, is proved.

        (allauth's own stash, `stash_verified_email`, would also add the invited address
        to an account signed up under another one; this only vouches for that address.)
        """
        invited = request.session.get(INVITED_EMAIL_KEY) if request is not None else None
        if invited and invited == (email or "").lower():
            return True
        return super().is_email_verified(request, email)

    def save_user(self, request: HttpRequest, user, form, commit=True):
        """A new account starts in the language the sign-up page was read in (the
        switcher's choice, else the browser's), so its first emails are in it too."""
        user.language = offered_language(translation.get_language() or "")
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Where a person lands after signing in with no `next`: the invitation they
        arrived with, else the site's landing (LOGIN_REDIRECT_URL)."""
        return remembered_invitation_url(request) or super().get_login_redirect_url(request)

    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        """allauth refuses the attempt after too many failures (before the password is
        checked: a right one does not get through); say when to try again."""
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError as refusal:
            wait = limits.seconds_until_allowed(
                request,
                app="allauth.account",
                action="login_failed",
                key=self._get_login_attempts_cache_key(request, **credentials),
            )
            if not wait:
                raise
            count = limits.minutes(wait)
            raise forms.ValidationError(
                ngettext(
                    "Too many failed sign-ins for this account. Try again in %(count)d "
                    "minute, or reset your password.",
                    "Too many failed sign-ins for this account. Try again in %(count)d "
                    "minutes, or reset your password.",
                    count,
                )
                % {"count": count},
                code="too_many_login_attempts",
            ) from refusal
