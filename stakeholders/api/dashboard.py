"""API of the partner dashboard: the goals a person's organisations were invited to and,
across them, the coming milestones in their scope, a page at a time."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.views import APIView

from ecosystem.api import DefaultPagination

from ..dashboard import partner_coming_milestones, partner_dashboard_goals, partner_dashboard_items


class DashboardGrantSerializer(serializers.Serializer):
    """An organisation's invitation into a goal, active now."""

    stakeholder = serializers.IntegerField(source="pk")
    partner = serializers.CharField(source="organization.slug")
    partner_name = serializers.CharField(source="organization.name")
    role = serializers.CharField(help_text="supplier, tutor, mentor, peer, agency, …")
    access = serializers.CharField(help_text="view, comment or contribute.")
    milestones = serializers.SerializerMethodField()
    ends_on = serializers.DateField(allow_null=True)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_milestones(self, grant) -> list[int]:
        """Milestones in scope; empty: the whole goal."""
        return [milestone.pk for milestone in grant.milestones.all()]


class DashboardGoalSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="goal.pk")
    title = serializers.CharField(source="goal.title")
    target_date = serializers.DateField(source="goal.target_date")
    customer = serializers.CharField(source="goal.owner.name", help_text="The goal's owner.")
    via = DashboardGrantSerializer(source="grants", many=True)


class DashboardRowSerializer(serializers.Serializer):
    """A coming milestone in scope; for a supplier, the date its customer orders by."""

    milestone = serializers.IntegerField(source="milestone.pk")
    title = serializers.CharField(source="milestone.title")
    status = serializers.CharField(source="milestone.status", help_text="todo or doing.")
    latest_start = serializers.DateField(source="milestone.latest_start")
    latest_finish = serializers.DateField(source="milestone.latest_finish")
    goal = serializers.IntegerField(source="milestone.goal_id")
    goal_title = serializers.CharField(source="milestone.goal.title")
    customer = serializers.CharField(source="milestone.goal.owner.name")
    via = DashboardGrantSerializer(source="grants", many=True)


class PartnerDashboardSerializer(serializers.Serializer):
    """The page envelope of `results` (coming milestones), with every goal alongside."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = DashboardRowSerializer(many=True)
    goals = DashboardGoalSerializer(many=True)


class PartnerDashboardView(APIView):
    """For the signed-in person's partner organisations: the goals they were invited to
    (active grants, by target date) and, across them, the coming open milestones in their
    scope by latest start, a page at a time. Empty for someone in no organisation."""

    @extend_schema(
        parameters=[
            OpenApiParameter("page", int, description="A page number (from 1)."),
            OpenApiParameter("page_size", int, description="Rows per page (at most 200)."),
        ],
        responses=PartnerDashboardSerializer,
    )
    def get(self, request):
        today = request.user.today()
        goals = partner_dashboard_goals(user=request.user, today=today)
        paginator = DefaultPagination()
        page = paginator.paginate_queryset(
            partner_coming_milestones(user=request.user, today=today), request, view=self
        )
        rows = partner_dashboard_items(page, goals)
        response = paginator.get_paginated_response(DashboardRowSerializer(rows, many=True).data)
        response.data["goals"] = DashboardGoalSerializer(goals, many=True).data
        return response
