"""Pages of a goal's ecosystem: the invitation a stakeholder answers, the ecosystem map and
the owner's stakeholders page (advice and the partner dashboard are beside this module).

Each view parses the input, calls one service (stakeholders/services.py,
stakeholders/lifecycle.py) or selector (stakeholders/selectors.py) and renders. A goal,
stakeholder or invitation the person may not see answers 404; one they see but may not
change 403 (the services raise PermissionDenied). Every action works as a plain form POST
(a redirect with a message, or the page again with the errors and status 400) and, for
htmx, answers with the region that changed.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecosystem.accounts.adapter import forget_invitation, remember_invitation
from ecosystem.lookups import detail_or_404
from goals.models import Goal
from goals.selectors import goal_detail

from .. import selectors, services
from ..forms import StakeholderChangeForm, StakeholderInviteForm
from ..lifecycle import (
    INVITATION_DAYS,
    InvitationError,
    stakeholder_answer,
    stakeholder_from_token,
)
from ..models import Stakeholder

STAKEHOLDERS_TEMPLATE = "stakeholders/stakeholders.html"
CONFIRMED = "yes"


# --- Looking things up: what a person may not see answers 404 ----------------------------


def _goal_or_404(user, pk) -> Goal:
    return detail_or_404(goal_detail, user=user, pk=pk)


def _stakeholder_or_404(user, pk) -> Stakeholder:
    return detail_or_404(selectors.stakeholder_detail, user=user, pk=pk)


# --- The invitation -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """Show plainly what will be shared, then accept or decline.

    Someone signed out sees the invitation too, with "Create an account" and "Sign in";
    the session keeps it through sign-up, confirmation and sign-in, so it is in front of
    them again at the end (ecosystem/accounts/adapter.py). Signing up with the address
    it was sent to needs no confirmation email: the link proved that address.
    """
    try:
        stakeholder = stakeholder_from_token(token)
    except InvitationError as error:
        return render(
            request, "stakeholders/invitation.html", {"error": error.messages[0]}, status=410
        )
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        remember_invitation(request, url=request.path, email=stakeholder.email)
    else:
        forget_invitation(request)
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
            "next": urlencode({"next": request.path}),
            "signup_query": urlencode(
                {
                    "next": request.path,
                    **({"email": stakeholder.email} if stakeholder.email else {}),
                }
            ),
            "other_address": request.user.is_authenticated
            and bool(stakeholder.email)
            and stakeholder.email.lower() != request.user.email.lower(),
        },
    )


# --- The ecosystem map --------------------------------------------------------------------


@login_required
@require_GET
def ecosystem_map(request, pk):
    """The goal's people around it. The owner sees everyone; a stakeholder sees the owner
    and themselves only (who else helps is the owner's to share)."""
    goal = _goal_or_404(request.user, pk)
    stakeholders_url = reverse("stakeholders:list", args=[goal.pk])
    page = selectors.ecosystem_for(
        goal=goal,
        viewer=request.user,
        today=request.user.today(),
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
    current, history = selectors.goal_stakeholders(goal=goal, today=request.user.today())
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
    return redirect(f"{reverse('stakeholders:list', args=[goal.pk])}{anchor}")


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
        state=selectors.effective_state(stakeholder, today=request.user.today()),
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
def stakeholder_resend(request, pk):
    """The owner sends a pending invitation's email again, with a fresh link."""
    stakeholder = _stakeholder_or_404(request.user, pk)
    goal = stakeholder.goal
    try:
        services.stakeholder_invitation_resend(stakeholder=stakeholder, by=request.user)
    except ValidationError as error:
        return _stakeholders_page(
            request,
            goal,
            notice=" ".join(error.messages),
            notice_is_error=True,
            status=200 if request.htmx else 400,
        )
    message = _(
        "The invitation to %(name)s was sent again, with a link that works for %(days)s days."
    ) % {
        "name": stakeholder.display_name,
        "days": INVITATION_DAYS,
    }
    return _done(request, goal, message, anchor=f"#stakeholder-{stakeholder.pk}")


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
