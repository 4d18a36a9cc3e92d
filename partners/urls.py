from django.urls import path

from . import use_views, views

app_name = "partners"

urlpatterns = [
    path("partners/", views.directory, name="directory"),
    path("partners/new/", views.organization_create, name="create"),
    path(
        "partners/invitations/<int:pk>/accept/", views.invitation_accept, name="invitation-accept"
    ),
    path("partners/<slug:slug>/", views.organization_detail, name="detail"),
    path("partners/<slug:slug>/edit/", views.organization_edit, name="edit"),
    path("partners/<slug:slug>/verify/", views.organization_verify, name="verify"),
    path("partners/<slug:slug>/members/invite/", views.member_invite, name="member-invite"),
    path(
        "partners/<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member-remove"
    ),
    path("partners/<slug:slug>/resources/new/", views.resource_create, name="resource-create"),
    path("resources/preview/", views.resource_preview, name="resource-preview"),
    path("resources/<int:pk>/", views.resource_detail, name="resource-detail"),
    path("resources/<int:pk>/edit/", views.resource_edit, name="resource-edit"),
    path("resources/<int:pk>/publish/", views.resource_publish, name="resource-publish"),
    path("resources/<int:pk>/withdraw/", views.resource_withdraw, name="resource-withdraw"),
    path("resources/<int:pk>/unpublish/", views.resource_unpublish, name="resource-unpublish"),
    path("resources/<int:pk>/delete/", views.resource_delete, name="resource-delete"),
    path("resources/<int:pk>/used/", use_views.resource_used, name="resource-used"),
]
