from django.urls import path

from . import moderation_views, views

app_name = "community"

urlpatterns = [
    path("communities/", views.community_list, name="list"),
    path("communities/new/", views.community_propose, name="propose"),
    path("communities/search/", views.search, name="search"),
    path("communities/<slug:slug>/", views.community_detail, name="detail"),
    path("communities/<slug:slug>/edit/", views.community_edit, name="edit"),
    path("communities/<slug:slug>/review/", views.community_review, name="review"),
    path("communities/<slug:slug>/join/", views.community_join, name="join"),
    path("communities/<slug:slug>/leave/", views.community_leave, name="leave"),
    path("communities/<slug:slug>/members/", views.member_list, name="members"),
    path(
        "communities/<slug:slug>/members/<int:pk>/approve/",
        views.member_approve,
        name="member-approve",
    ),
    path(
        "communities/<slug:slug>/members/<int:pk>/decline/",
        views.member_decline,
        name="member-decline",
    ),
    path(
        "communities/<slug:slug>/moderators/appoint/",
        views.moderator_appoint,
        name="moderator-appoint",
    ),
    path("communities/<slug:slug>/threads/new/", views.thread_create, name="thread-create"),
    path("threads/<int:pk>/", views.thread_detail, name="thread"),
    path("threads/<int:pk>/edit/", views.thread_edit, name="thread-edit"),
    path("threads/<int:pk>/reply/", views.post_create, name="reply"),
    path("threads/<int:pk>/accept/<int:post_pk>/", views.accept_answer, name="accept"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post-edit"),
    path("posts/<int:pk>/delete/", views.post_delete, name="post-delete"),
    path("posts/<int:pk>/helpful/", views.post_helpful, name="post-helpful"),
    # Moderation (issue 7)
    path("posts/<int:pk>/flag/", moderation_views.flag_post, name="flag-post"),
    path("threads/<int:pk>/flag/", moderation_views.flag_thread, name="flag-thread"),
    path("moderation/", moderation_views.queue, name="moderation-queue"),
    path("moderation/log/", moderation_views.log, name="moderation-log"),
    path("moderation/my-flags/", moderation_views.my_flags, name="my-flags"),
    path("moderation/<str:kind>/<int:pk>/act/", moderation_views.act, name="moderation-act"),
]
