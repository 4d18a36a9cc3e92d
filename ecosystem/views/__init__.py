"""Pages and endpoints of the project itself: start page, dashboard, health."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from community.peers.selectors import suggestions_for
from ecosystem.pagination import Paginator
from goals.selectors import goal_trash_for, goals_shared_with, owned_goal_list_for
from milestones.summaries import goal_summaries_for

from .. import health
from .dashboard_body import drawn_goals
from .navigation import landing_url


def home(request):
    """The start page; signed in, where each person works (LOGIN_REDIRECT_URL leads here,
    so signing in lands there too): see navigation.landing_url."""
    if request.user.is_authenticated:
        return redirect(landing_url(request.user))
    return render(request, "ecosystem/home.html")


GOALS_PER_PAGE = 20
DASHBOARD_PEERS = 3


@login_required
def dashboard(request):
    """My goals with progress, health, the next start-by date and this week's attention.

    With no goal of their own, staff and partners see their role's page offered first
    (`roles` in the template); they land there on signing in (see `home`).

    goal_summaries_for loads a page of goals in a fixed number of queries; `?trashed=<id>`
    (where trashing a goal lands) offers to undo it. The goals' part is drawn from the
    cache when the same facts were drawn before (dashboard_body.py).
    """
    today = request.user.today()
    # My own goals get cards with health; goals shared with me are listed (a scoped
    # stakeholder must not learn the whole plan's progress from a card).
    paginator = Paginator(owned_goal_list_for(request.user), GOALS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    summaries = goal_summaries_for(request.user, as_of=today, goals=page.object_list)

    def by_start(rows):
        return sorted(
            rows, key=lambda pair: (pair[1].latest_start, pair[0].pk, pair[1].milestone_id)
        )

    # Late items are their own list; "this week" is the next 7 days (milestones/labels.py).
    late = by_start((summary.goal, row) for summary in summaries for row in summary.late)
    this_week = by_start((summary.goal, row) for summary in summaries for row in summary.this_week)
    trashed = None
    trashed_id = request.GET.get("trashed", "")
    if trashed_id.isascii() and trashed_id.isdigit() and len(trashed_id) < 19:
        trashed = goal_trash_for(request.user).filter(pk=int(trashed_id)).first()
    context = {
        "page": page,
        "summaries": summaries,
        "late": late,
        "this_week": this_week,
        "today": today,
        "trashed": trashed,
        "shared_goals": goals_shared_with(request.user)[:GOALS_PER_PAGE],
        "peer_cards": suggestions_for(request.user, today=today)[:DASHBOARD_PEERS],
    }
    if summaries:
        context["goals_body"] = drawn_goals(request, context)
    return render(request, "ecosystem/dashboard.html", context)


@never_cache
@require_GET
def healthz(request):
    """Database and broker reachability: 200 when both answer, 503 naming what does not."""
    checks = health.check_all()
    healthy = all(check["ok"] for check in checks.values())
    body = {"status": "ok" if healthy else "unavailable", "checks": checks}
    if not healthy:
        body["failing"] = [name for name, check in checks.items() if not check["ok"]]
    return JsonResponse(body, status=200 if healthy else 503)
