"""Who may do what with an account: each rule once (see ecosystem/access.py)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def account_delete_refusal(by, user) -> str:
    """Why `by` may not delete `user`'s account ("" when they may): a person deletes
    their own; a superuser may delete someone's on their request (support). Plain staff
    may not: they run the platform but do not hold customers' private data."""
    if not by.is_authenticated or not by.is_active:
        return _("Sign in to delete an account.")
    if user.deleted_at is not None:
        return _("This account is already deleted.")
    if by.pk == user.pk or by.is_superuser:
        return ""
    return _("Only the person themselves (or a superuser, at their request) may delete it.")


def check_can_delete_account(by, user) -> None:
    refusal = account_delete_refusal(by, user)
    if refusal:
        raise PermissionDenied(refusal)
