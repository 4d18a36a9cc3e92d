"""Reads of notifications and of how people want them delivered."""

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ecosystem.accounts.models import offered_language, zone_named

from .models import (
    DEFAULT_CHANNELS,
    DEFAULT_LEAD_DAYS,
    DEFAULT_REMINDER_TIME,
    Kind,
    Notification,
    NotificationPreference,
    NotificationSettings,
)

NO_LONGER_AVAILABLE = _("Something you no longer have access to")


def in_quiet_hours(moment: time, start: time | None, end: time | None) -> bool:
    """Whether a local time falls in quiet hours [start, end); they may span midnight."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


@dataclass(frozen=True)
class DeliveryProfile:
    """What delivery needs to know about one person, loaded for many at once."""

    user_id: int
    email: str
    name: str
    zone: zoneinfo.ZoneInfo
    language: str = settings.LANGUAGE_CODE
    reminder_time: time = DEFAULT_REMINDER_TIME
    lead_days: int = DEFAULT_LEAD_DAYS
    quiet_hours_start: time | None = None
    quiet_hours_end: time | None = None
    remind_contributed: bool = False
    channels: dict = field(default_factory=dict)

    def channel(self, kind: str) -> str:
        return self.channels.get(kind, DEFAULT_CHANNELS[Kind(kind)])

    def local_now(self, now: datetime) -> datetime:
        return now.astimezone(self.zone)

    def today(self, now: datetime) -> date:
        return self.local_now(now).date()

    def local_instant(self, day: date, at: time | None = None) -> datetime:
        """`day` at `at` (default: the reminder time) in this person's time zone."""
        return datetime.combine(day, at or self.reminder_time, tzinfo=self.zone)

    def email_not_before(self, now: datetime) -> datetime:
        """Now, or the end of quiet hours when now falls inside them."""
        local = self.local_now(now)
        if not in_quiet_hours(local.time(), self.quiet_hours_start, self.quiet_hours_end):
            return now
        end = datetime.combine(local.date(), self.quiet_hours_end, tzinfo=self.zone)
        if end <= local:
            end = datetime.combine(local.date() + timedelta(days=1), self.quiet_hours_end)
            end = end.replace(tzinfo=self.zone)
        return end


def delivery_profiles(user_ids: Iterable[int], kinds: Iterable[str]) -> dict[int, DeliveryProfile]:
    """Time zone, settings and channels for these people and kinds, in two queries."""
    user_ids = set(user_ids)
    if not user_ids:
        return {}
    channels = defaultdict(dict)
    for user_id, kind, channel in NotificationPreference.objects.filter(
        user_id__in=user_ids, kind__in=list(kinds)
    ).values_list("user_id", "kind", "channel"):
        channels[user_id][kind] = channel
    rows = (
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .values(
            "pk",
            "email",
            "display_name",
            "time_zone",
            "language",
            "notification_settings__reminder_time",
            "notification_settings__reminder_lead_days",
            "notification_settings__quiet_hours_start",
            "notification_settings__quiet_hours_end",
            "notification_settings__remind_contributed",
        )
    )
    profiles = {}
    for row in rows:
        has_settings = row["notification_settings__reminder_time"] is not None
        profiles[row["pk"]] = DeliveryProfile(
            user_id=row["pk"],
            email=row["email"],
            name=row["display_name"] or row["email"].split("@", 1)[0],
            zone=zone_named(row["time_zone"]),
            language=offered_language(row["language"]),
            reminder_time=row["notification_settings__reminder_time"] or DEFAULT_REMINDER_TIME,
            lead_days=row["notification_settings__reminder_lead_days"] or DEFAULT_LEAD_DAYS,
            quiet_hours_start=row["notification_settings__quiet_hours_start"],
            quiet_hours_end=row["notification_settings__quiet_hours_end"],
            remind_contributed=has_settings and row["notification_settings__remind_contributed"],
            channels=channels[row["pk"]],
        )
    return profiles


def settings_for(user) -> NotificationSettings:
    """A person's settings, or unsaved defaults when they never changed them."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


def channels_for(*, user_id: int) -> dict[str, str]:
    """Every kind with the channel this person chose, or its default."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id=user_id).values_list("kind", "channel")
    )
    return {kind.value: chosen.get(kind.value, DEFAULT_CHANNELS[kind]) for kind in Kind}


def unread_count_for(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.visible_to(user).unread().count()


def unread_count_subquery(user):
    """The person's unread count as an expression, for a page's one navigation query
    (ecosystem/views/navigation.py) to read with the rest."""
    unread = (
        Notification.objects.visible_to(user)
        .unread()
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(unread), 0)


def notification_list_for(user, *, kind: str | None = None, unread: bool = False):
    """A person's notifications, newest first, optionally of one kind or unread only."""
    notifications = Notification.objects.visible_to(user)
    if kind:
        notifications = notifications.filter(kind=kind)
    if unread:
        notifications = notifications.unread()
    return notifications.order_by("-created_at", "-id")


def notification_detail(*, user, pk) -> Notification:
    return Notification.objects.visible_to(user).get(pk=pk)


def mark_availability(user, notifications: list[Notification]) -> list[Notification]:
    """Set `available` on each notification: False when its recipient may no longer see
    what it is about (access revoked, goal in the trash, post hidden), asked of the target
    model's own `visible_to(user)`; such a notification shows no title, text or link. One
    query per type of target on the page, whatever its length. The rows are not saved."""
    by_type = defaultdict(set)
    for notification in notifications:
        if notification.target_type_id and notification.target_id:
            by_type[notification.target_type_id].add(notification.target_id)
    visible = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        manager = model._default_manager if model is not None else None
        if manager is None:
            visible[type_id] = set()
        elif hasattr(manager, "visible_to"):
            visible[type_id] = set(
                manager.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
            )
        else:
            visible[type_id] = set(manager.filter(pk__in=ids).values_list("pk", flat=True))
    for notification in notifications:
        notification.available = (
            not notification.target_type_id
            or not notification.target_id
            or notification.target_id in visible.get(notification.target_type_id, set())
        )
        if not notification.available:
            # What it was about is no longer theirs to read: keep the row, not its text.
            notification.title = str(NO_LONGER_AVAILABLE)
            notification.body = ""
            notification.link = ""
    return notifications
