"""Rules every API endpoint shares, written once.

- Lists use DRF's page-number envelope {count, next, previous, results}.
- A request naming a field the endpoint does not know answers 400 naming it.
- Every error has one JSON shape: {"status", "code", "detail", "fields"?}.
"""

from collections.abc import Mapping

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class DefaultPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


# The largest id a row can have (a 64-bit primary key); a filter naming a larger one
# would make the database driver raise instead of matching nothing.
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    """Filter by a row's id: a whole number in the ids' range, else 400 naming it."""

    field_class = IdField


class StrictFieldsMixin:
    """Refuse unknown fields instead of silently ignoring them (DRF's default).

    A client that misspells `target_date` as `targetdate` would otherwise get a 201 and a
    goal without the date it meant to set.
    """

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


@extend_schema_field(
    {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$", "example": "08:00"}
)
class ClockTimeField(serializers.TimeField):
    """A time of day as the person's clock shows it, "HH:MM" (OpenAPI's `time` format
    would promise seconds and an offset)."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


@extend_schema_field({"anyOf": [{"type": "string", "format": "uri"}, {"enum": [""]}]})
class OptionalURLField(serializers.URLField):
    """A link, or "" when there is none."""


@extend_schema_field({"anyOf": [{"type": "string", "format": "email"}, {"enum": [""]}]})
class OptionalEmailField(serializers.EmailField):
    """An address, or "" when there is none (a partner organisation is invited by name)."""


class StrictSerializer(StrictFieldsMixin, serializers.Serializer):
    pass


class StrictModelSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    pass


def _error_code(exc) -> str:
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    if isinstance(codes, str):
        return codes
    return "invalid"


def exception_handler(exc, context):
    """DRF's handler, reshaped into the one error shape every endpoint answers with."""
    if isinstance(exc, DjangoValidationError):
        # Services validate with Django's ValidationError; the API answers 400 naming fields.
        if hasattr(exc, "error_dict"):
            detail = {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()
            }
        else:
            detail = {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied) and hasattr(exc, "retry_after"):
        # A limit that waiting lifts: 429 with Retry-After (community newcomer limits).
        exc = exceptions.Throttled(wait=exc.retry_after, detail=str(exc))
    elif isinstance(exc, PermissionDenied):
        # Services explain refusals ("Join this community to post in it."): keep the reason.
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    body = {"status": response.status_code, "code": _error_code(exc)}
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        body["detail"] = str(_("Invalid input."))
        if isinstance(data, Mapping):
            fields = dict(data)
            non_field = fields.pop("non_field_errors", None)
            if non_field:
                body["detail"] = " ".join(str(message) for message in non_field)
            body["fields"] = fields
        elif isinstance(data, list):
            body["detail"] = " ".join(str(message) for message in data)
    else:
        body["detail"] = str(data.get("detail", "")) if isinstance(data, Mapping) else str(data)
    response.data = body
    return response


API_PREFIX = "/api/"


def error_answer(status_code: int, code: str, detail: str) -> JsonResponse:
    """The one error shape, for answers given before DRF is reached (a path no API
    pattern matches, a NUL byte refused by middleware)."""
    body = {"status": status_code, "code": code, "detail": detail}
    return JsonResponse(body, status=status_code)


def created(data) -> Response:
    return Response(data, status=status.HTTP_201_CREATED)


ERROR_SCHEMA = {
    "type": "object",
    "description": "The one shape of every error answer.",
    "properties": {
        "status": {"type": "integer", "description": "The HTTP status, repeated."},
        "code": {"type": "string", "description": "A stable code: not_found, invalid, ..."},
        "detail": {"type": "string", "description": "What went wrong, in words."},
        "fields": {
            "type": "object",
            "description": "Input errors by field name (400 only).",
            "additionalProperties": {},
        },
    },
    "required": ["status", "code", "detail"],
}
ERROR_ANSWERS = {
    "400": "Bad input: `fields` names each field and what is wrong with it.",
    "401": "Not signed in (no token or session, or a token that is not valid).",
    "403": "Signed in, but this person may not do this: `detail` says why.",
    "404": "No such object, or one this person may not see.",
    "429": "Too many requests, or too many failed sign-ins: try again after Retry-After.",
}


def document_error_answers(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents the error answers
    every endpoint may give (in the one error shape), declared here once rather than
    per view. An answer a view documents itself is kept."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_ANSWERS.items():
                responses.setdefault(code, {"content": error, "description": description})
            if "429" in responses:
                responses["429"].setdefault(
                    "headers",
                    {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds."}},
                )
    return result
