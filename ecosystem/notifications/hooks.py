"""What notifications adds through accounts' hooks: the person's notifications and
preferences in "Download my data", their removal when the account is deleted, and the
notice that an export is ready."""

from django.conf import settings
from django.utils.translation import gettext as _

from ecosystem.accounts.hooks import account_deleting, data_export_ready, personal_data

from .models import Digest, Kind, Notification, NotificationPreference, NotificationSettings
from .services import notify
from .unread import unread_changed


def personal_rows(*, user) -> dict:
    return {
        "notification_settings": NotificationSettings.objects.filter(user=user).values(
            "reminder_time",
            "reminder_lead_days",
            "quiet_hours_start",
            "quiet_hours_end",
            "remind_contributed",
        ),
        "notification_preferences": NotificationPreference.objects.filter(user=user).values(
            "kind", "channel"
        ),
        "notifications": Notification.objects.filter(recipient=user).values(
            "kind", "title", "body", "link", "created_at", "read_at", "emailed_at"
        ),
    }


def _erase(sender, *, user, **kwargs) -> None:
    Notification.objects.filter(recipient=user).delete()
    unread_changed([user.pk])
    Digest.objects.filter(recipient=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    NotificationSettings.objects.filter(user=user).delete()


def _tell_export_ready(sender, *, export, link, **kwargs) -> None:
    notify(
        recipients=[export.user_id],
        kind=Kind.DATA_EXPORT_READY,
        title=lambda: _("Your data is ready to download"),
        body=lambda: (
            _("The link works for you alone, for %(days)s days. Sign in to open it.")
            % {"days": settings.DATA_EXPORT_LINK_DAYS}
        ),
        link=link,
        dedupe_key=f"data_export_ready:{export.pk}",
    )


def connect() -> None:
    personal_data.register("notifications", personal_rows)
    account_deleting.connect(_erase, dispatch_uid="notifications.erase")
    data_export_ready.connect(_tell_export_ready, dispatch_uid="notifications.export_ready")
