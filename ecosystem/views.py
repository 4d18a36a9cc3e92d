"""Pages and endpoints of the project itself: start page, dashboard, health."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "ecosystem/home.html")


@login_required
def dashboard(request):
    return render(request, "ecosystem/dashboard.html")


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
