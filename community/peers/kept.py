"""Whether a person has peer suggestions to be shown, kept in the cache.

The dashboard shows this and last week's suggestions. Most weeks most people have none,
and finding none cost the dashboard a query (a millisecond) on every view. The newest week
of a person's suggestions not dismissed is kept in the cache under `User.peers_version`,
which every write of a suggestion for them raises in the same transaction: a save or a
delete (a dismissal, an erasure, a cascade) through the signals connected here, and by
hand where a write sends none (`peers_changed`: the sweep's bulk insert, a block's
dismissals, the demo's). When the newest week kept is older than the weeks shown, nothing
more is asked; otherwise the suggestions are read (community/peers/selectors.py), and
who may be shown, blocks and connections are judged afresh on every view.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import F, Max
from django.db.models.signals import post_delete, post_save

from ecosystem.cache import kept as kept_cache
from ecosystem.fragments import code_version

from ..models import PeerSuggestion

TIMEOUT_SECONDS = 24 * 3600
_NONE = "none"


def peers_changed(*person_ids: int | None) -> None:
    """Suggestions for these people were written: what is kept of them is read afresh."""
    ids = {pk for pk in person_ids if pk is not None}
    if ids:
        get_user_model().objects.filter(pk__in=ids).update(peers_version=F("peers_version") + 1)


def newest_week(user) -> date | None:
    """The week of the person's newest suggestion not dismissed (None: none at all)."""
    if not user.is_authenticated:
        return None
    key = f"peers:newest:{code_version()}:{user.pk}:{user.peers_version}"

    def read():
        newest = (
            PeerSuggestion.objects.visible_to(user)
            .filter(dismissed_at=None)
            .aggregate(newest=Max("week"))["newest"]
        )
        return _NONE if newest is None else newest

    kept = kept_cache.get_or_set(key, read, TIMEOUT_SECONDS)
    return None if kept == _NONE else kept


def _suggestion_written(sender, instance, **kwargs) -> None:
    peers_changed(instance.person_id)


def connect() -> None:
    uid = "peers-changed"
    post_save.connect(_suggestion_written, sender=PeerSuggestion, dispatch_uid=uid)
    post_delete.connect(_suggestion_written, sender=PeerSuggestion, dispatch_uid=uid)
