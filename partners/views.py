"""Placeholder views: replaced by the real pages (see partners/urls.py)."""

from django.http import Http404


def directory(request, *args, **kwargs):
    raise Http404


def organization_create(request, *args, **kwargs):
    raise Http404


def invitation_accept(request, *args, **kwargs):
    raise Http404


def organization_detail(request, *args, **kwargs):
    raise Http404


def organization_edit(request, *args, **kwargs):
    raise Http404


def organization_verify(request, *args, **kwargs):
    raise Http404


def member_invite(request, *args, **kwargs):
    raise Http404


def member_remove(request, *args, **kwargs):
    raise Http404


def resource_create(request, *args, **kwargs):
    raise Http404


def resource_preview(request, *args, **kwargs):
    raise Http404


def resource_detail(request, *args, **kwargs):
    raise Http404


def resource_edit(request, *args, **kwargs):
    raise Http404


def resource_publish(request, *args, **kwargs):
    raise Http404


def resource_withdraw(request, *args, **kwargs):
    raise Http404


def resource_unpublish(request, *args, **kwargs):
    raise Http404


def resource_delete(request, *args, **kwargs):
    raise Http404
