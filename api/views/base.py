"""What every API view shares: scopes, cursor pages, problem errors, idempotent POSTs and
the ``If-Match`` precondition. Views stay thin: parse, call one selector or service, render.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import viewsets
from rest_framework.response import Response

from api.audit import audit_actor_set
from api.etag import etag_for, parse_if_match
from api.exceptions import (
    PROBLEM_CONTENT_TYPE,
    IdempotencyKeyInFlight,
    IdempotencyKeyReused,
    PreconditionRequired,
)
from api.models import ApiToken, IdempotencyRecord
from api.pagination import IdCursorPagination
from api.permissions import ScopePermission
from api.services.idempotency import (
    idempotency_claim,
    idempotency_complete,
    idempotency_release,
    idempotency_stored_body,
    request_fingerprint,
)
from core.access_log import access_log_record
from core.models import AccessKind

IDEMPOTENCY_HEADER = "Idempotency-Key"
# Why the caller reads personal data, for the access log (else core's X-Access-Purpose).
PURPOSE_HEADER = "X-Purpose"
REPLAYED_HEADER = "Idempotent-Replayed"
# Headers of a stored answer that a replay gives back as they were.
KEPT_HEADERS = ("Location", "ETag")


class _Replay(Exception):  # noqa: N818 - control flow, not an error
    def __init__(self, record: IdempotencyRecord):
        self.record = record


class IdempotentPostMixin:
    """A POST with an ``Idempotency-Key`` runs once; retries get the first answer back."""

    _idempotency_record: IdempotencyRecord | None = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        key = request.headers.get(IDEMPOTENCY_HEADER)
        if request.method == "POST" and key is not None:
            self._idempotency_begin(request, key)

    def _idempotency_begin(self, request, key: str) -> None:
        fingerprint = request_fingerprint(
            method=request.method, path=request.get_full_path(), data=request.data
        )
        client = request.auth.client if isinstance(request.auth, ApiToken) else None
        claim = idempotency_claim(
            user=request.user,
            client=client,
            key=key,
            method=request.method,
            path=request.get_full_path(),
            fingerprint=fingerprint,
        )
        if claim.record is not None:
            self._idempotency_record = claim.record
            return
        stored = claim.stored
        if stored is not None and stored.request_hash != fingerprint:
            raise IdempotencyKeyReused()
        if stored is None or stored.response_status is None:
            raise IdempotencyKeyInFlight()
        raise _Replay(stored)

    def handle_exception(self, exc):
        if isinstance(exc, _Replay):
            stored = exc.record
            response = Response(idempotency_stored_body(stored), status=stored.response_status)
            for name, value in stored.response_headers.items():
                if name == "Content-Type":
                    response.content_type = value
                else:
                    response[name] = value
            response[REPLAYED_HEADER] = "true"
            return response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        record, self._idempotency_record = self._idempotency_record, None
        if record is not None:
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            if response.content_type:
                headers["Content-Type"] = response.content_type
            idempotency_complete(
                record=record,
                status=response.status_code,
                body=getattr(response, "data", None),
                headers=headers,
            )
        return response

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            # An unexpected fault escaped before an answer was stored: free the key for a retry.
            if self._idempotency_record is not None:
                idempotency_release(record=self._idempotency_record)
                self._idempotency_record = None


class AuditedMixin:
    """Every call is audited and its reads access-logged (R-ACC-4).

    A token client is authenticated by DRF inside the view, after auditlog's middleware
    looked for a user: the client's service user becomes the auditlog actor here, so the
    field diffs of its writes name it as the domain events do. Reads note what they showed
    with ``log_access``; the access-log middleware writes them in one INSERT per request
    (channel ``api``), with the purpose from the ``X-Purpose`` header when sent.
    """

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        audit_actor_set(request.user)

    def log_access(self, objects, kind: str, *, access: str = AccessKind.OPENED, detail: str = "") -> None:
        header = self.request.headers.get(PURPOSE_HEADER)
        access_log_record(self.request, objects, kind, access=access, detail=detail, purpose=header)

    def log_listed(self, objects, kind: str, *, detail: str = "") -> None:
        self.log_access(objects, kind, access=AccessKind.LISTED, detail=detail)


class ApiViewSet(AuditedMixin, IdempotentPostMixin, viewsets.GenericViewSet):
    """Base of the API's resources (every subclass documents itself)."""

    permission_classes = [ScopePermission]
    pagination_class = IdCursorPagination
    # action -> scopes a token client must hold (api.permissions); unlisted actions are refused.
    required_scopes: dict[str, tuple[str, ...]] = {}

    def paginated(self, queryset, serializer_class, *, access_kind: str | None = None, detail: str = ""):
        """One page of ``queryset``; with ``access_kind`` its rows are access-logged as listed."""
        page = self.paginate_queryset(self.filter_queryset(queryset))
        if access_kind is not None:
            self.log_listed(page, access_kind, detail=detail)
        return self.get_paginated_response(
            serializer_class(page, many=True, context=self.get_serializer_context()).data
        )

    def input(self, serializer_class, **context):
        """The request body validated by ``serializer_class`` (400 with field errors if not)."""
        serializer = serializer_class(
            data=self.request.data, context={**self.get_serializer_context(), **context}
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def location(self, obj) -> dict[str, str]:
        return {"Location": self.reverse_action("detail", args=[obj.pk])}

    def with_etag(self, obj, data, status=200, headers=None) -> Response:
        response = Response(data, status=status, headers=headers)
        response["ETag"] = etag_for(obj)
        return response


def if_match(request) -> frozenset[str]:
    """The tags of ``If-Match``; a change without one is refused (428)."""
    header = request.headers.get("If-Match", "")
    tags = parse_if_match(header)
    if not tags:
        raise PreconditionRequired()
    return tags


@csrf_exempt  # it only ever answers 404; a CSRF refusal would be an HTML page instead
def unknown_api_path(request, *args, **kwargs):
    """404 as a problem document for any /api/ path no endpoint serves."""
    body = {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": _("There is no API endpoint at this address."),
        "instance": request.path,
    }
    if getattr(request, "request_id", ""):
        body["request_id"] = request.request_id
    return JsonResponse(body, status=404, content_type=PROBLEM_CONTENT_TYPE)
