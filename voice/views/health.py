"""Health pages: staff's over the whole ecosystem, a partner's over its customers."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from partners.models import PartnerOrganization

from ..access import check_can_see_health
from ..health import health_report


@login_required
@require_GET
def ecosystem_health(request):
    check_can_see_health(user=request.user)
    return render(request, "voice/health.html", {"report": health_report()})


@login_required
@require_GET
def partner_health(request, slug):
    organization = get_object_or_404(
        PartnerOrganization.objects.visible_to(request.user), slug=slug
    )
    check_can_see_health(user=request.user, organization=organization)
    return render(
        request, "voice/health.html", {"report": health_report(organization=organization)}
    )
