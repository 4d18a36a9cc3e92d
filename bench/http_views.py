"""The bare framework, for bench/bench_http.py: a Django view rendering a 50-row template and a
DRF list of 50 rows, reading the same database through the same middleware as the
product's pages, with nothing of the product's own (no visibility rule, no base
template). Never part of the product: only bench/http_urls.py routes to them."""

from django.shortcuts import render
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from milestones.models import Milestone

ROWS = 50


def bare_rows():
    return Milestone.objects.order_by("id")[:ROWS]


def bare_template(request):
    return render(request, "bench/bare_list.html", {"rows": bare_rows()})


class BareMilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "status", "duration_days", "latest_start", "latest_finish"]


class BareList(generics.ListAPIView):
    serializer_class = BareMilestoneSerializer
    permission_classes = [AllowAny]
    pagination_class = None

    def get_queryset(self):
        return bare_rows()
