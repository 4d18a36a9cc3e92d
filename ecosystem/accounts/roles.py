"""The version of a person's roles and standing: a number on their user row that every
write of a row giving them a role or standing raises (an organisation's membership, a
community's membership or moderation, a suspension, an email address, a community they
proposed, a stakeholder row naming them or an organisation they are a member of:
stakeholders/hooks.py).

What is kept under it (`kept_for`, but for the navigation's roles, which it reads with
the unread count in one go): the navigation's roles, the goals shared with them
(goals.selectors.goals_shared_with), the organisations they are a member of
(partners.selectors.member_organizations), their community memberships
(community.selectors.memberships_for), their standing in a community
(community/standing.py) and whether they have proposed a community not yet open
(community.selectors.proposals_listed).

The navigation reads the roles on every page (ecosystem/views/navigation.py) and keeps
what it read in the cache under this number, so a page asks the database only after a
change. The number lives on the user row, which every request loads anyway, and is raised
in the same transaction as the change: a reader who sees the new number sees the change,
whichever process (or fallback cache) answers.
"""

from collections.abc import Callable

from django.db.models import F
from django.db.models.signals import post_delete, post_save

from ecosystem.cache import kept as kept_cache
from ecosystem.fragments import code_version

from .models import User

# How long a reading lives: a raise makes a new key, so an old one only waits to expire.
KEPT_TIMEOUT_SECONDS = 24 * 3600


def roles_changed(*user_ids: int | None) -> None:
    """These people's roles may have changed: their cached reading is read afresh."""
    ids = {pk for pk in user_ids if pk is not None}
    if ids:
        User.objects.filter(pk__in=ids).update(roles_version=F("roles_version") + 1)


def kept_for[T](user, kind: str, read: Callable[[], T], *facts) -> T:
    """What `read()` answers of a signed-in person, kept in the cache under their roles
    version, the code's version and `facts` (whatever else the answer depends on, such as
    a day or a community): a change of a row it rests on is read on the next page. For
    pages that only show; a write, and every rule guarding one, asks afresh. An answer of
    None is not kept (the account is gone, say)."""
    key = ":".join(
        map(str, ("roles-kept", kind, code_version(), user.pk, user.roles_version, *facts))
    )
    return kept_cache.get_or_set(key, read, KEPT_TIMEOUT_SECONDS)


def _row_written(instance, person: str) -> None:
    field = instance._meta.get_field(person)
    person_id = getattr(instance, field.attname)
    roles_changed(person_id)
    # The copy of the person the row was given (the caller's own) sees the raise too.
    if field.is_cached(instance):
        copy = field.get_cached_value(instance)
        if copy is not None and copy.pk == person_id:
            copy.roles_version += 1


def connect_role_rows(model, person: str = "user") -> None:
    """Raise the version of the person a row of `model` names (its field `person`)
    whenever such a row is saved or deleted: by a service, the admin or a cascade."""

    def written(sender, instance, **kwargs) -> None:
        _row_written(instance, person)

    uid = f"roles-changed:{model._meta.label}:{person}"
    post_save.connect(written, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(written, sender=model, dispatch_uid=uid, weak=False)
