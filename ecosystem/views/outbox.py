"""The development outbox page: the email `make run` wrote under var/outbox/, newest first,
each readable with its links whole. Under DEBUG only: otherwise it answers 404."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..outbox import OutboxBackend, outbox_list, outbox_message


def _outbox_or_404():
    if not settings.DEBUG:
        raise Http404("The outbox exists only in development (DEBUG).")
    return settings.OUTBOX_DIR


def _writes_here() -> bool:
    default = settings.MAILERS.get("default", {})
    return default.get("BACKEND", "") == f"{OutboxBackend.__module__}.{OutboxBackend.__name__}"


@require_GET
def outbox(request):
    """Every message in the outbox, newest first. Open to anyone signed out as well: a
    newcomer reads their confirmation email here before they have an account."""
    folder = _outbox_or_404()
    return render(
        request,
        "ecosystem/outbox/list.html",
        {"messages_sent": outbox_list(folder), "folder": folder, "writes_here": _writes_here()},
    )


@require_GET
def outbox_detail(request, name):
    """One message: its headers, its text part decoded with links clickable, and its HTML
    part in a sandboxed frame (no scripts, no forms, nothing from this site)."""
    message = outbox_message(_outbox_or_404(), name)
    if message is None:
        raise Http404("No such message in the outbox.")
    return render(request, "ecosystem/outbox/detail.html", {"message": message})
