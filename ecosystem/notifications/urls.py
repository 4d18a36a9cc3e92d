from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.centre, name="centre"),
    path("notifications/<int:pk>/read/", views.mark_read, name="mark-read"),
    path("notifications/read-all/", views.mark_all_read, name="mark-all-read"),
    path("notifications/bell/", views.bell, name="bell"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path(
        "notifications/unsubscribe/<str:kind>/<str:token>/",
        views.unsubscribe,
        name="unsubscribe",
    ),
]
