"""The ecosystem's health, aggregated (never one customer's answer): staff over everything
(or one organisation with ?organization=), a partner's members over their customers."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from partners.models import PartnerOrganization

from ..access import check_can_see_health
from ..health import health_report


def _groups(groups) -> list[dict]:
    return [
        {
            "label": group.label,
            "context": group.context,
            "customers": group.customers,
            "answers": group.answers,
            "average": group.average,
            "met_share": group.met_share,
        }
        for group in groups
    ]


class HealthGroupSerializer(serializers.Serializer):
    label = serializers.CharField()
    context = serializers.CharField()
    customers = serializers.IntegerField()
    answers = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)
    met_share = serializers.FloatField(allow_null=True)


class LeavingReasonSerializer(serializers.Serializer):
    label = serializers.CharField()
    customers = serializers.IntegerField(allow_null=True)


class LeavingSerializer(serializers.Serializer):
    customers = serializers.IntegerField()
    reasons = LeavingReasonSerializer(many=True)


class HealthSerializer(serializers.Serializer):
    """The answer's shape (documentation: the view builds it from the health report)."""

    organization = serializers.CharField(allow_null=True)
    min_group_size = serializers.IntegerField()
    stages = HealthGroupSerializer(many=True)
    gaps = HealthGroupSerializer(many=True)
    trend = HealthGroupSerializer(many=True)
    met_by = HealthGroupSerializer(many=True)
    leaving = LeavingSerializer()


class HealthView(APIView):
    """Needs met per stage, the biggest gaps, the trend by month, who meets needs, and why
    goals are abandoned: each group over at least `min_group_size` customers."""

    @extend_schema(
        responses=HealthSerializer,
        parameters=[OpenApiParameter("organization", str, description="An organisation's slug")],
    )
    def get(self, request):
        slug = request.query_params.get("organization")
        organization = None
        if slug:
            organization = get_object_or_404(
                PartnerOrganization.objects.visible_to(request.user), slug=slug
            )
        check_can_see_health(user=request.user, organization=organization)
        report = health_report(organization=organization)
        return Response(
            {
                "organization": organization.slug if organization else None,
                "min_group_size": report.min_group_size,
                "stages": _groups(report.stages),
                "gaps": _groups(report.gaps),
                "trend": _groups(report.trend),
                "met_by": _groups(report.met_by),
                "leaving": {
                    "customers": report.leaving_customers,
                    "reasons": [
                        {"label": reason.label, "customers": reason.customers}
                        for reason in report.reasons
                    ],
                },
            }
        )
