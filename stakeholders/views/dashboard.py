"""The partner dashboard page: for the members of partner organisations, the goals they
were invited to and, across them, the coming milestones in their scope, as a list and a
month calendar."""

import hashlib

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ecosystem.fragments import code_version
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
    context = {"dashboard": dashboard, "problems": problems, "today": today}
    context["dashboard_body"] = _drawn_body(context)
    return render(request, "stakeholders/partner_dashboard.html", context)


BODY_TEMPLATE = "stakeholders/partials/partner_dashboard_body.html"


def _milestone_facts(milestone) -> tuple:
    return (
        milestone.pk,
        milestone.goal_id,
        milestone.title,
        milestone.latest_start,
        milestone.latest_finish,
        milestone.goal.title,
        milestone.goal.owner.name,
    )


def _body_key(*, dashboard, problems, today) -> str:
    """Everything the body is drawn from, so a write (a milestone moved or renamed, a
    grant changed, a name changed) makes a new key and the next view draws afresh."""
    grants = [
        (
            row.stakeholder.pk,
            row.stakeholder.goal_id,
            row.stakeholder.goal.title,
            row.stakeholder.goal.owner.name,
            row.stakeholder.goal.target_date,
            row.stakeholder.organization.name,
            row.stakeholder.role,
            row.stakeholder.access,
            row.stakeholder.ends_on,
            [(milestone.pk, milestone.goal_id, milestone.title) for milestone in row.scope],
        )
        for row in dashboard.grants
    ]
    upcoming = [
        (_milestone_facts(item.milestone), item.organizations, item.role_values)
        for item in dashboard.upcoming
    ]
    calendar = dashboard.calendar
    days = [
        (
            cell.day,
            cell.in_month,
            cell.is_today,
            [_milestone_facts(item.milestone) for item in cell.starting],
            [_milestone_facts(item.milestone) for item in cell.due],
        )
        for week in calendar.weeks
        for cell in week
    ]
    facts = (
        code_version(),
        translation.get_language(),
        today,
        [(org.pk, org.slug, org.name) for org in dashboard.organizations],
        dashboard.selected.pk if dashboard.selected else None,
        [str(problem) for problem in problems],
        grants,
        upcoming,
        dashboard.more_upcoming,
        (calendar.month, calendar.previous, calendar.next),
        days,
    )
    return "stakeholders:partner-dashboard:" + hashlib.sha256(repr(facts).encode()).hexdigest()


def _drawn_body(context) -> str:
    """The body, from the cache when the same facts were drawn before (by anyone: the
    key holds every fact shown, and the body holds no form token), else drawn now."""
    key = _body_key(**context)
    body = cache.get(key)
    if body is None:
        body = render_to_string(BODY_TEMPLATE, context)
        cache.set(key, body, 24 * 3600)
    return mark_safe(body)  # noqa: S308  (our own template's output)
