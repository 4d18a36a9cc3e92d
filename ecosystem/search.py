"""Full-text search on PostgreSQL, in every language the site is written in.

One text search configuration serves English and Russian: PostgreSQL's `russian`
configuration stems Cyrillic words with the Russian stemmer and ASCII words with the
English one (and drops both languages' stop words), so "яблоня" finds "яблони" and
"pruned" finds "pruning" in the same query. Other databases use a contains-search (see
the callers).
"""

from django.conf import settings

CONFIG = "russian"


def search_vector(field: str, *, weight: str | None = None):
    from django.contrib.postgres.search import SearchVector

    return SearchVector(field, weight=weight, config=CONFIG)


def search_query(text: str):
    """What a person typed, read as a web search engine would ("quotes", -not, or)."""
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(text, search_type="websearch", config=CONFIG)


def using_full_text() -> bool:
    return settings.USING_POSTGRES
