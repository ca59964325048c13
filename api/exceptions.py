"""Errors as RFC 9457 problem details (``application/problem+json``).

Every error body has ``type``, ``title``, ``status`` and ``detail``; input errors add
``errors``: ``{"field": ["message", ...]}``, with nested fields as dotted paths
(``members.0.role``). A domain rule refused by a service (core.errors.DomainError) is a
400 naming its field; NotAllowed is a 403; a stale ``If-Match`` a 412.
"""

from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from api.etag import StaleVersion
from core.errors import DomainError, NotAllowed

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "urn:retentie:problem:"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = gettext_lazy("Send the ETag you read in an If-Match header to change this item.")
    default_code = "precondition_required"


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = gettext_lazy("This Idempotency-Key was already used for a different request.")
    default_code = "idempotency_key_reused"


class IdempotencyKeyInFlight(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("A request with this Idempotency-Key is still being processed.")
    default_code = "idempotency_key_in_flight"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("The request conflicts with data that already exists.")
    default_code = "conflict"


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure as ``{"dotted.path": [messages]}``."""
    key = prefix or api_settings.NON_FIELD_ERRORS_KEY
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for name, value in detail.items():
            name = str(name)
            path = (
                f"{prefix}.{name}"
                if prefix and name != api_settings.NON_FIELD_ERRORS_KEY
                else (prefix or name)
            )
            for field, messages in flatten_errors(value, path).items():
                flat.setdefault(field, []).extend(messages)
        return flat
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {key: [str(item) for item in detail]}
        flat = {}
        for index, item in enumerate(detail):
            if item:
                path = f"{prefix}.{index}" if prefix else str(index)
                for field, messages in flatten_errors(item, path).items():
                    flat.setdefault(field, []).extend(messages)
        return flat
    return {key: [str(detail)]}


def _domain_error_as_api(error: DomainError) -> exceptions.APIException:
    if isinstance(error, NotAllowed):
        return exceptions.PermissionDenied(error.message)
    if isinstance(error, StaleVersion):
        failed = exceptions.APIException(error.message, code=error.code)
        failed.status_code = status.HTTP_412_PRECONDITION_FAILED
        return failed
    field = error.field or api_settings.NON_FIELD_ERRORS_KEY
    return exceptions.ValidationError({field: [exceptions.ErrorDetail(error.message, code=error.code)]})


def _as_api_exception(exc):
    if isinstance(exc, DomainError):
        return _domain_error_as_api(exc)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, IntegrityError):
        # Two writers raced past a service's uniqueness check; the database kept one.
        return Conflict()
    return exc


def _problem_type(exc: exceptions.APIException, code: str) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return f"{PROBLEM_BASE}validation"
    if code in {"precondition_failed", "precondition_required", "conflict"} or code.startswith("idempotency"):
        return f"{PROBLEM_BASE}{code.replace('_', '-')}"
    # Plain HTTP semantics (401, 403, 404, 405, 415, 429): nothing beyond the status.
    return "about:blank"


def _title(exc: exceptions.APIException, status_code: int) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return _("Your request is not valid.")
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return _("Error")


def problem_exception_handler(exc, context):
    exc = _as_api_exception(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None  # a real fault: let it be a 500 and reach the error log
    body = {"type": "", "title": "", "status": response.status_code, "detail": ""}
    if isinstance(exc, exceptions.ValidationError):
        body["detail"] = _("Check the errors listed for each field.")
        body["errors"] = flatten_errors(exc.detail)
        code = "invalid"
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        body["detail"] = str(detail)
        code = getattr(detail, "code", "") or getattr(exc, "default_code", "")
    body["type"] = _problem_type(exc, str(code))
    body["title"] = _title(exc, response.status_code)
    request = context.get("request")
    if request is not None:
        body["instance"] = request.path
        request_id = getattr(request, "request_id", "")
        if request_id:
            body["request_id"] = request_id
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response
