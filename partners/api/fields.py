"""Small pieces every partners endpoint shares."""

from rest_framework import serializers

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"


def slugs(queryset=None, **kwargs):
    """Related rows as a list of slugs: read-only, or chosen from `queryset`."""
    if queryset is None:
        return serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    return serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=queryset, required=False, **kwargs
    )


def filters(query_params) -> dict:
    """Query parameters as a plain dict; an empty value means "no filter"."""
    return {name: value for name, value in query_params.items() if value != ""}


def names_in(data) -> set[str]:
    """The field names a request body carries, read before any of it is validated (so a
    refusal can answer 403 before a 400 about the values)."""
    return set(data) if hasattr(data, "keys") else set()
