"""The bell's unread count, kept: every page shows it, and most pages come and go while
it stays the same.

Every write of a person's notifications (written, read, all read, erased: the services
in this app, the only writers; the admin only reads) raises the person's
`notifications_version`, a number on their user row, right after the write and in its
transaction when there is one (`unread_changed`). The navigation keeps the count it read
in the cache under that number (`kept_unread_key`), beside their roles
(ecosystem/views/navigation.py): a page asks the database only after a change. The
number is on the row every request loads anyway, so a reader who sees the new number
sees the change, whichever process or cache answers; and a count read under an older
number is one no newer reader asks for.
"""

from django.db.models import F

from ecosystem.accounts.models import User
from ecosystem.fragments import code_version


def unread_changed(user_ids) -> None:
    """These people's notifications were written: their kept counts are read afresh."""
    ids = {pk for pk in user_ids if pk is not None}
    if ids:
        User.objects.filter(pk__in=ids).update(notifications_version=F("notifications_version") + 1)


def kept_unread_key(user) -> str:
    return f"navigation:unread:{code_version()}:{user.pk}:{user.notifications_version}"
