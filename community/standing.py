"""A person's standing in one community (membership, moderation, suspension, verified email,
whether they read it), read once per page or action, and how a refusal is said or raised.
The rules that take it are in community/access.py, which re-exports these names."""

from functools import cached_property
from typing import NamedTuple

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, FilteredRelation, OuterRef, Q, Subquery
from django.utils import timezone

from ecosystem.accounts.models import User
from ecosystem.accounts.roles import kept_for

from .models import Community, CommunityMembership, Suspension, readable_community_ids

Refusal = PermissionDenied | ValidationError | None
MEMBERSHIP_FIELDS = tuple(field.attname for field in CommunityMembership._meta.concrete_fields)
SUSPENSION_FIELDS = tuple(field.attname for field in Suspension._meta.concrete_fields)


class Standing:
    """A person's standing in one community: membership, moderation, suspension, verified
    email. Read from the cache, or else from the database, once, when a rule first needs
    one of them (`_facts`)."""

    def __init__(self, *, user, community: Community, kept: bool = False):
        self.user = user
        self.community = community
        self.kept = kept

    # Read once: a page of fifty posts asks these some thousands of times, each through
    # request.user's lazy wrapper. A Standing lives for one page or action.
    @cached_property
    def signed_in(self) -> bool:
        return self.user is not None and self.user.is_authenticated

    @cached_property
    def is_staff(self) -> bool:
        return self.signed_in and self.user.is_staff

    @cached_property
    def _user_id(self) -> int | None:
        return self.user.pk if self.signed_in else None

    @cached_property
    def _facts(self) -> "_Facts | None":
        """What the person's rows say of them here. For a `kept` standing, kept in the
        cache under their roles version: every write of a community membership, a
        suspension or an email address of theirs raises it (community/hooks.py,
        ecosystem/accounts/apps.py), so a change is read on the next page; whether the
        suspension kept is still in force is judged now. Read, it took a query costing 2
        to 4 ms to build on every thread page."""
        if not self.signed_in:
            return None
        if not self.kept:
            return _read_facts(self._user_id, self.community)
        return kept_for(
            self.user,
            "community-standing",
            lambda: _read_facts(self._user_id, self.community),  # None: the account is gone
            self.community.pk,
        )

    @cached_property
    def membership(self) -> CommunityMembership | None:
        """Their membership or request to join (None when they have neither)."""
        if self._facts is None or self._facts.membership is None:
            return None
        membership = CommunityMembership.from_db(
            CommunityMembership.objects.db, list(MEMBERSHIP_FIELDS), list(self._facts.membership)
        )
        membership.community, membership.user = self.community, self.user
        return membership

    @property
    def is_member(self) -> bool:
        return self.membership is not None and self.membership.is_active

    @property
    def moderates(self) -> bool:
        """Staff moderate every community; a community's active moderators moderate it."""
        return self.is_staff or (self.membership is not None and self.membership.is_moderator)

    @cached_property
    def reads(self) -> bool:
        """May read the community's threads (the models' one read rule decides: a public
        community's also signed out)."""
        return readable_community_ids(self.user).filter(pk=self.community.pk).exists()

    @cached_property
    def suspension(self) -> Suspension | None:
        """The suspension in force here or platform-wide that ends last, if any."""
        if self._facts is None or self._facts.suspension is None:
            return None
        suspension = Suspension.from_db(
            Suspension.objects.db, list(SUSPENSION_FIELDS), list(self._facts.suspension)
        )
        return suspension if suspension.until > timezone.now() else None

    @cached_property
    def email_verified(self) -> bool:
        return self._facts is not None and self._facts.email_verified

    def wrote(self, item) -> bool:
        return self.signed_in and item.author_id == self._user_id


class _Facts(NamedTuple):
    membership: tuple | None  # MEMBERSHIP_FIELDS' values
    suspension: tuple | None  # SUSPENSION_FIELDS' values: the one in force ending last
    email_verified: bool


def _read_facts(user_id: int, community: Community) -> _Facts | None:
    """One query from the person's row, member or not: their membership here through a
    filtered relation, whether a suspension is in force, whether their email is verified;
    a second only to read the suspension when there is one. None if the account is gone."""
    here = [f"here__{name}" for name in MEMBERSHIP_FIELDS]
    found = (
        User.objects.filter(pk=user_id)
        .annotate(
            here=FilteredRelation(
                "community_memberships",
                condition=Q(community_memberships__community=community),
            ),
            suspension_in_force=Subquery(_suspensions(OuterRef("pk"), community).values("pk")[:1]),
            email_is_verified=Exists(_verified_emails(OuterRef("pk"))),
        )
        .values(*here, "suspension_in_force", "email_is_verified")
        .first()
    )
    if found is None:
        return None
    suspension = None
    if found["suspension_in_force"] is not None:
        suspension = _suspensions(user_id, community).values_list(*SUSPENSION_FIELDS).first()
    membership = tuple(found[name] for name in here) if found["here__id"] is not None else None
    return _Facts(membership, suspension, bool(found["email_is_verified"]))


def _suspensions(user, community):
    """Suspensions of `user` in force here or platform-wide, the one ending last first."""
    return (
        Suspension.objects.in_force()
        .filter(user=user)
        .filter(Q(community__isnull=True) | Q(community=community))
        .order_by("-until")
    )


def _verified_emails(user):
    return EmailAddress.objects.filter(user=user, verified=True)


def standing_in(*, user, community: Community, kept: bool = False) -> Standing:
    """The person's standing here, read from the database; `kept`, from the cache when it
    holds it (for a page that only shows: a write and a rule that guards one read afresh,
    since a person's own copy of their row does not see a version raised after it was
    loaded)."""
    return Standing(user=user, community=community, kept=kept)


def reason(refusal: Refusal) -> str:
    """A refusal as the sentence a person reads ("" when there is none)."""
    if refusal is None:
        return ""
    if isinstance(refusal, ValidationError):
        return " ".join(refusal.messages)
    return str(refusal)


def raise_refusal(refusal: Refusal) -> None:
    if refusal is not None:
        raise refusal
