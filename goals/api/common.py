"""What the goals API modules share: the methods of the writable viewsets and the
category field."""

from rest_framework import serializers

from ecosystem.reference.selectors import category_list

WRITABLE_METHODS = ["get", "post", "patch", "delete", "head", "options"]


def category_field():
    return serializers.SlugRelatedField(
        slug_field="slug", queryset=category_list(), allow_null=True, required=False
    )
