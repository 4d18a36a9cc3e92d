"""What the community API's endpoints share: lookups that answer 404 (or 403), and the
shapes of a person and their badges."""

from rest_framework import serializers

from ecosystem.api import StrictSerializer
from ecosystem.lookups import detail_or_404

from .. import access, selectors
from ..models import Community, Post, Thread


def query_filters(query_params) -> dict:
    """Query parameters as a plain dict; an empty value means "no filter"."""
    return {name: value for name, value in query_params.items() if value != ""}


def visible_community(user, slug) -> Community:
    return detail_or_404(selectors.community_for, user=user, slug=slug)


def readable_community(user, slug) -> Community:
    """The community, if the person may read its threads and members (else 404 or 403)."""
    community = visible_community(user, slug)
    access.check_can_read(access.standing_in(user=user, community=community))
    return community


def visible_thread(user, pk) -> Thread:
    return detail_or_404(selectors.thread_detail, user=user, pk=pk)


def visible_post(user, pk) -> Post:
    return detail_or_404(selectors.post_detail, user=user, pk=pk)


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


def person(user) -> dict | None:
    return None if user is None else {"id": user.pk, "name": user.name}


class OrganizationBadgeSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
    verified = serializers.BooleanField(read_only=True)


class BadgesSerializer(serializers.Serializer):
    staff = serializers.BooleanField(read_only=True)
    moderator = serializers.BooleanField(read_only=True, help_text="Of this community.")
    organizations = OrganizationBadgeSerializer(
        many=True, read_only=True, help_text="Partner organisations the author belongs to."
    )


class EmptySerializer(StrictSerializer):
    """A workflow step that needs no input: send {} (or nothing)."""
