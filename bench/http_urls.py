"""The project's URLs plus the two bare pages bench/bench_http.py compares them with."""

from django.urls import path

from ecosystem.urls import urlpatterns as site_urlpatterns

from .http_views import BareList, bare_template

urlpatterns = [
    path("bench/bare/template/", bare_template, name="bench-bare-template"),
    path("bench/bare/drf/", BareList.as_view(), name="bench-bare-drf"),
    *site_urlpatterns,
]
