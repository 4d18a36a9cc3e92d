"""Pages of an organisation's webhooks, for its admins: add an endpoint (its secret shown
once), see and change one with its delivery log, rotate the secret, send a test (htmx:
the log is swapped in place), remove it. Each view parses, calls one service or
selector, renders; an endpoint a person may not see answers 404, an organisation whose
webhooks are not theirs to manage 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ecosystem.lookups import detail_or_404
from partners import selectors as partner_selectors

from . import access, selectors, services
from .forms import EndpointEditForm, EndpointForm

LOG_PAGE = 10


def _organization(request, slug):
    return detail_or_404(partner_selectors.organization_for, user=request.user, slug=slug)


def _endpoint(request, slug, pk):
    organization = _organization(request, slug)
    return detail_or_404(
        selectors.endpoint_for, user=request.user, pk=pk, organization=organization
    )


def _detail_context(request, endpoint, **extra) -> dict:
    log = Paginator(selectors.delivery_log(endpoint=endpoint), LOG_PAGE)
    return {
        "organization": endpoint.organization,
        "endpoint": endpoint,
        "log": log.get_page(request.GET.get("page")),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_create(request, slug):
    organization = _organization(request, slug)
    access.check_can_manage_webhooks(user=request.user, organization=organization)
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = services.endpoint_create(
                organization=organization, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return _show_secret_once(request, endpoint, secret)
    context = {"organization": organization, "form": form}
    return render(request, "webhooks/endpoint_form.html", context)


def _secret_key(endpoint) -> str:
    return f"webhooks.secret.{endpoint.pk}"


def _show_secret_once(request, endpoint, secret: str):
    """Redirect to the endpoint's page, which shows the secret once: it waits in the
    (server-side) session and is taken out by the next view of the page, so a reload
    neither shows it again nor posts the form again."""
    request.session[_secret_key(endpoint)] = secret
    return redirect(reverse("webhooks:detail", args=[endpoint.organization.slug, endpoint.pk]))


def _edit_form(endpoint, data=None) -> EndpointEditForm:
    initial = {
        "url": endpoint.url,
        "events": endpoint.events,
        "description": endpoint.description,
        "enabled": endpoint.enabled,
    }
    return EndpointEditForm(data, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_detail(request, slug, pk):
    """The endpoint, its settings form (POST saves it) and its delivery log; an htmx
    request for another page of the log gets the log alone."""
    endpoint = _endpoint(request, slug, pk)
    access.check_can_manage_endpoint(user=request.user, endpoint=endpoint)
    form = _edit_form(endpoint, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.endpoint_update(endpoint=endpoint, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The webhook was saved."))
            return redirect(reverse("webhooks:detail", args=[slug, endpoint.pk]))
    if request.htmx and request.htmx.target == "delivery-log":
        return render(request, "webhooks/endpoint.html#log", _detail_context(request, endpoint))
    secret = request.session.pop(_secret_key(endpoint), None)
    context = _detail_context(request, endpoint, form=form, secret=secret)
    return render(request, "webhooks/endpoint.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def endpoint_test(request, slug, pk):
    """Send a test event; with htmx, answer the refreshed delivery log."""
    endpoint = _endpoint(request, slug, pk)
    services.endpoint_send_test(endpoint=endpoint, by=request.user)
    notice = _("A test event was sent. Its delivery is at the top of the log.")
    if request.htmx:
        endpoint.refresh_from_db()
        context = _detail_context(request, endpoint, notice=notice)
        return render(request, "webhooks/endpoint.html#log", context)
    messages.success(request, notice)
    return redirect(reverse("webhooks:detail", args=[slug, endpoint.pk]))


@login_required
@require_POST
def endpoint_rotate(request, slug, pk):
    endpoint = _endpoint(request, slug, pk)
    secret = services.endpoint_rotate_secret(endpoint=endpoint, by=request.user)
    return _show_secret_once(request, endpoint, secret)


@login_required
@require_POST
def endpoint_delete(request, slug, pk):
    endpoint = _endpoint(request, slug, pk)
    services.endpoint_delete(endpoint=endpoint, by=request.user)
    messages.success(request, _("The webhook was removed."))
    return redirect(reverse("partners:detail", args=[slug]) + "#webhooks")
