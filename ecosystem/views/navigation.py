"""The main navigation: which roles a person holds (so role links show only to them), where
each role lands, and which section of the navigation a page belongs to.

Roles come from rows, not flags: a partner is an active member of a partner organisation
(Membership), a moderator moderates a community (or is staff), staff is `is_staff`.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from community.selectors import moderated_communities
from ecosystem.accounts.models import User
from ecosystem.cache import kept as kept_cache
from ecosystem.fragments import code_version
from ecosystem.notifications.selectors import unread_count_for, unread_count_subquery
from ecosystem.notifications.unread import kept_unread_key
from goals.models import Goal
from partners.models import PartnerOrganization


@dataclass(frozen=True)
class Roles:
    partner: bool = False  # an active member of a partner organisation
    moderator: bool = False  # moderates a community (staff moderate them all)
    staff: bool = False
    # Not a role: the bell's unread count, kept and read with the roles.
    unread_notifications: int = 0


ROLES_TIMEOUT_SECONDS = 24 * 3600


def roles_of(user) -> Roles:
    """The roles a person holds and their unread notifications (none for someone signed
    out), from the cache in one round trip, or in one query.

    The roles are kept under the person's roles version, which every write of a row giving
    them a role or standing raises (ecosystem/accounts/roles.py lists them), and the
    unread count under their notifications version, which every write of their
    notifications raises (ecosystem/notifications/unread.py). A page asks the database
    only after a change: for both in one query when the roles changed, for the count
    alone when only it did."""
    if not user.is_authenticated:
        return Roles()
    roles_key = (
        f"navigation:roles:{code_version()}:{user.pk}:{user.roles_version}:{user.is_staff:d}"
    )
    unread_key = kept_unread_key(user)
    kept = kept_cache.get_many([roles_key, unread_key])
    held, unread = kept.get(roles_key), kept.get(unread_key)
    if held is None:
        found = (
            User.objects.filter(pk=user.pk)
            .annotate(
                partner=Exists(PartnerOrganization.objects.with_member(user)),
                moderator=Exists(moderated_communities(user)),
                unread=unread_count_subquery(user),
            )
            .values("partner", "moderator", "unread")
            .first()
        ) or {"partner": False, "moderator": False, "unread": 0}
        held = (bool(found["partner"]), bool(found["moderator"]))
        unread = found["unread"] or 0
        kept_cache.set_many({roles_key: held, unread_key: unread}, ROLES_TIMEOUT_SECONDS)
    elif unread is None:
        unread = unread_count_for(user)
        kept_cache.set(unread_key, unread, ROLES_TIMEOUT_SECONDS)
    partner, moderator = held
    return Roles(
        partner=partner, moderator=moderator, staff=user.is_staff, unread_notifications=unread
    )


def landing_url(user) -> str:
    """Where a person lands on signing in and on /: someone who owns a goal on their
    dashboard (their own plans come first); otherwise staff on the staff home and an
    active member of a partner organisation on the partner dashboard; everyone else on
    the dashboard, which invites them to set a first goal."""
    if not Goal.objects.owned_by(user).alive().exists():
        if user.is_staff:
            return reverse("staff-home")
        if roles_of(user).partner:
            return reverse("stakeholders:partner-dashboard")
    return reverse("dashboard")


# --- Sections: which navigation link a page belongs under ---------------------------------

_COMMUNITY_STAFF_PAGES = {"moderation-queue", "moderation-log", "peers-reports"}


def section_of(match) -> str:
    """The navigation section of the page a resolver match names ("" for none). A goal's
    pages (its stakeholders, ecosystem map and advice too) belong to the dashboard, not to
    Partners: they are the owner's plan."""
    if match is None:
        return ""
    namespace, name = match.namespace, match.url_name
    if namespace == "goals":
        return "playbooks" if name.startswith("playbook-") else "dashboard"
    if namespace == "stakeholders":
        if name == "partner-dashboard":
            return "partner-dashboard"
        return "" if name == "invitation" else "dashboard"
    if namespace == "partners":
        return "partners"
    if namespace == "community":
        if name in _COMMUNITY_STAFF_PAGES:
            return "staff"
        return "peers" if name.startswith("peers") else "communities"
    if namespace == "accounts":
        return "profile" if name == "profile" else ""
    return {"dashboard": "dashboard", "staff-home": "staff"}.get(name or "", "")


def navigation(request) -> dict:
    """Context processor: `nav_section` for the page, and `roles` (looked up only when a
    template asks, once per request)."""
    return {
        "nav_section": section_of(getattr(request, "resolver_match", None)),
        "roles": SimpleLazyObject(lambda: roles_of(getattr(request, "user", AnonymousUser()))),
    }
