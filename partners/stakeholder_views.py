"""Pages of a goal's ecosystem: the invitation a stakeholder answers, the ecosystem map,
the owner's stakeholders page, advice on a milestone, and the partner dashboard.

Each view parses the input, calls one service (partners/stakeholders.py) or selector
(partners/stakeholder_selectors.py) and renders. A goal, milestone, stakeholder or advice
the person may not see answers 404; one they see but may not change 403 (the services
raise PermissionDenied). Every action works as a plain form POST (a redirect with a
message, or the page again with the errors and status 400) and, for htmx, answers with
the region that changed.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecosystem.lookups import detail_or_404
from goals.models import Goal
from goals.selectors import goal_detail
from milestones.models import Milestone

from . import stakeholder_selectors as selectors
from . import stakeholders as services
from .models import Advice, PartnerOrganization, Stakeholder
from .stakeholder_forms import AdviceForm, StakeholderChangeForm, StakeholderInviteForm
from .stakeholders import InvitationError, stakeholder_answer, stakeholder_from_token

STAKEHOLDERS_TEMPLATE = "stakeholders/stakeholders.html"
ADVICE_PARTIAL = "stakeholders/partials/advice.html"
CONFIRMED = "yes"


# --- Looking things up: what a person may not see answers 404 ----------------------------


def _goal_or_404(user, pk) -> Goal:
    return detail_or_404(goal_detail, user=user, pk=pk)


def _stakeholder_or_404(user, pk) -> Stakeholder:
    return detail_or_404(selectors.stakeholder_detail, user=user, pk=pk)


def _milestone_or_404(user, pk) -> Milestone:
    return detail_or_404(selectors.milestone_for_advice, user=user, pk=pk)


def _advice_or_404(user, pk) -> Advice:
    return detail_or_404(selectors.advice_detail, user=user, pk=pk)


def _safe_next(request) -> str:
    """The page to go back to after a plain POST, if it is one of ours."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target.split("#", 1)[0]
    return ""


# --- The invitation -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """Show plainly what will be shared, then accept or decline."""
    try:
        stakeholder = stakeholder_from_token(token)
    except InvitationError as error:
        return render(
            request, "stakeholders/invitation.html", {"error": error.messages[0]}, status=410
        )
    if request.method == "POST":
        accept = request.POST.get("answer") == "accept"
        try:
            stakeholder = stakeholder_answer(token=token, user=request.user, accept=accept)
        except (InvitationError, ValidationError) as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(request.path)
        if accept:
            messages.success(
                request, _("You joined “%(goal)s”.") % {"goal": stakeholder.goal.title}
            )
            return redirect(stakeholder.goal.get_absolute_url())
        messages.info(request, _("You declined the invitation."))
        return redirect("dashboard")
    return render(
        request,
        "stakeholders/invitation.html",
        {
            "stakeholder": stakeholder,
            "scope": list(stakeholder.milestones.order_by("latest_start", "position")),
        },
    )


# --- The ecosystem map --------------------------------------------------------------------


@login_required
@require_GET
def ecosystem_map(request, pk):
    """The goal's people around it. The owner sees everyone; a stakeholder sees the owner
    and themselves only (who else helps is the owner's to share)."""
    goal = _goal_or_404(request.user, pk)
    stakeholders_url = reverse("partners:stakeholders", args=[goal.pk])
    page = selectors.ecosystem_for(
        goal=goal,
        viewer=request.user,
        today=timezone.localdate(),
        row_href=lambda stakeholder: f"{stakeholders_url}#stakeholder-{stakeholder.pk}",
    )
    return render(
        request,
        "stakeholders/ecosystem_map.html",
        {"goal": goal, "page": page, "picture": page.picture},
    )


# --- The owner's stakeholders page --------------------------------------------------------


@dataclass
class StakeholderItem:
    """A current stakeholder with its change form (bound when it was just refused)."""

    row: selectors.StakeholderRow
    form: StakeholderChangeForm
    confirming_remove: bool = False

    @property
    def open(self) -> bool:
        return self.form.is_bound and bool(self.form.errors)


def _stakeholders_page(
    request,
    goal: Goal,
    *,
    invite_form: StakeholderInviteForm | None = None,
    change_form: tuple[int, StakeholderChangeForm] | None = None,
    notice: str = "",
    notice_is_error: bool = False,
    status: int = 200,
    milestones=None,
):
    """The whole page, or for htmx the panel (list, history and invite form)."""
    milestones = milestones if milestones is not None else _scope_choices(goal)
    current, history = selectors.goal_stakeholders(goal=goal, today=timezone.localdate())
    items = []
    for row in current:
        form = StakeholderChangeForm.for_row(row, milestones=milestones)
        if change_form is not None and change_form[0] == row.stakeholder.pk:
            form = change_form[1]
        items.append(StakeholderItem(row=row, form=form))
    if invite_form is None:
        invite_form = StakeholderInviteForm(
            milestones=milestones,
            organizations=selectors.organizations_to_invite(user=request.user),
        )
    if notice and not request.htmx:
        (messages.error if notice_is_error else messages.success)(request, notice)
        notice = ""
    context = {
        "goal": goal,
        "items": items,
        "history": history,
        "invite_form": invite_form,
        "notice": notice,
        "notice_is_error": notice_is_error,
        "has_milestones": bool(milestones),
    }
    template = f"{STAKEHOLDERS_TEMPLATE}#panel" if request.htmx else STAKEHOLDERS_TEMPLATE
    return render(request, template, context, status=status)


def _scope_choices(goal: Goal):
    return selectors.goal_milestones_for_scope(goal=goal)


def _done(request, goal: Goal, message: str, *, anchor: str = ""):
    """After a change on the stakeholders page: the fresh panel (htmx) or a redirect."""
    if request.htmx:
        return _stakeholders_page(request, goal, notice=message)
    messages.success(request, message)
    return redirect(f"{reverse('partners:stakeholders', args=[goal.pk])}{anchor}")


def _refused(request, goal: Goal, **state):
    """Input that could not be used: the panel (htmx, 200 so it is swapped in) or the
    page (400), with the errors on their fields; nothing was saved."""
    return _stakeholders_page(
        request,
        goal,
        notice=_("Nothing was saved: please correct the errors shown."),
        notice_is_error=True,
        status=200 if request.htmx else 400,
        **state,
    )


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_list(request, pk):
    """The owner's page: everyone invited, their access, scope and end date; invite,
    change and remove. Stakeholders of the goal get 403, everyone else 404."""
    goal = _goal_or_404(request.user, pk)
    services.check_is_owner(user=request.user, goal=goal)
    if request.method == "GET":
        return _stakeholders_page(request, goal)

    milestones = _scope_choices(goal)
    form = StakeholderInviteForm(
        request.POST,
        milestones=milestones,
        organizations=selectors.organizations_to_invite(user=request.user),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            stakeholder = services.stakeholder_invite(
                goal=goal,
                by=request.user,
                email=data["email"],
                organization=data["organization"],
                role=data["role"],
                access=data["access"],
                milestones=data["milestones"],
                ends_on=data["ends_on"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if stakeholder.organization_id:
                message = _("%(name)s is invited; its admins were emailed a link.") % {
                    "name": stakeholder.organization.name
                }
            else:
                message = _("%(email)s is invited; they were emailed a link.") % {
                    "email": stakeholder.email
                }
            return _done(request, goal, message, anchor=f"#stakeholder-{stakeholder.pk}")
    return _refused(request, goal, invite_form=form, milestones=milestones)


@login_required
@require_POST
def stakeholder_edit(request, pk):
    """The owner changes a stakeholder's role, access, scope or end date."""
    stakeholder = _stakeholder_or_404(request.user, pk)
    goal = stakeholder.goal
    services.check_is_owner(user=request.user, goal=goal)
    milestones = _scope_choices(goal)
    row = selectors.StakeholderRow(
        stakeholder=stakeholder,
        state=selectors.effective_state(stakeholder, today=timezone.localdate()),
        scope=list(stakeholder.milestones.all()),
        link_expires_on=None,
    )
    form = StakeholderChangeForm.for_row(row, milestones=milestones, data=request.POST)
    if stakeholder.status not in Stakeholder.OPEN_STATUSES:
        return _stakeholders_page(
            request,
            goal,
            notice=_("%(name)s is no longer part of the goal; invite them again.")
            % {"name": stakeholder.display_name},
            notice_is_error=True,
            status=200 if request.htmx else 400,
            milestones=milestones,
        )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.stakeholder_update(
                stakeholder=stakeholder,
                by=request.user,
                role=data["role"],
                access=data["access"],
                milestones=data["milestones"],
                ends_on=data["ends_on"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            message = _("%(name)s's access was changed; it applies from their next visit.") % {
                "name": stakeholder.display_name
            }
            return _done(request, goal, message, anchor=f"#stakeholder-{stakeholder.pk}")
    return _refused(request, goal, change_form=(stakeholder.pk, form), milestones=milestones)


@login_required
@require_POST
def stakeholder_remove(request, pk):
    """The owner removes a stakeholder (or withdraws an invitation), after confirming."""
    stakeholder = _stakeholder_or_404(request.user, pk)
    goal = stakeholder.goal
    services.check_is_owner(user=request.user, goal=goal)
    if request.POST.get("confirm") != CONFIRMED:
        return render(
            request,
            "stakeholders/remove_confirm.html",
            {"goal": goal, "stakeholder": stakeholder},
        )
    was_open = stakeholder.status in Stakeholder.OPEN_STATUSES
    services.stakeholder_remove(stakeholder=stakeholder, by=request.user)
    if was_open:
        message = _("%(name)s was removed; their access stopped at once.") % {
            "name": stakeholder.display_name
        }
    else:
        message = _("%(name)s was already no longer part of the goal.") % {
            "name": stakeholder.display_name
        }
    return _done(request, goal, message)


# --- Advice on a milestone ----------------------------------------------------------------


def _advice_context(request, milestone: Milestone, *, form=None, notice="", next_url=""):
    """What the advice partial needs for one milestone."""
    user = request.user
    open_to_advice = selectors.milestones_open_to_advice(user=user, goal=milestone.goal)
    can_comment = open_to_advice is True or milestone.pk in open_to_advice
    return {
        "milestone": milestone,
        "goal": milestone.goal,
        "advice_list": selectors.advice_for_milestones(user=user, milestones=[milestone])[
            milestone.pk
        ],
        "can_comment": can_comment,
        "is_owner": milestone.goal.owner_id == user.pk,
        "advice_form": form if form is not None else AdviceForm(milestone=milestone),
        "advice_notice": notice,
        "advice_next": next_url or reverse("partners:advice-post", args=[milestone.pk]),
    }


def _advice_answer(request, milestone: Milestone, *, message: str, next_url: str):
    """After a change to advice: the fresh list (htmx) or back where the person was."""
    if request.htmx:
        context = _advice_context(request, milestone, notice=message, next_url=next_url)
        return render(request, ADVICE_PARTIAL, context)
    messages.success(request, message)
    back = next_url or reverse("partners:advice-post", args=[milestone.pk])
    return redirect(f"{back}#advice-{milestone.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def advice_post(request, pk):
    """GET: the advice on one milestone (a page of its own, for links and for browsers
    without JavaScript). POST: post advice (comment access or the owner)."""
    milestone = _milestone_or_404(request.user, pk)
    if request.method == "GET":
        return render(request, "stakeholders/advice_page.html", _advice_context(request, milestone))
    services.check_can_comment(user=request.user, milestone=milestone)
    next_url = _safe_next(request)
    form = AdviceForm(request.POST, milestone=milestone)
    if form.is_valid():
        try:
            services.advice_post(
                milestone=milestone, by=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return _advice_answer(
                request, milestone, message=_("Your advice was posted."), next_url=next_url
            )
    context = _advice_context(request, milestone, form=form, next_url=next_url)
    if request.htmx:
        return render(request, ADVICE_PARTIAL, context)
    return render(request, "stakeholders/advice_page.html", context, status=400)


TOGGLES = {"1": True, "0": False}


@login_required
@require_POST
def advice_moderate(request, pk):
    """The owner marks advice helpful (helpful=1/0) or hides it (hidden=1/0)."""
    advice = _advice_or_404(request.user, pk)
    milestone = advice.milestone
    services.check_is_owner(user=request.user, goal=milestone.goal)
    helpful = TOGGLES.get(request.POST.get("helpful", ""))
    hidden = TOGGLES.get(request.POST.get("hidden", ""))
    next_url = _safe_next(request)
    if helpful is None and hidden is None:
        message = _("Nothing was changed: say whether the advice is helpful or hidden.")
        if request.htmx:
            context = _advice_context(request, milestone, notice=message, next_url=next_url)
            return render(request, ADVICE_PARTIAL, context)
        messages.error(request, message)
        back = next_url or reverse("partners:advice-post", args=[milestone.pk])
        return redirect(f"{back}#advice-{milestone.pk}")
    services.advice_moderate(advice=advice, by=request.user, helpful=helpful, hidden=hidden)
    if hidden is not None:
        message = _("The advice is hidden.") if hidden else _("The advice is shown again.")
    else:
        message = _("Marked as helpful.") if helpful else _("No longer marked as helpful.")
    return _advice_answer(request, milestone, message=message, next_url=next_url)


@login_required
@require_POST
def advice_delete(request, pk):
    """Its author or the goal's owner deletes advice, after confirming."""
    advice = _advice_or_404(request.user, pk)
    milestone = advice.milestone
    if advice.author_id != request.user.pk:
        # The same rule as the service: only the author or the owner.
        services.check_is_owner(user=request.user, goal=milestone.goal)
    next_url = _safe_next(request)
    if request.POST.get("confirm") != CONFIRMED:
        return render(
            request,
            "stakeholders/advice_delete_confirm.html",
            {"advice": advice, "milestone": milestone, "next_url": next_url},
        )
    services.advice_delete(advice=advice, by=request.user)
    return _advice_answer(
        request, milestone, message=_("The advice was deleted."), next_url=next_url
    )


# --- The partner dashboard ----------------------------------------------------------------


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
