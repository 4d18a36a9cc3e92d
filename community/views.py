"""Placeholder views: replaced by the real pages (see community/urls.py)."""

from django.http import Http404


def community_list(request, *args, **kwargs):
    raise Http404


def community_propose(request, *args, **kwargs):
    raise Http404


def search(request, *args, **kwargs):
    raise Http404


def community_detail(request, *args, **kwargs):
    raise Http404


def community_edit(request, *args, **kwargs):
    raise Http404


def community_review(request, *args, **kwargs):
    raise Http404


def community_join(request, *args, **kwargs):
    raise Http404


def community_leave(request, *args, **kwargs):
    raise Http404


def member_list(request, *args, **kwargs):
    raise Http404


def member_approve(request, *args, **kwargs):
    raise Http404


def member_decline(request, *args, **kwargs):
    raise Http404


def moderator_appoint(request, *args, **kwargs):
    raise Http404


def thread_create(request, *args, **kwargs):
    raise Http404


def thread_detail(request, *args, **kwargs):
    raise Http404


def thread_edit(request, *args, **kwargs):
    raise Http404


def post_create(request, *args, **kwargs):
    raise Http404


def accept_answer(request, *args, **kwargs):
    raise Http404


def post_edit(request, *args, **kwargs):
    raise Http404


def post_delete(request, *args, **kwargs):
    raise Http404


def post_helpful(request, *args, **kwargs):
    raise Http404
