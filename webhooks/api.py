"""API of an organisation's webhooks, for its admins: endpoints (list, add, change,
remove), rotate the secret, send a test, and each endpoint's delivery log.

An endpoint answers 404 to anyone who is not an admin of its organisation (its
`visible_to`); an organisation's list answers 403 to those who see the organisation but
do not administer it. The secret is in the answers of creating and rotating only.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ecosystem.api import StrictSerializer, created
from partners.models import PartnerOrganization

from . import access, selectors, services
from .models import SUBSCRIBABLE, WebhookDelivery, WebhookEndpoint


class WebhookEndpointSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookEndpoint
        fields = [
            "id", "url", "description", "events", "enabled", "consecutive_failures",
            "disabled_at", "disabled_reason", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class WebhookEndpointWithSecretSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(read_only=True)

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]
        read_only_fields = fields


EVENT_CHOICES = [(kind.value, kind.label) for kind in SUBSCRIBABLE]


class WebhookEndpointInputSerializer(StrictSerializer):
    url = serializers.CharField(max_length=500)
    events = serializers.ListField(child=serializers.ChoiceField(choices=EVENT_CHOICES))
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)


class WebhookEndpointUpdateSerializer(WebhookEndpointInputSerializer):
    enabled = serializers.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class WebhookDeliverySerializer(serializers.ModelSerializer):
    event = serializers.CharField(source="event.kind", read_only=True)
    event_id = serializers.IntegerField(read_only=True)
    next_retry_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id", "event", "event_id", "state", "status_code", "duration_ms", "attempts",
            "next_retry_at", "error", "created_at", "delivered_at",
        ]  # fmt: skip
        read_only_fields = fields


def _endpoint(user, pk) -> WebhookEndpoint:
    return get_object_or_404(
        WebhookEndpoint.objects.visible_to(user).select_related("organization"), pk=pk
    )


@extend_schema_view(
    post=extend_schema(
        request=WebhookEndpointInputSerializer,
        responses={201: WebhookEndpointWithSecretSerializer},
    )
)
class WebhookEndpointListView(generics.ListCreateAPIView):
    """An organisation's endpoints, for its admins; admins add one (the answer holds its
    secret, shown this once)."""

    serializer_class = WebhookEndpointSerializer

    def get_organization(self):
        return get_object_or_404(
            PartnerOrganization.objects.visible_to(self.request.user), slug=self.kwargs["slug"]
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no organisation
            return WebhookEndpoint.objects.none()
        organization = self.get_organization()
        access.check_can_manage_webhooks(user=self.request.user, organization=organization)
        return selectors.endpoints_of(organization=organization, user=self.request.user)

    def create(self, request, *args, **kwargs):
        organization = self.get_organization()
        access.check_can_manage_webhooks(user=request.user, organization=organization)
        serializer = WebhookEndpointInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        endpoint, _secret = services.endpoint_create(
            organization=organization, by=request.user, **serializer.validated_data
        )
        return created(WebhookEndpointWithSecretSerializer(endpoint).data)


class WebhookEndpointDetailView(APIView):
    """One endpoint: read, change (enabling it again forgets its failures), remove."""

    @extend_schema(responses={200: WebhookEndpointSerializer})
    def get(self, request, pk):
        return Response(WebhookEndpointSerializer(_endpoint(request.user, pk)).data)

    @extend_schema(
        request=WebhookEndpointUpdateSerializer, responses={200: WebhookEndpointSerializer}
    )
    def patch(self, request, pk):
        endpoint = _endpoint(request.user, pk)
        access.check_can_manage_endpoint(user=request.user, endpoint=endpoint)
        serializer = WebhookEndpointUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        endpoint = services.endpoint_update(
            endpoint=endpoint, by=request.user, **serializer.validated_data
        )
        return Response(WebhookEndpointSerializer(endpoint).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        services.endpoint_delete(endpoint=_endpoint(request.user, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookEndpointRotateView(APIView):
    """A new secret, at once (the answer holds it, shown this once)."""

    @extend_schema(request=None, responses={200: WebhookEndpointWithSecretSerializer})
    def post(self, request, pk):
        endpoint = _endpoint(request.user, pk)
        services.endpoint_rotate_secret(endpoint=endpoint, by=request.user)
        return Response(WebhookEndpointWithSecretSerializer(endpoint).data)


class WebhookEndpointTestView(APIView):
    """Send a `ping` event to this endpoint; answers its delivery (sent after commit)."""

    @extend_schema(request=None, responses={202: WebhookDeliverySerializer})
    def post(self, request, pk):
        delivery = services.endpoint_send_test(
            endpoint=_endpoint(request.user, pk), by=request.user
        )
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


class WebhookDeliveryListView(generics.ListAPIView):
    """The endpoint's last 50 deliveries, newest first."""

    serializer_class = WebhookDeliverySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WebhookDelivery.objects.none()
        return selectors.delivery_log(endpoint=_endpoint(self.request.user, self.kwargs["pk"]))


urlpatterns = [
    path(
        "partners/<slug:slug>/webhooks/",
        WebhookEndpointListView.as_view(),
        name="api-webhook-endpoints",
    ),
    path("webhooks/<int:pk>/", WebhookEndpointDetailView.as_view(), name="api-webhook-endpoint"),
    path(
        "webhooks/<int:pk>/rotate-secret/",
        WebhookEndpointRotateView.as_view(),
        name="api-webhook-rotate",
    ),
    path("webhooks/<int:pk>/test/", WebhookEndpointTestView.as_view(), name="api-webhook-test"),
    path(
        "webhooks/<int:pk>/deliveries/",
        WebhookDeliveryListView.as_view(),
        name="api-webhook-deliveries",
    ),
]
