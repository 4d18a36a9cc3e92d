"""Pages of communities: the list and search, propose or open, a community, its settings,
staff's review, join and leave. The list, search and a community's page are open signed
out too: `visible_to` shows someone signed out the public communities only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecosystem.drawn_forms import drawn_form
from ecosystem.pagination import CountedPaginator

from .. import access, selectors, services
from ..forms import CommunityForm, SearchForm, ThreadFilterForm
from ..models import Community
from .common import bound_status, community_or_404, page_of, text_of
from .community_cards import drawn_cards

COMMUNITIES_PER_PAGE = 20
THREADS_PER_PAGE = 20
SEARCH_RESULTS_PER_PAGE = 20


@require_GET
def community_list(request):
    communities = selectors.community_list_for(request.user)
    # Every page shows how many there are: counted as the page is read, one query.
    page = page_of(request, communities.active(), COMMUNITIES_PER_PAGE, paginator=CountedPaginator)
    memberships = selectors.memberships_for(
        user=request.user, communities=page.object_list, kept=True
    )
    for community in page.object_list:
        community.my_membership = memberships.get(community.pk)
    # Staff review every proposal; anyone else sees the ones they made (visible_to decides).
    reviews = access.opens_communities(request.user)
    proposals = selectors.proposals_listed(request.user, reviews=reviews)
    for proposal in proposals:
        proposal.can_review = access.can_review(user=request.user, community=proposal)
    context = {
        "page": page,
        "cards": drawn_cards(page) if page.object_list else "",
        "proposals": proposals,
        "search_form": drawn_form("community/partials/search_form.html", SearchForm()),
        # Whether they moderate anything comes from the navigation's reading of their
        # roles (`roles`, kept in the cache under their roles version): no query here.
        "opens_communities": reviews,
    }
    return render(request, "community/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def community_propose(request):
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if community.status == Community.Status.ACTIVE:
                messages.success(
                    request,
                    _("%(name)s is open. Appoint its first moderators on the members page.")
                    % {"name": community.name},
                )
            else:
                messages.success(
                    request,
                    _(
                        "Thank you: %(name)s is proposed. Staff will review it, and you "
                        "become its first moderator when it is approved."
                    )
                    % {"name": community.name},
                )
            return redirect(community)
    context = {"form": form, "opens_communities": access.opens_communities(request.user)}
    return render(request, "community/form.html", context, status=bound_status(form))


@require_GET
def search(request):
    form = SearchForm(request.GET)
    text = form.text()
    page = page_of(
        request, selectors.search_threads(user=request.user, text=text), SEARCH_RESULTS_PER_PAGE
    )
    return render(request, "community/search.html", {"form": form, "text": text, "page": page})


def community_context(request, community) -> dict:
    """The person's place in a community and what it lets them do there (`access`)."""
    standing = access.standing_in(user=request.user, community=community)
    return {
        "community": community,
        "standing": standing,
        "membership": standing.membership,
        "moderator": access.moderate_refusal(standing) is None,
        "can_read": access.read_refusal(standing) is None,
        "can_join": access.join_refusal(standing) is None,
        "can_review": access.can_review(user=request.user, community=community),
    }


@require_GET
def community_detail(request, slug):
    community = community_or_404(request, slug)
    context = community_context(request, community)
    if context["can_read"]:
        form = ThreadFilterForm(request.GET)
        threads = selectors.thread_list(community=community, user=request.user, **form.filters())
        context.update(
            filter_form=form,
            page=page_of(request, threads, THREADS_PER_PAGE),
            can_post=access.post_refusal(context["standing"]) is None,
        )
        if request.htmx and request.htmx.target == "thread-results":
            return render(request, "community/detail.html#threads", context)
    return render(request, "community/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def community_edit(request, slug):
    community = community_or_404(request, slug)
    access.check_can_moderate(user=request.user, community=community)
    initial = {
        "name": community.name,
        "purpose": community.purpose,
        "category": community.category_id,
        "region": community.region_id,
        "visibility": community.visibility,
    }
    form = CommunityForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.community_update(community=community, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The community's settings were saved."))
            return redirect(community)
    context = {"form": form, "community": community}
    return render(request, "community/form.html", context, status=bound_status(form))


@login_required
@require_POST
def community_review(request, slug):
    community = community_or_404(request, slug)
    decision = request.POST.get("decision")
    try:
        access.check_can_review(user=request.user, community=community)  # 403 first
        if decision not in {"approve", "decline"}:
            raise ValidationError(_("Choose to approve or to decline the proposal."))
        services.community_review(
            community=community, by=request.user, approve=decision == "approve"
        )
    except ValidationError as error:
        messages.error(request, text_of(error))
    else:
        if decision == "approve":
            messages.success(request, _("%(name)s is approved and open.") % {"name": community})
        else:
            messages.success(request, _("%(name)s was declined.") % {"name": community})
    return redirect("community:list")


@login_required
@require_POST
def community_join(request, slug):
    community = community_or_404(request, slug)
    try:
        membership = services.community_join(community=community, user=request.user)
    except ValidationError as error:
        messages.error(request, text_of(error))
    else:
        if membership.is_active:
            messages.success(request, _("You joined %(name)s.") % {"name": community.name})
        else:
            messages.success(
                request,
                _("Your request to join %(name)s was sent to its moderators.")
                % {"name": community.name},
            )
    return redirect(community)


@login_required
@require_POST
def community_leave(request, slug):
    community = community_or_404(request, slug)
    membership = access.standing_in(user=request.user, community=community).membership
    try:
        services.community_leave(community=community, user=request.user)
    except ValidationError as error:
        messages.error(request, text_of(error))
    else:
        if membership is not None and not membership.is_active:
            messages.success(request, _("Your request to join was withdrawn."))
        else:
            messages.success(request, _("You left %(name)s.") % {"name": community.name})
    return redirect(community)
