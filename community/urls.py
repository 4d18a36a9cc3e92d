from django.urls import path

from .peers import views as peers
from .views import communities, members, moderation, posts, threads

app_name = "community"

urlpatterns = [
    path("communities/", communities.community_list, name="list"),
    path("communities/new/", communities.community_propose, name="propose"),
    path("communities/search/", communities.search, name="search"),
    path("communities/<slug:slug>/", communities.community_detail, name="detail"),
    path("communities/<slug:slug>/edit/", communities.community_edit, name="edit"),
    path("communities/<slug:slug>/review/", communities.community_review, name="review"),
    path("communities/<slug:slug>/join/", communities.community_join, name="join"),
    path("communities/<slug:slug>/leave/", communities.community_leave, name="leave"),
    path("communities/<slug:slug>/members/", members.member_list, name="members"),
    path(
        "communities/<slug:slug>/members/<int:pk>/approve/",
        members.member_approve,
        name="member-approve",
    ),
    path(
        "communities/<slug:slug>/members/<int:pk>/decline/",
        members.member_decline,
        name="member-decline",
    ),
    path(
        "communities/<slug:slug>/moderators/appoint/",
        members.moderator_appoint,
        name="moderator-appoint",
    ),
    path("communities/<slug:slug>/threads/new/", threads.thread_create, name="thread-create"),
    path("threads/<int:pk>/", threads.thread_detail, name="thread"),
    path("threads/<int:pk>/edit/", threads.thread_edit, name="thread-edit"),
    path("threads/<int:pk>/reply/", threads.post_create, name="reply"),
    path("threads/<int:pk>/accept/<int:post_pk>/", threads.accept_answer, name="accept"),
    path("posts/<int:pk>/edit/", posts.post_edit, name="post-edit"),
    path("posts/<int:pk>/delete/", posts.post_delete, name="post-delete"),
    path("posts/<int:pk>/helpful/", posts.post_helpful, name="post-helpful"),
    # Moderation (issue 7)
    path("posts/<int:pk>/flag/", moderation.flag_post, name="flag-post"),
    path("threads/<int:pk>/flag/", moderation.flag_thread, name="flag-thread"),
    path("moderation/", moderation.queue, name="moderation-queue"),
    path("moderation/log/", moderation.log, name="moderation-log"),
    path("moderation/my-flags/", moderation.my_flags, name="my-flags"),
    path("moderation/<str:kind>/<int:pk>/act/", moderation.act, name="moderation-act"),
    # Peers further along (issue 12)
    path("peers/", peers.peers_home, name="peers"),
    path("peers/settings/", peers.peers_settings, name="peers-settings"),
    path("peers/suggestions/<int:pk>/request/", peers.peers_request, name="peers-request"),
    path("peers/suggestions/<int:pk>/dismiss/", peers.peers_dismiss, name="peers-dismiss"),
    path("peers/introductions/<int:pk>/accept/", peers.peers_accept, name="peers-accept"),
    path("peers/introductions/<int:pk>/decline/", peers.peers_decline, name="peers-decline"),
    path("peers/connections/<int:pk>/", peers.peers_conversation, name="peers-conversation"),
    path("peers/connections/<int:pk>/share/", peers.peers_share, name="peers-share"),
    path("peers/people/<int:pk>/introduce/", peers.peers_introduce, name="peers-introduce"),
    path("peers/people/<int:pk>/block/", peers.peers_block, name="peers-block"),
    path("peers/people/<int:pk>/report/", peers.peers_report, name="peers-report"),
    path("peers/mentoring/", peers.peers_mentor, name="peers-mentor"),
    path("peers/goals/<int:pk>/mentors/", peers.peers_mentors_for_goal, name="peers-mentors"),
    path("peers/reports/", peers.peers_reports, name="peers-reports"),
    path(
        "peers/reports/<int:pk>/resolve/", peers.peers_report_resolve, name="peers-report-resolve"
    ),
]
