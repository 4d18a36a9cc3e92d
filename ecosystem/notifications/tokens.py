"""Signed unsubscribe links: they work without signing in, so the link itself is the key.

A token names the person and is signed with a salt per kind, so a link that stops one
kind of email cannot be edited into a link that stops another. Tokens do not expire: an
unsubscribe link in an old email must keep working (RFC 8058 expects the same).
"""

from django.core import signing

from .models import Kind

DIGEST = "digest"  # the daily digest email has its own link beside the kinds
UNSUBSCRIBE_KINDS = frozenset(Kind.values) | {DIGEST}


def _salt(kind: str) -> str:
    return f"ecosystem.notifications.unsubscribe.{kind}"


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    if kind not in UNSUBSCRIBE_KINDS:
        raise ValueError(f"Unknown kind: {kind}")
    return signing.dumps(user_id, salt=_salt(kind))


def read_unsubscribe_token(*, kind: str, token: str) -> int | None:
    """The person the token was made for, or None when it is not one of ours for `kind`."""
    if kind not in UNSUBSCRIBE_KINDS:
        return None
    try:
        user_id = signing.loads(token, salt=_salt(kind))
    except signing.BadSignature:
        return None
    return user_id if isinstance(user_id, int) and not isinstance(user_id, bool) else None
