"""Rules every API endpoint shares, written once.

- Lists use DRF's page-number envelope {count, next, previous, results}.
- A request naming a field the endpoint does not know answers 400 naming it.
- Every error has one JSON shape: {"status", "code", "detail", "fields"?}.
"""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class DefaultPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


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


def created(data) -> Response:
    return Response(data, status=status.HTTP_201_CREATED)
