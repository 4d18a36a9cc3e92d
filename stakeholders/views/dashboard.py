"""The partner dashboard page: for the members of partner organisations, the goals they
were invited to and, across them, the coming milestones in their scope, as a list and a
month calendar."""

import hashlib
from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ecosystem.cache import kept as kept_cache
from ecosystem.fragments import code_version
from milestones.plan_version import PLAN_TIMEOUT_SECONDS
from partners.selectors import member_organizations

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
    # Organisations the person is an active member of (kept under their roles version:
    # their id, slug and name, what the page shows and its key holds): each may post a
    # resource (partners.access.can_create_resource), so the page offers "Post a
    # resource" for each.
    organizations = member_organizations(request.user)
    chosen = None
    wanted = request.GET.get("organization", "")
    if wanted:
        chosen = next((org for org in organizations if org.slug == wanted), None)
        if chosen is None:
            problems.append(_("You are not a member of that organisation; all are shown."))
    if not organizations:
        return render(request, "stakeholders/partner_dashboard.html", {"dashboard_body": ""})
    context = {"problems": problems, "today": today}
    context["dashboard_body"] = _drawn_body(
        request.user, context, month=month, organizations=organizations, chosen=chosen
    )
    return render(request, "stakeholders/partner_dashboard.html", context)


BODY_TEMPLATE = "stakeholders/partials/partner_dashboard_body.html"


def _body_key(*, organizations, chosen, grants, problems, today, month) -> str:
    """Everything the body is drawn from, so a write makes a new key and the next view
    draws afresh. `grants` is what it shows of the grants (selectors.partner_grant_facts):
    each grant's goal, customer, organisation, role, access, end and scope, and its goal's
    plan version, which stands for every milestone fact shown (a milestone added, moved,
    renamed, finished or deleted raises it, milestones/plan_version.py)."""
    facts = (
        code_version(),  # a new release draws afresh
        translation.get_language(),
        today,
        month,
        [(org.pk, org.slug, org.name) for org in organizations],
        chosen.pk if chosen else None,
        [str(problem) for problem in problems],
        grants,
    )
    return "stakeholders:partner-dashboard:" + hashlib.sha256(repr(facts).encode()).hexdigest()


def _drawn_body(user, context, *, month, organizations, chosen) -> str:
    """The body, from the cache when the same facts were drawn before (by anyone: the
    key holds every fact shown, and the body holds no form token), else drawn now. Only
    the grants' facts are read to make the key, as plain values; the grants and their
    milestones only when drawing."""
    today = context["today"]
    whose = {"user": user, "today": today, "organizations": organizations, "organization": chosen}
    key_of = partial(
        _body_key,
        organizations=organizations,
        chosen=chosen,
        problems=context["problems"],
        today=today,
        month=month,
    )
    body = kept_cache.get(key_of(grants=selectors.partner_grant_facts(**whose)))
    if body is None:
        grants = selectors.partner_grants_for(**whose)
        context["dashboard"] = selectors.partner_dashboard_for(
            user=user,
            today=today,
            month=month,
            organization=chosen,
            organizations=organizations,
            grants=grants,
        )
        body = render_to_string(BODY_TEMPLATE, context)
        # Kept under the facts it was drawn from: had a write come between the two reads,
        # the drawing gets a key of its own, never the older facts' key.
        kept_cache.set(key_of(grants=selectors.grant_facts(grants)), body, PLAN_TIMEOUT_SECONDS)
    return mark_safe(body)  # noqa: S308  (our own template's output)
