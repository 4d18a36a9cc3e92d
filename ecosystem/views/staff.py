"""The staff home: where platform staff land, with the work waiting for them (the
moderation queue and its count, organisations not yet verified)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from community.peers.selectors import report_queue
from community.selectors import moderation_queue
from partners.selectors import organization_directory

QUEUE_PREVIEW = 5


@login_required
@require_GET
def staff_home(request):
    """The moderation queue's count and its oldest items (acted on in the queue itself),
    and how many partner organisations wait for verification. Staff only (403)."""
    if not request.user.is_staff:
        raise PermissionDenied(_("The staff home is for platform staff."))
    queue = moderation_queue(user=request.user)
    waiting = list(queue[:QUEUE_PREVIEW])
    for entry in waiting:
        entry.item = entry.post if entry.post_id else entry.thread
        entry.item_thread = entry.post.thread if entry.post_id else entry.thread
    return render(
        request,
        "ecosystem/staff_home.html",
        {
            "queue_count": queue.count() if len(waiting) == QUEUE_PREVIEW else len(waiting),
            "waiting": waiting,
            "peer_reports_count": report_queue(request.user).count(),
            "unverified_count": organization_directory(user=request.user, verified=False).count(),
        },
    )
