"""A community's count of active members, kept on its row (`Community.member_count`).

The community list shows twenty counts at once, and the community page and the API one
each; counting every membership on every view cost the list 0.7 ms. The count is taken
again, from the rows themselves, in the same transaction as every save or delete of a
membership (a join, a request answered, a leave, a removal, an erased account's cascade,
the admin), and after every save of the community itself (whose whole-row save writes the
count it was read with), so a reader who sees the new membership sees the new count.
`bulk_create` and COPY send no signal: their callers call `members_changed` (the bench's
generator, a test's helper).
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save

from .models import Community, CommunityMembership


def members_changed(*community_ids: int | None) -> None:
    """Count these communities' active members again (each in one UPDATE)."""
    ids = {pk for pk in community_ids if pk is not None}
    if not ids:
        return
    active = (
        CommunityMembership.objects.active()
        .filter(community=OuterRef("pk"))
        .order_by()
        .values("community")
        .annotate(count=Count("pk"))
        .values("count")
    )
    Community.objects.filter(pk__in=ids).update(
        member_count=Coalesce(Subquery(active, output_field=IntegerField()), 0)
    )


def _membership_written(sender, instance, **kwargs) -> None:
    members_changed(instance.community_id)


def _community_saved(sender, instance, **kwargs) -> None:
    # A whole-row save (a service, the admin) writes the count the instance was read
    # with; the rows decide it again at once.
    members_changed(instance.pk)


def connect() -> None:
    uid = "community-member-count"
    post_save.connect(_membership_written, sender=CommunityMembership, dispatch_uid=uid)
    post_delete.connect(_membership_written, sender=CommunityMembership, dispatch_uid=uid)
    post_save.connect(_community_saved, sender=Community, dispatch_uid=uid)
