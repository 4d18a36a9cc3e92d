"""The partner dashboard page: for the members of partner organisations, the goals they
were invited to and, across them, the coming milestones in their scope, as a list and a
month calendar."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partners.models import PartnerOrganization

from .. import dashboard as selectors


@login_required
@require_GET
def partner_dashboard(request):
    """For the members of partner organisations: the goals they were invited to, and
    across them the coming milestones in their scope, as a list and a month calendar."""
    today = request.user.today()
    problems = []
    month = selectors.first_of_month(today)
    if request.GET.get("month"):
        month = selectors.parse_month(request.GET["month"])
        if month is None:
            problems.append(
                _("“%(value)s” is not a month (YYYY-MM); this month is shown.")
                % {"value": request.GET["month"][:20]}
            )
            month = selectors.first_of_month(today)
    # Organisations the person is an active member of: each may post a resource
    # (partners.access.can_create_resource), so the page offers "Post a resource" for each.
    organizations = list(PartnerOrganization.objects.with_member(request.user).order_by("name"))
    chosen = None
    wanted = request.GET.get("organization", "")
    if wanted:
        chosen = next((org for org in organizations if org.slug == wanted), None)
        if chosen is None:
            problems.append(_("You are not a member of that organisation; all are shown."))
    if not organizations:
        return render(request, "stakeholders/partner_dashboard.html", {"dashboard": None})
    dashboard = selectors.partner_dashboard_for(
        user=request.user,
        today=today,
        month=month,
        organization=chosen,
        organizations=organizations,
    )
    return render(
        request,
        "stakeholders/partner_dashboard.html",
        {"dashboard": dashboard, "problems": problems, "today": today},
    )
