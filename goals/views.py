"""Placeholder views: replaced by the real pages (see goals/urls.py)."""

from django.http import Http404


def goal_new(request, *args, **kwargs):
    raise Http404


def trash_list(request, *args, **kwargs):
    raise Http404


def goal_edit(request, *args, **kwargs):
    raise Http404


def goal_trash(request, *args, **kwargs):
    raise Http404


def goal_restore(request, *args, **kwargs):
    raise Http404


def goal_repeat(request, *args, **kwargs):
    raise Http404


def goal_save_as_playbook(request, *args, **kwargs):
    raise Http404


def playbook_list(request, *args, **kwargs):
    raise Http404


def playbook_detail(request, *args, **kwargs):
    raise Http404


def playbook_start(request, *args, **kwargs):
    raise Http404
