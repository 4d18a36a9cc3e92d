"""API of partner organisations, their members and resources, and help for a milestone.

Split by subdomain: organisations.py (the directory and profiles), members.py (members,
invitations), resources.py (resources and help for a milestone). Writes go through
partners.services, whose checks (partners/access.py) answer 404 for what a person may not
see and 403 for what they see but may not do, before any input is validated (400); views
that must read their input first ask the same checks before it. Reads come from
partners.selectors or `visible_to(user)`, so the API and the pages can never disagree.
"""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import members, resources
from .organisations import PartnerOrganizationViewSet

router = SimpleRouter()
router.register("partners", PartnerOrganizationViewSet, basename="api-partner")
router.register("resources", resources.ResourceViewSet, basename="api-resource")

# Members' paths first: "partners/invitations/" is theirs, not an organisation's (the slug
# "invitations" is reserved).
urlpatterns = [
    *members.urlpatterns,
    *resources.urlpatterns,
    path("", include(router.urls)),
]
