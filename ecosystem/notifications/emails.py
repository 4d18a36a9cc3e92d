"""Email messages of notifications and digests: text and HTML parts, one-click unsubscribe.

Every message carries `List-Unsubscribe` with a signed HTTPS link and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): a mail client may stop
that kind of email with one POST, without the person signing in.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Digest, Kind, Notification
from .tokens import DIGEST, unsubscribe_token


def absolute(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return absolute(reverse("notifications:unsubscribe", args=[kind, token]))


def _message(*, to: str, subject: str, template: str, context: dict, kind: str, user_id: int):
    unsubscribe = unsubscribe_url(user_id=user_id, kind=kind)
    context = context | {
        "unsubscribe_url": unsubscribe,
        "preferences_url": absolute(reverse("notifications:preferences")),
        "site_url": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    return message


def notification_email(notification: Notification):
    """One notification as an email to its recipient, in their language."""
    recipient = notification.recipient
    with translation.override(recipient.locale):
        message = _message(
            to=recipient.email,
            subject=notification.title,
            template="notification",
            context={
                "notification": notification,
                "recipient": recipient,
                "link": absolute(notification.link),
                "kind_label": Kind(notification.kind).label,
            },
            kind=notification.kind,
            user_id=recipient.pk,
        )
    message.extra_headers["X-Ecosystem-Notification"] = str(notification.pk)
    return message


def digest_email(digest: Digest, items: list[Notification]):
    """The day's digest, in its recipient's language: every item claimed for it, newest last."""
    recipient = digest.recipient
    with translation.override(recipient.locale):
        message = _message(
            to=recipient.email,
            subject=_("Your daily digest: %(count)s new") % {"count": len(items)},
            template="digest",
            context={
                "digest": digest,
                "recipient": recipient,
                "items": [(item, absolute(item.link)) for item in items],
            },
            kind=DIGEST,
            user_id=recipient.pk,
        )
    message.extra_headers["X-Ecosystem-Digest"] = str(digest.pk)
    return message
