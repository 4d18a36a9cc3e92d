"""API of notifications (list, mark read, mark all read) and of notification preferences.

A person reads and changes only their own: another person's notification answers 404.
"""

import django_filters
from django.urls import include, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from ecosystem.api import ClockTimeField, StrictSerializer

from . import selectors, services
from .models import MAX_LEAD_DAYS, Channel, Kind, Notification


class NotificationSerializer(serializers.ModelSerializer):
    available = serializers.BooleanField(
        read_only=True,
        help_text="False when you can no longer see what it was about: then it has no text.",
    )
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "title",
            "body",
            "link",
            "available",
            "created_at",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields


class NotificationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    unread = django_filters.BooleanFilter(
        method="filter_unread", help_text="true: only unread ones."
    )

    class Meta:
        model = Notification
        fields = ["kind", "unread"]

    def filter_unread(self, queryset, name, value):
        return queryset.unread() if value else queryset


class MarkAllReadSerializer(StrictSerializer):
    kind = serializers.ChoiceField(
        choices=Kind.choices, required=False, help_text="Only this kind; all when left out."
    )


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many changed from unread to read.")


@extend_schema_view(
    list=extend_schema(description="My notifications, newest first."),
    retrieve=extend_schema(description="One of my notifications."),
)
class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The signed-in person's notifications (never anyone else's, staff included)."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.notification_list_for(self.request.user)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = list(self.paginate_queryset(queryset))
        selectors.mark_availability(request.user, page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        notification = self.get_object()
        selectors.mark_availability(request.user, [notification])
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses=NotificationSerializer, description="Mark it read.")
    @action(detail=True, methods=["post"], url_path="read")
    def read(self, request, pk=None):
        notification = self.get_object()
        services.notification_mark_read(notification=notification, by=request.user)
        selectors.mark_availability(request.user, [notification])
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        request=MarkAllReadSerializer,
        responses=MarkedSerializer,
        description="Mark all my unread notifications read (or those of one kind).",
    )
    @action(detail=False, methods=["post"], url_path="read-all", filterset_class=None)
    def read_all(self, request):
        given = MarkAllReadSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        marked = services.notification_mark_all_read(
            by=request.user, kind=given.validated_data.get("kind")
        )
        return Response(MarkedSerializer({"marked": marked}).data)


class ChannelsField(serializers.DictField):
    child = serializers.ChoiceField(choices=Channel.choices)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        unknown = sorted(set(value) - set(Kind.values))
        if unknown:
            raise serializers.ValidationError(
                [_("Unknown kind: %(kind)s.") % {"kind": kind} for kind in unknown]
            )
        return value


class PreferencesSerializer(StrictSerializer):
    reminder_time = ClockTimeField(
        help_text="Local time (your time zone) for reminders and the digest."
    )
    reminder_lead_days = serializers.IntegerField(
        min_value=1, max_value=MAX_LEAD_DAYS, help_text="Days of warning before a due date."
    )
    quiet_hours_start = ClockTimeField(allow_null=True)
    quiet_hours_end = ClockTimeField(allow_null=True)
    remind_contributed = serializers.BooleanField(
        help_text="Also remind me about milestones I contribute to on other people's goals."
    )
    channels = ChannelsField(
        help_text="For each kind: in_app, email (and in the app), digest (and in the app), "
        "or off. A PATCH may name only the kinds it changes."
    )
    account_emails = serializers.CharField(
        read_only=True,
        default="always",
        help_text="Account and security emails are always sent; they cannot be turned off.",
    )


def _preferences_answer(user) -> dict:
    current = selectors.settings_for(user)
    values = {name: getattr(current, name) for name in services.SETTINGS_FIELDS}
    values["channels"] = selectors.channels_for(user_id=user.pk)
    values["account_emails"] = "always"
    return PreferencesSerializer(values).data


class PreferencesView(APIView):
    """My delivery settings and, per kind, how I want to hear about it."""

    @extend_schema(responses=PreferencesSerializer)
    def get(self, request):
        return Response(_preferences_answer(request.user))

    @extend_schema(request=PreferencesSerializer, responses=PreferencesSerializer)
    def patch(self, request):
        given = PreferencesSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        changes = dict(given.validated_data)
        channels = changes.pop("channels", None)
        services.preferences_update(by=request.user, channels=channels, **changes)
        return Response(_preferences_answer(request.user))


router = SimpleRouter()
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path(
        "notification-preferences/",
        PreferencesView.as_view(),
        name="notification-preferences",
    ),
    path("", include(router.urls)),
]
