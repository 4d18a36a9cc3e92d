from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("partners/<slug:slug>/webhooks/new/", views.endpoint_create, name="create"),
    path("partners/<slug:slug>/webhooks/<int:pk>/", views.endpoint_detail, name="detail"),
    path("partners/<slug:slug>/webhooks/<int:pk>/test/", views.endpoint_test, name="test"),
    path("partners/<slug:slug>/webhooks/<int:pk>/rotate/", views.endpoint_rotate, name="rotate"),
    path("partners/<slug:slug>/webhooks/<int:pk>/delete/", views.endpoint_delete, name="delete"),
]
