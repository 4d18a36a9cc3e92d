"""The community list's cards, drawn once per set of facts and reused from the cache.

The cards are most of the list's own rendering (a truncated purpose, two badges and a
pluralised member count for each of twenty communities). They are cached under a key made
of the version of the code that draws them (ecosystem/fragments.py) and everything they
show: each community's name, slug, purpose, visibility, category and region names, member
count and the reader's membership (status and role), in the reader's language. A write
changes one of these, so the next view misses and draws afresh: the cards are never stale,
and readers in the same place share one copy. They hold no form and no token of the
reader's.
"""

import hashlib

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from ecosystem.cache import kept as kept_cache
from ecosystem.fragments import code_version

CARDS_TEMPLATE = "community/partials/community_cards.html"
TIMEOUT_SECONDS = 24 * 3600


def _facts(community) -> tuple:
    membership = community.my_membership
    return (
        community.pk,
        community.slug,
        community.name,
        community.purpose,
        community.visibility,
        community.category.name if community.category else None,
        community.region.name if community.region else None,
        community.member_count,
        (membership.status, membership.role) if membership is not None else None,
    )


def drawn_cards(page) -> str:
    """The cards of a page of communities (each with `my_membership` set), from the cache
    when the same facts were drawn before, else drawn now."""
    facts = (
        code_version(),
        translation.get_language(),
        [_facts(community) for community in page.object_list],
    )
    key = "community:cards:" + hashlib.sha256(repr(facts).encode()).hexdigest()
    cards = kept_cache.get_or_set(
        key, lambda: render_to_string(CARDS_TEMPLATE, {"page": page}), TIMEOUT_SECONDS
    )
    return mark_safe(cards)  # noqa: S308  (our own template's output of escaped facts)
