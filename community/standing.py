"""A person's standing in one community (membership, moderation, suspension, verified email,
whether they read it), read once per page or action, and how a refusal is said or raised.
The rules that take it are in community/access.py, which re-exports these names."""

from functools import cached_property

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, FilteredRelation, OuterRef, Q, Subquery

from ecosystem.accounts.models import User

from .models import Community, CommunityMembership, Suspension, readable_community_ids

Refusal = PermissionDenied | ValidationError | None
MEMBERSHIP_FIELDS = tuple(field.attname for field in CommunityMembership._meta.concrete_fields)


class Standing:
    """A person's standing in one community: membership, moderation, suspension, verified
    email. Each fact is read from the database at most once, when a rule first needs it."""

    def __init__(self, *, user, community: Community):
        self.user = user
        self.community = community

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
    def membership(self) -> CommunityMembership | None:
        """Their membership or request to join (None when they have neither).

        Read from the person's row, with whether a suspension is in force and whether
        their email is verified, the two facts the rules ask next, member or not: one
        query, not three (`suspension` then reads the suspension itself only when there
        is one)."""
        if not self.signed_in:
            return None
        here = {f"here__{name}": name for name in MEMBERSHIP_FIELDS}
        found = (
            User.objects.filter(pk=self._user_id)
            .annotate(
                here=FilteredRelation(
                    "community_memberships",
                    condition=Q(community_memberships__community=self.community),
                ),
                suspension_in_force=Subquery(
                    _suspensions(OuterRef("pk"), self.community).values("pk")[:1]
                ),
                email_is_verified=Exists(_verified_emails(OuterRef("pk"))),
            )
            .values(*here, "suspension_in_force", "email_is_verified")
            .first()
        )
        if found is None:  # the account is gone: nothing to hold
            return None
        self.__dict__["email_verified"] = found["email_is_verified"]
        if found["suspension_in_force"] is None:
            self.__dict__["suspension"] = None
        if found["here__id"] is None:
            return None
        membership = CommunityMembership.from_db(
            CommunityMembership.objects.db, list(here.values()), [found[column] for column in here]
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
        if not self.signed_in:
            return None
        return _suspensions(self.user, self.community).first()

    @cached_property
    def email_verified(self) -> bool:
        return self.signed_in and _verified_emails(self.user).exists()

    def wrote(self, item) -> bool:
        return self.signed_in and item.author_id == self._user_id


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


def standing_in(*, user, community: Community) -> Standing:
    return Standing(user=user, community=community)


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
