"""OpenAPI details drf-spectacular cannot infer: the Bearer scheme, the problem-details
error bodies, the ``Idempotency-Key``, ``If-Match`` and ``ETag`` headers."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

PROBLEM_MEDIA_TYPE = "application/problem+json"


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API client token: `Authorization: Bearer <token>`.",
        }


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField(help_text="A URI naming the kind of problem; about:blank for plain HTTP.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(required=False, help_text="The path of the request.")
    request_id = serializers.CharField(required=False)
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Input errors by field; nested fields as dotted paths (members.0.role).",
    )


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description=_(
        "Optional. A retry with the same key and body returns the first answer instead of "
        "writing twice; the same key with another body is refused (422)."
    ),
)
ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description=_("The item's version; send it back in If-Match to change the item."),
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description=_("The ETag you read. Missing: 428; no longer current: 412."),
)
PURPOSE = OpenApiParameter(
    "X-Purpose",
    str,
    OpenApiParameter.HEADER,
    description=_(
        "Optional. Why you read this personal data; stored with the access-log entries of the call (R-ACC-4)."
    ),
)
ERROR_STATUSES = {
    "GET": ("401", "403", "404", "429"),
    "POST": ("400", "401", "403", "404", "409", "422", "429"),
    "PATCH": ("400", "401", "403", "404", "412", "428", "429"),
    "DELETE": ("401", "403", "404", "429"),
}
# GET actions with query parameters (a question, filters, a cursor): 400 when malformed.
QUERY_ACTIONS = frozenset({"check", "deliveries"})
# The workflow actions of a subject request: they answer with its new version (ETag) and
# refuse a stale optional If-Match (412).
SUBJECT_REQUEST_ACTIONS = ("transition", "verify_identity", "pause", "resume", "extend", "decide")


class ApiAutoSchema(AutoSchema):
    def _is_api(self) -> bool:
        return self.path.startswith("/api/v1/")

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self._is_api() and self.method == "GET":
            parameters.append(PURPOSE)
        if self._is_api() and self.method == "POST":
            parameters.append(IDEMPOTENCY_KEY)
        if self._is_api() and self.method == "PATCH":
            parameters.append(IF_MATCH)
        if self._is_api() and self.method in ("PATCH", "POST", "GET") and self._returns_etag():
            parameters.append(ETAG)
        return parameters

    def _returns_etag(self) -> bool:
        # Single items of records, dossiers and people carry their version.
        action = getattr(self.view, "action", None)
        if "/subject-requests/" in self.path:
            return action in ("retrieve", "create", *SUBJECT_REQUEST_ACTIONS)
        if "/webhooks/" in self.path:
            return action in ("retrieve", "create", "partial_update", "rotate_secret")
        kinds = ("/records/", "/dossiers/", "/people/")
        if not any(kind in self.path for kind in kinds):
            return False
        return action in ("retrieve", "create", "partial_update", "close", "reopen")

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        if not self._is_api():
            return bodies
        statuses = ERROR_STATUSES.get(self.method, ("401", "403", "429"))
        if self.method == "GET" and getattr(self.view, "action", None) in QUERY_ACTIONS:
            statuses = ("400", *statuses)  # an item's id to miss, and malformed parameters
        elif self.method == "GET" and self._is_list_view():
            statuses = ("400", "401", "403", "429")  # a list has no id to miss, but bad filters
        if self.method == "POST" and getattr(self.view, "action", None) in SUBJECT_REQUEST_ACTIONS:
            statuses = (*statuses, "412")
        for code in statuses:
            bodies.setdefault(
                code, self._get_response_for_code(ProblemSerializer, code, [PROBLEM_MEDIA_TYPE])
            )
        return bodies
