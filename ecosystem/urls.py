from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from goals import urls as goal_urls
from milestones import urls as plan_urls

from . import views
from .views import outbox, staff

api_v1 = [
    path("", include("ecosystem.accounts.api")),
    path("", include("ecosystem.reference.api")),
    path("", include("ecosystem.notifications.api")),
    path("", include("goals.api")),
    path("", include("milestones.api")),
    path("", include("partners.api")),
    path("", include("stakeholders.api")),
    path("", include("community.api")),
    path("", include("voice.api")),
    path("", include("webhooks.api")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("staff/", staff.staff_home, name="staff-home"),
    # Development only: answers 404 unless DEBUG (see ecosystem/outbox.py).
    path("dev/outbox/", outbox.outbox, name="dev-outbox"),
    path("dev/outbox/<str:name>/", outbox.outbox_detail, name="dev-outbox-message"),
    # Goal pages that need no plan (goals/urls.py) and the plan's pages (milestones/urls.py)
    # share the `goals` namespace.
    path("", include((goal_urls.urlpatterns + plan_urls.urlpatterns, "goals"))),
    path("", include("partners.urls")),
    path("", include("stakeholders.urls")),
    path("", include("community.urls")),
    path("", include("voice.urls")),
    path("", include("webhooks.urls")),
    path("", include("ecosystem.notifications.urls")),
    path("accounts/", include("ecosystem.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
]

handler404 = "ecosystem.views.errors.page_not_found"
