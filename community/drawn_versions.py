"""The two versions a kept thread page stands on (community/views/thread_drawing.py).

**A thread's posts**: `Thread.posts_version`, a new random value written in the same
transaction as every write of its posts: every save of a post (pre_save: a reply, an
edit, a deletion, hiding and restoring, by a service or a flag) and the helpful counts'
updates (`posts_changed`, called by the services, which send no signal). A post is never
deleted as a row but with its thread (deletion keeps a placeholder, and the admin is read
only), so there is no delete receiver, which would make every cascade load its posts. A
whole-row save of a thread gets a new value too, so writing back a thread read before a
post changed can never bring back the value an older drawing is kept under. The thread's
own fields (title, lock, accepted answer, count) go into the key as read.

**The people shown beside posts**: their names and badges (staff, a community's
moderators, partner organisations) are written far from any thread, so they share one
version, a random token in the cache (`people_version`), replaced at every save or
delete of a person's name, email or staff flag, a moderator's community membership (a
member's joining or leaving shows no badge), a partner membership or an organisation, and
again after its commit, so a reader who sees the last token reads what was committed. If
the cache loses the token, a new one is drawn, and every kept page is drawn afresh.
"""

import uuid

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from partners.models import Membership as PartnerMembership
from partners.models import PartnerOrganization

from .models import CommunityMembership, Post, Thread

PEOPLE_KEY = "community:people-version"
# The fields of a person that a post shows (their name: ecosystem/accounts/models.py
# `name`; the staff badge).
PEOPLE_FIELDS = frozenset({"display_name", "email", "deleted_at", "is_staff"})


def posts_changed(*thread_ids: int | None) -> None:
    """These threads' posts changed: their kept pages are drawn afresh."""
    ids = {pk for pk in thread_ids if pk is not None}
    if ids:
        Thread.objects.filter(pk__in=ids).update(posts_version=uuid.uuid4())


def people_version() -> str:
    """The current token of the people shown beside posts (a new one if the cache has
    none; a fresh one on every call if the cache cannot keep it, so nothing is reused)."""
    token = cache.get(PEOPLE_KEY)
    if token is None:
        cache.add(PEOPLE_KEY, uuid.uuid4().hex, None)
        token = cache.get(PEOPLE_KEY) or uuid.uuid4().hex
    return token


def _new_people_version() -> None:
    cache.set(PEOPLE_KEY, uuid.uuid4().hex, None)


def people_changed() -> None:
    """Someone's name or badges changed: every kept page is stale. A new token now, and
    another after the commit: a page drawn in between, from what was not committed yet,
    is kept under the first and never read again."""
    _new_people_version()
    transaction.on_commit(_new_people_version)


def _post_saving(sender, instance, **kwargs) -> None:
    posts_changed(instance.thread_id)


def _thread_saving(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is None:
        instance.posts_version = uuid.uuid4()


def _person_saved(sender, instance, update_fields=None, created=False, **kwargs) -> None:
    if not created and (update_fields is None or PEOPLE_FIELDS & set(update_fields)):
        people_changed()


def _badge_written(sender, instance, **kwargs) -> None:
    people_changed()


# A community membership shows as a badge only as a moderator's: joining, or leaving, as
# a member (the common writes) changes nobody's badge.
def _membership_saved(sender, instance, created=False, **kwargs) -> None:
    if not created or instance.role == CommunityMembership.Role.MODERATOR:
        people_changed()


def _membership_deleted(sender, instance, **kwargs) -> None:
    if instance.role == CommunityMembership.Role.MODERATOR:
        people_changed()


def connect() -> None:
    uid = "community-drawn-versions"
    pre_save.connect(_post_saving, sender=Post, dispatch_uid=uid)
    pre_save.connect(_thread_saving, sender=Thread, dispatch_uid=uid)
    User = get_user_model()
    post_save.connect(_person_saved, sender=User, dispatch_uid=uid)
    post_delete.connect(_badge_written, sender=User, dispatch_uid=uid)
    post_save.connect(_membership_saved, sender=CommunityMembership, dispatch_uid=uid)
    post_delete.connect(_membership_deleted, sender=CommunityMembership, dispatch_uid=uid)
    for model in (PartnerMembership, PartnerOrganization):
        post_save.connect(_badge_written, sender=model, dispatch_uid=uid)
        post_delete.connect(_badge_written, sender=model, dispatch_uid=uid)
