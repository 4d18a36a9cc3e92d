"""Pages of peers: my settings and suggestions, requests in and out, connections, the
conversation, and staff's queue of reports. Thin: parse, call one action, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecosystem.accounts.models import User
from goals.models import Goal, Playbook

from ..models import Introduction, PeerReport, PeerSuggestion
from . import access, selectors, services
from .forms import (
    IntroductionForm,
    MentorForm,
    MessageForm,
    PeerSettingsForm,
    ReportForm,
    ShareGoalForm,
)


def _text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_GET
def peers_home(request):
    """Suggestions with why, requests waiting for me and sent, my connections, my
    settings, and the playbooks I may mentor."""
    return render(request, "community/peers/home.html", _home_context(request))


def _home_context(request, *, form=None) -> dict:
    user = request.user
    profile = selectors.profile_for(user)
    finished = Playbook.objects.filter(
        goals__owner=user, goals__status=Goal.Status.ACHIEVED, goals__deleted_at=None
    ).distinct()
    offers = {offer.playbook_id: offer for offer in selectors.mentor_offers_for(user)}
    return {
        "profile": profile,
        "form": form or PeerSettingsForm(instance=profile, user=user),
        "cards": selectors.suggestions_for(user, today=user.today()),
        "received": list(selectors.introductions_received(user)),
        "sent": list(selectors.introductions_sent(user)[:20]),
        "connections": [(c, c.other(user)) for c in selectors.connections_for(user)],
        "mentorable": [(playbook, offers.get(playbook.pk)) for playbook in finished],
        "blocks": list(selectors.blocks_for(user)),
        "intro_form": IntroductionForm(),
    }


@login_required
@require_POST
def peers_settings(request):
    profile = selectors.profile_for(request.user)
    form = PeerSettingsForm(request.POST, instance=profile, user=request.user)
    if not form.is_valid():
        return render(
            request, "community/peers/home.html", _home_context(request, form=form), status=400
        )
    data = form.cleaned_data
    goals = list(data.pop("goals"))
    services.peer_profile_update(by=request.user, goals=goals, **data)
    messages.success(request, _("Your peer settings were saved."))
    return redirect("community:peers")


@login_required
@require_POST
def peers_request(request, pk):
    """Ask the peer of one of my suggestions for an introduction, with a short note."""
    suggestion = get_object_or_404(PeerSuggestion.objects.visible_to(request.user), pk=pk)
    return _ask(request, recipient=suggestion.peer, suggestion=suggestion)


def _ask(request, *, recipient, suggestion=None):
    """Both ways of asking for an introduction: from a suggestion, or a person directly."""
    form = IntroductionForm(request.POST)
    if form.is_valid():
        try:
            services.introduction_request(
                by=request.user,
                recipient=recipient,
                note=form.cleaned_data["note"],
                suggestion=suggestion,
            )
        except ValidationError as error:
            messages.error(request, _text(error))
        else:
            messages.success(request, _("Asked. You will hear when they answer."))
    return redirect("community:peers")


@login_required
@require_POST
def peers_dismiss(request, pk):
    suggestion = get_object_or_404(PeerSuggestion.objects.visible_to(request.user), pk=pk)
    services.suggestion_dismiss(suggestion=suggestion, by=request.user)
    return redirect("community:peers")


def _introduction(request, pk) -> Introduction:
    return get_object_or_404(Introduction.objects.visible_to(request.user), pk=pk)


@login_required
@require_POST
def peers_accept(request, pk):
    try:
        connection = services.introduction_accept(
            introduction=_introduction(request, pk), by=request.user
        )
    except ValidationError as error:
        messages.error(request, _text(error))
        return redirect("community:peers")
    return redirect("community:peers-conversation", connection.pk)


@login_required
@require_POST
def peers_decline(request, pk):
    try:
        services.introduction_decline(introduction=_introduction(request, pk), by=request.user)
    except ValidationError as error:
        messages.error(request, _text(error))
    else:
        messages.success(request, _("Declined. They are not told why."))
    return redirect("community:peers")


@login_required
@require_http_methods(["GET", "POST"])
def peers_conversation(request, pk):
    """Our private conversation (GET), and writing in it (POST {body})."""
    connection = get_object_or_404(selectors.connections_for(request.user), pk=pk)
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        access.check_can_message(user=request.user, connection=connection)
        if form.is_valid():
            try:
                services.message_post(
                    connection=connection, by=request.user, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                form.add_error("body", error.message_dict.get("body", error.messages))
            else:
                return redirect("community:peers-conversation", connection.pk)
        status = 400
    peer = connection.other(request.user)
    return render(
        request,
        "community/peers/conversation.html",
        {
            "connection": connection,
            "peer": peer,
            "peer_name": selectors.shown_name(peer, getattr(peer, "peer_profile", None)),
            "conversation": selectors.messages_for(user=request.user, connection=connection),
            "form": form,
            "share_form": ShareGoalForm(goals=selectors.shareable_goals(request.user)),
            "report_form": ReportForm(),
        },
        status=status,
    )


@login_required
@require_POST
def peers_share(request, pk):
    """One click: invite the peer into one of my goals as a view stakeholder."""
    connection = get_object_or_404(selectors.connections_for(request.user), pk=pk)
    form = ShareGoalForm(request.POST, goals=selectors.shareable_goals(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose one of your own goals."))
    else:
        try:
            services.goal_share_with_peer(
                connection=connection, by=request.user, goal=form.cleaned_data["goal"]
            )
        except ValidationError as error:
            messages.error(request, _text(error))
        else:
            messages.success(request, _("Shared: they are invited to view the goal."))
    return redirect("community:peers-conversation", connection.pk)


def _person(request, pk) -> User:
    return get_object_or_404(User.objects.visible_to(request.user), pk=pk)


@login_required
@require_POST
def peers_introduce(request, pk):
    """Ask a person directly (a mentor offered before giving up on a goal)."""
    return _ask(request, recipient=_person(request, pk))


@login_required
@require_POST
def peers_block(request, pk):
    try:
        services.person_block(by=request.user, subject=_person(request, pk))
    except ValidationError as error:
        messages.error(request, _text(error))
    else:
        messages.success(
            request, _("Blocked. They are not told, and you will not meet again here.")
        )
    return redirect("community:peers")


@login_required
@require_POST
def peers_report(request, pk):
    subject = _person(request, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reason."))
        return redirect("community:peers")
    try:
        services.person_report(by=request.user, subject=subject, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _text(error))
    else:
        messages.success(request, _("Reported to the platform's staff. Thank you."))
    return redirect("community:peers")


@login_required
@require_POST
def peers_mentor(request):
    form = MentorForm(request.POST)
    if form.is_valid():
        playbook = get_object_or_404(
            Playbook.objects.visible_to(request.user), pk=form.cleaned_data["playbook"]
        )
        try:
            services.mentor_offer_set(
                by=request.user,
                playbook=playbook,
                monthly_capacity=form.cleaned_data["monthly_capacity"],
                active="stop" not in request.POST,
            )
        except ValidationError as error:
            messages.error(request, _text(error))
        else:
            messages.success(request, _("Your mentoring offer was saved."))
    else:
        messages.error(request, _("Between 1 and 20 newcomers a month."))
    return redirect("community:peers")


@login_required
@require_GET
def peers_reports(request):
    """Staff: reports about people, oldest first."""
    access.check_can_moderate_peers(user=request.user)
    return render(
        request, "community/peers/reports.html", {"reports": selectors.report_queue(request.user)}
    )


@login_required
@require_POST
def peers_report_resolve(request, pk):
    access.check_can_moderate_peers(user=request.user)
    report = get_object_or_404(PeerReport.objects.visible_to(request.user), pk=pk)
    services.peer_report_resolve(
        report=report,
        by=request.user,
        uphold=request.POST.get("outcome") == "upheld",
        hide=request.POST.get("hide") == "1",
    )
    messages.success(request, _("Decided."))
    return redirect("community:peers-reports")


@login_required
@require_GET
def peers_mentors_for_goal(request, pk):
    """Before giving up on a goal: people who finished its playbook and offer to help."""
    goal = get_object_or_404(Goal.objects.alive().filter(owner=request.user), pk=pk)
    return render(
        request,
        "community/peers/mentors.html",
        {"goal": goal, "mentors": selectors.mentors_for_goal(goal=goal, user=request.user)},
    )
