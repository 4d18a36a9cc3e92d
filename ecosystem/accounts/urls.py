from django.urls import path

from . import data_views, views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("language/", views.language, name="language"),
    path("people/<slug:handle>/", views.person, name="person"),
    path("data/", data_views.your_data, name="data"),
    path("data/export/", data_views.data_export, name="data-export"),
    path("data/download/<str:token>/", data_views.data_download, name="data-download"),
    path("delete/", data_views.delete_account, name="delete"),
]
