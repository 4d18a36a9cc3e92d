"""Placeholder views: replaced by the real pages (see goals/urls.py)."""

from django.http import Http404


def goal_detail(request, *args, **kwargs):
    raise Http404


def milestone_add(request, *args, **kwargs):
    raise Http404


def dependency_add(request, *args, **kwargs):
    raise Http404


def milestone_edit(request, *args, **kwargs):
    raise Http404


def milestone_status(request, *args, **kwargs):
    raise Http404


def milestone_move(request, *args, **kwargs):
    raise Http404


def milestone_delete(request, *args, **kwargs):
    raise Http404


def task_add(request, *args, **kwargs):
    raise Http404


def dependency_delete(request, *args, **kwargs):
    raise Http404


def task_toggle(request, *args, **kwargs):
    raise Http404


def task_delete(request, *args, **kwargs):
    raise Http404
