"""Placeholder views: replaced by the real pages (see goals/urls.py)."""

from django.http import Http404


def calendar_settings(request, *args, **kwargs):
    raise Http404


def calendar_regenerate(request, *args, **kwargs):
    raise Http404


def calendar_feed(request, *args, **kwargs):
    raise Http404
