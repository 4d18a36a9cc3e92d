"""Pages of partners and their resources: directory, organisation, resource, and their forms.

Each view parses the input, calls one service or selector and renders. Who may see what
is the models' `visible_to`; who may do what is partners/access.py, asked before the input
is read (an object the person may not see answers 404, one they see but may not change
403, and only then does a form answer with its errors); every service checks again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ecosystem.lookups import detail_or_404
from ecosystem.markdown import markdown_problems, render_markdown

from . import access, selectors, services, signals
from .forms import (
    DirectoryFilterForm,
    InviteForm,
    OrganizationCreateForm,
    OrganizationForm,
    PreviewForm,
    ResourceForm,
    UnpublishForm,
)
from .models import Resource

PER_PAGE = 20
RELATED_FIELDS = ("categories", "regions", "playbook_milestones")


def _organization(request, slug):
    return detail_or_404(selectors.organization_for, user=request.user, slug=slug)


def _resource(request, pk) -> Resource:
    return detail_or_404(selectors.resource_for, user=request.user, pk=pk)


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


@login_required
@require_http_methods(["GET"])
def directory(request):
    show = "resources" if request.GET.get("show") == "resources" else "partners"
    form = DirectoryFilterForm(request.GET, show=show)
    filters = form.filters()
    if show == "resources":
        page = _page(request, selectors.resource_search(user=request.user, **filters))
    else:
        page = _page(request, selectors.organization_directory(user=request.user, **filters))
    context = {"form": form, "show": show, "page": page}
    if request.htmx and request.htmx.target == "directory-results":
        return render(request, "partners/directory.html#results", context)
    context["invitations"] = selectors.invitations_for(request.user)
    return render(request, "partners/directory.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request):
    form = OrganizationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("%(name)s was created and you are its admin.") % {"name": organization.name},
            )
            return redirect(organization)
    return render(request, "partners/organization_form.html", {"form": form})


@login_required
@require_POST
def invitation_accept(request, pk):
    """Accept an invitation; accepting one to an organisation one already belongs to
    (twice, or after changing one's address) says so and changes nothing else."""
    invitation = detail_or_404(selectors.membership_for, user=request.user, pk=pk)
    organization = invitation.organization
    already = access.is_active_member(request.user, organization)
    services.member_accept(membership=invitation, by=request.user)
    if already:
        messages.info(
            request, _("You are already a member of %(name)s.") % {"name": organization.name}
        )
    else:
        messages.success(request, _("You joined %(name)s.") % {"name": organization.name})
    return redirect(organization)


def _detail_context(request, organization, **extra) -> dict:
    may = access.organization_permissions(request.user, organization)
    resources = _page(
        request, selectors.resource_search(user=request.user, organization=organization)
    )
    context = {
        "organization": organization,
        "may": may,
        "memberships": (
            selectors.memberships_of(organization=organization, user=request.user)
            if may.is_member
            else []
        ),
        "page": resources,
        "invite_form": InviteForm() if may.invite_members else None,
        "playbooks": selectors.playbooks_of(organization=organization, user=request.user)[:20],
        **signals.organization_page.context(
            user=request.user, organization=organization, permissions=may
        ),
    }
    context.update(extra)
    return context


@login_required
@require_http_methods(["GET"])
def organization_detail(request, slug):
    organization = _organization(request, slug)
    return render(request, "partners/detail.html", _detail_context(request, organization))


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request, slug):
    organization = _organization(request, slug)
    access.check_can_edit_organization(user=request.user, organization=organization)
    initial = {
        "name": organization.name,
        "kind": organization.kind,
        "description": organization.description,
        "website": organization.website,
        "time_zone": organization.time_zone,
        "regions": [region.pk for region in organization.regions.all()],
        "categories": [category.pk for category in organization.categories.all()],
    }
    form = OrganizationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                organization=organization, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The organisation's profile was saved."))
            return redirect(organization)
    return render(
        request, "partners/organization_form.html", {"form": form, "organization": organization}
    )


@login_required
@require_POST
def organization_verify(request, slug):
    organization = _organization(request, slug)
    verified = request.POST.get("verified", "1") != "0"
    services.organization_set_verified(
        organization=organization, by=request.user, verified=verified
    )
    if verified:
        messages.success(request, _("%(name)s is now verified.") % {"name": organization.name})
    else:
        messages.success(
            request, _("%(name)s is no longer verified.") % {"name": organization.name}
        )
    return redirect(organization)


@login_required
@require_POST
def member_invite(request, slug):
    organization = _organization(request, slug)
    access.check_can_invite_members(user=request.user, organization=organization)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            membership = services.member_invite(
                organization=organization, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("%(email)s is invited; they join when they accept.")
                % {"email": membership.email},
            )
            return redirect(organization)
    context = _detail_context(request, organization, invite_form=form)
    return render(request, "partners/detail.html", context)


@login_required
@require_POST
def member_remove(request, slug, pk):
    organization = _organization(request, slug)
    membership = detail_or_404(
        selectors.membership_for, user=request.user, pk=pk, organization=organization
    )
    leaving = membership.user_id == request.user.pk
    try:
        services.member_remove(membership=membership, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if leaving:
            messages.success(request, _("You left %(name)s.") % {"name": organization.name})
        else:
            messages.success(request, _("%(email)s was removed.") % {"email": membership.email})
    return redirect(organization)


def _resource_fields(form) -> dict:
    return {field: form.cleaned_data[field] for field in form.fields}


def _preview(body: str) -> dict:
    """The body as it would be saved: the same renderer and sanitiser, and its problems."""
    return {"body_html": render_markdown(body), "problems": markdown_problems(body)}


@login_required
@require_http_methods(["GET", "POST"])
def resource_create(request, slug):
    organization = _organization(request, slug)
    access.check_can_create_resource(user=request.user, organization=organization)
    form = ResourceForm(request.POST or None)
    action = request.POST.get("action", "draft")
    preview = None
    if request.method == "POST" and form.is_valid():
        if action == "preview":
            preview = _preview(form.cleaned_data["body"])
        else:
            try:
                resource = services.resource_create(
                    by=request.user, organization=organization, **_resource_fields(form)
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                if action == "publish":
                    services.resource_publish(resource=resource, by=request.user)
                    messages.success(request, _("Your resource is published."))
                else:
                    messages.success(request, _("Your resource is saved as a draft."))
                return redirect(resource)
    context = {"form": form, "organization": organization, "preview": preview}
    return render(request, "partners/resource_form.html", context)


@login_required
@require_POST
def resource_preview(request):
    form = PreviewForm(request.POST)
    if form.is_valid():
        context = {"preview": _preview(form.cleaned_data["body"])}
    else:
        context = {"preview": {"body_html": "", "problems": form.errors["body"]}}
    return render(request, "partners/partials/markdown_preview.html", context)


@login_required
@require_http_methods(["GET"])
def resource_detail(request, pk):
    resource = _resource(request, pk)
    return render(request, "partners/resource_detail.html", _resource_context(request, resource))


def _resource_context(request, resource, **extra) -> dict:
    may = access.resource_permissions(request.user, resource)
    context = {
        "resource": resource,
        "organization": resource.organization,
        "may": may,
        "unpublish_form": UnpublishForm() if may.unpublish else None,
    }
    context.update(extra)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request, pk):
    resource = _resource(request, pk)
    access.check_can_edit_resource(user=request.user, resource=resource)
    form = ResourceForm(request.POST or None, resource=resource)
    action = request.POST.get("action", "save")
    preview = None
    if request.method == "POST" and form.is_valid():
        if action == "preview":
            preview = _preview(form.cleaned_data["body"])
        else:
            try:
                services.resource_update(
                    resource=resource, by=request.user, **_resource_fields(form)
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Your changes were saved."))
                if action == "publish":
                    return _publish(request, resource)
                return redirect(resource)
    context = {
        "form": form,
        "organization": resource.organization,
        "resource": resource,
        "preview": preview,
    }
    return render(request, "partners/resource_form.html", context)


def _publish(request, resource):
    try:
        services.resource_publish(resource=resource, by=request.user)
    except PermissionDenied as refusal:
        if not access.can_edit_resource(request.user, resource):
            raise
        # A member whose resource staff took down: say so plainly on the page.
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Your resource is published."))
    return redirect(resource)


@login_required
@require_POST
def resource_publish(request, pk):
    return _publish(request, _resource(request, pk))


@login_required
@require_POST
def resource_withdraw(request, pk):
    resource = _resource(request, pk)
    was_published = resource.status == Resource.Status.PUBLISHED
    services.resource_withdraw(resource=resource, by=request.user)
    if was_published:
        messages.success(request, _("Your resource is back to draft; customers no longer see it."))
    return redirect(resource)


@login_required
@require_POST
def resource_unpublish(request, pk):
    resource = _resource(request, pk)
    form = UnpublishForm(request.POST)
    form.is_valid()  # The service decides: staff only, and a reason is required.
    try:
        services.resource_unpublish(
            resource=resource, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        form.add_service_error(error)
    else:
        messages.success(request, _("The resource is unpublished; its organisation sees why."))
        return redirect(resource)
    context = _resource_context(request, resource, unpublish_form=form)
    return render(request, "partners/resource_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def resource_delete(request, pk):
    resource = _resource(request, pk)
    access.check_can_delete_resource(user=request.user, resource=resource)
    if request.method == "POST":
        organization = resource.organization
        services.resource_delete(resource=resource, by=request.user)
        messages.success(request, _("The resource was deleted."))
        return redirect(organization) if organization else redirect("partners:directory")
    return render(request, "partners/resource_delete.html", {"resource": resource})
