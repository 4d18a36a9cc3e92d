"""The version of a person's roles and standing: a number on their user row that every
write of a row giving them a role or standing raises (an organisation's membership, a
community's membership or moderation, a suspension, an email address, a stakeholder row
naming them or an organisation they are a member of: stakeholders/hooks.py).

What is kept under it: the navigation's roles, the goals shared with them
(goals.selectors.goals_shared_with), the organisations they are a member of
(partners.selectors.member_organization_ids), their community memberships
(community.selectors.memberships_for) and standing in a community (community/standing.py).

The navigation reads the roles on every page (ecosystem/views/navigation.py) and keeps
what it read in the cache under this number, so a page asks the database only after a
change. The number lives on the user row, which every request loads anyway, and is raised
in the same transaction as the change: a reader who sees the new number sees the change,
whichever process (or fallback cache) answers.
"""

from django.db.models import F
from django.db.models.signals import post_delete, post_save

from .models import User


def roles_changed(*user_ids: int | None) -> None:
    """These people's roles may have changed: their cached reading is read afresh."""
    ids = {pk for pk in user_ids if pk is not None}
    if ids:
        User.objects.filter(pk__in=ids).update(roles_version=F("roles_version") + 1)


def _row_written(sender, instance, **kwargs) -> None:
    roles_changed(instance.user_id)
    # The copy of the person the row was given (the caller's own) sees the raise too.
    field = sender._meta.get_field("user")
    if field.is_cached(instance):
        person = field.get_cached_value(instance)
        if person is not None and person.pk == instance.user_id:
            person.roles_version += 1


def connect_role_rows(model) -> None:
    """Raise the version of the person a row of `model` names (its `user_id`) whenever
    such a row is saved or deleted: by a service, the admin or a cascade."""
    uid = f"roles-changed:{model._meta.label}"
    post_save.connect(_row_written, sender=model, dispatch_uid=uid)
    post_delete.connect(_row_written, sender=model, dispatch_uid=uid)
