from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ecosystem.api import StrictModelSerializer
from ecosystem.reference.models import Region

from .models import User
from .services import user_update_profile


class MeSerializer(StrictModelSerializer):
    region = serializers.SlugRelatedField(
        slug_field="slug", queryset=Region.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = User
        fields = ["id", "email", "display_name", "time_zone", "region", "language", "is_staff"]
        read_only_fields = ["id", "email", "is_staff"]


class MeView(APIView):
    """The signed-in person's own profile."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=MeSerializer, responses=MeSerializer)
    def patch(self, request):
        serializer = MeSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = user_update_profile(user=request.user, **serializer.validated_data)
        return Response(MeSerializer(user).data)


urlpatterns = [path("me/", MeView.as_view(), name="api-me")]
