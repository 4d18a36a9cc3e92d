"""Notification pages: the centre, the bell, preferences, and unsubscribing from an email.

Every action is a plain form POST that works without JavaScript; htmx requests get only
the part that changed. The unsubscribe page is the one page that needs no sign-in: the
signed link is the key.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecosystem.lookups import detail_or_404
from ecosystem.pages import safe_next

from . import selectors, services
from .forms import CentreFilterForm, PreferencesForm
from .models import Kind
from .tokens import DIGEST, read_unsubscribe_token

PER_PAGE = 25


@login_required
@require_GET
def centre(request):
    """My notifications, newest first, filtered by kind and unread."""
    filter_form = CentreFilterForm(request.GET or None)
    filters = filter_form.filters()
    page = Paginator(selectors.notification_list_for(request.user, **filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    selectors.mark_availability(request.user, list(page.object_list))
    return render(
        request,
        "notifications/centre.html",
        {"page": page, "filter_form": filter_form, "filters": filters},
    )


@login_required
@require_POST
def mark_read(request, pk):
    notification = detail_or_404(selectors.notification_detail, user=request.user, pk=pk)
    services.notification_mark_read(notification=notification, by=request.user)
    if request.htmx:
        selectors.mark_availability(request.user, [notification])
        return render(
            request,
            "notifications/partials/item_read.html",
            {
                "notification": notification,
                "unread_count": selectors.unread_count_for(request.user),
            },
        )
    return redirect(safe_next(request, reverse("notifications:centre")))


@login_required
@require_POST
def mark_all_read(request):
    kind = request.POST.get("kind") or None
    if kind not in (None, *Kind.values):
        kind = None
    marked = services.notification_mark_all_read(by=request.user, kind=kind)
    messages.success(request, _("%(count)s marked read.") % {"count": marked})
    return redirect(safe_next(request, reverse("notifications:centre")))


@require_GET
@never_cache
def bell(request):
    """The bell with my unread count, polled by htmx. Signed out: nothing to swap in."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(
        request,
        "notifications/partials/bell.html",
        {"unread_count": selectors.unread_count_for(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    current = selectors.settings_for(request.user)
    channels = selectors.channels_for(user_id=request.user.pk)
    initial = {name: getattr(current, name) for name in services.SETTINGS_FIELDS}
    form = PreferencesForm(request.POST or None, initial=initial, channels=channels)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_update(
                by=request.user, channels=form.channels(), **form.settings()
            )
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            messages.success(request, _("Your notification settings were saved."))
            return redirect("notifications:preferences")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)


def _kind_label(kind: str) -> str:
    return _("the daily digest") if kind == DIGEST else str(Kind(kind).label)


@csrf_exempt  # RFC 8058: mail clients POST one click without a session or a CSRF token;
# the signed token in the URL is what authorises the change.
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, kind, token):
    """GET shows what the link stops and a button; POST stops it at once (a mail client's
    one-click POST, or the button). A bad or tampered link gets a page saying so."""
    user_id = read_unsubscribe_token(kind=kind, token=token)
    person = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if person is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    context = {"kind": kind, "kind_label": _kind_label(kind), "person": person}
    if request.method == "POST":
        services.unsubscribe(user_id=person.pk, kind=kind)
        return render(request, "notifications/unsubscribe_done.html", context)
    return render(request, "notifications/unsubscribe_confirm.html", context)
