"""Pages of a community's members: the list, requests to join, appointing moderators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import access, selectors, services
from ..forms import ModeratorAppointForm
from ..models import CommunityMembership
from .common import community_or_404, page_of, text_of
from .communities import community_context

MEMBERS_PER_PAGE = 50


def _members_page(request, community, *, appoint_form=None, status: int = 200):
    context = community_context(request, community)
    access.check_can_read(context["standing"])
    page = page_of(request, selectors.member_list(community=community), MEMBERS_PER_PAGE)
    badges = selectors.badges_for(
        authors=[membership.user for membership in page.object_list], community=community
    )
    for membership in page.object_list:
        membership.badges = badges.get(membership.user_id)
    context["page"] = page
    if context["moderator"]:
        context["requests"] = list(selectors.membership_requests(community=community))
        context["appoint_form"] = appoint_form or ModeratorAppointForm(community=community)
    return render(request, "community/members.html", context, status=status)


@login_required
@require_GET
def member_list(request, slug):
    return _members_page(request, community_or_404(request, slug))


def _membership(community, pk) -> CommunityMembership:
    membership = get_object_or_404(
        CommunityMembership.objects.select_related("user"), pk=pk, community=community
    )
    membership.community = community
    return membership


@login_required
@require_POST
def member_approve(request, slug, pk):
    community = community_or_404(request, slug)
    membership = _membership(community, pk)
    try:
        services.membership_approve(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, text_of(error))
    else:
        messages.success(request, _("%(name)s is now a member.") % {"name": membership.user.name})
    return redirect("community:members", community.slug)


@login_required
@require_POST
def member_decline(request, slug, pk):
    community = community_or_404(request, slug)
    membership = _membership(community, pk)
    try:
        services.membership_decline(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, text_of(error))
    else:
        messages.success(
            request, _("The request from %(name)s was declined.") % {"name": membership.user.name}
        )
    return redirect("community:members", community.slug)


@login_required
@require_POST
def moderator_appoint(request, slug):
    community = community_or_404(request, slug)
    access.check_can_moderate(user=request.user, community=community)
    form = ModeratorAppointForm(request.POST, community=community)
    if not form.is_valid():
        return _members_page(request, community, appoint_form=form, status=400)
    user = form.cleaned_data["user"]
    services.moderator_appoint(community=community, user=user, by=request.user)
    messages.success(request, _("%(name)s is now a moderator.") % {"name": user.name})
    return redirect("community:members", community.slug)
