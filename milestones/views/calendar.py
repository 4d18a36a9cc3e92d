"""The private calendar feed: its settings page, token regeneration, and the feed itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from goals.models import CalendarFeed

from .. import calendar_feed as calendar


def _feed_url(request, feed: CalendarFeed) -> str:
    return request.build_absolute_uri(reverse("goals:calendar-feed", args=[feed.token]))


@login_required
@require_safe
def calendar_settings(request):
    feed = calendar.calendar_feed_for(request.user)
    feed_url = _feed_url(request, feed)
    return render(
        request,
        "goals/calendar.html",
        {
            "feed": feed,
            "feed_url": feed_url,
            # One click subscribes in Apple Calendar and Outlook on the desktop.
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
        },
    )


@login_required
@require_POST
def calendar_regenerate(request):
    calendar.calendar_feed_regenerate(user=request.user)
    messages.success(
        request,
        _(
            "Your calendar link is new. The old link no longer works: subscribe again with "
            "the new one in every calendar program that used it."
        ),
    )
    return redirect("goals:calendar")


@require_safe
def calendar_feed(request, token: str):
    """The feed itself. Calendar programs cannot sign in: the secret token is the key."""
    try:
        feed = calendar.calendar_feed_by_token(token)
    except CalendarFeed.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(
        calendar.build_calendar(user=feed.user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="goals.ics"'
    # Personal data behind a secret URL: no shared cache may keep it.
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
