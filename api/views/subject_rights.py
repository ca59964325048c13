"""Data-subject requests (R-DSR-1..14): log, read, list, and move through the workflow.

Every move is a POST action calling its subject_rights service, which decides who may make
it (an API client may log a request; handling it is for caseworkers, team leaders and the
DPO: their browser session reaches these actions too) and refuses a move the workflow does
not allow (400 naming the field). ``If-Match`` is optional on the actions: when sent, a
request changed since it was read is refused (412).
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action

from api import selectors_subject_rights as selectors
from api.etag import parse_if_match, require_match
from api.filters import SubjectRequestFilter
from api.scopes import Scope
from api.serializers.subject_rights import (
    DecideSerializer,
    ExtendSerializer,
    PauseSerializer,
    ResumeSerializer,
    SubjectRequestCreateSerializer,
    SubjectRequestDetailSerializer,
    SubjectRequestSerializer,
    TransitionSerializer,
    VerifyIdentitySerializer,
)
from api.views.base import ApiViewSet
from core.models import AccessObject
from subject_rights.services import (
    subject_request_create,
    subject_request_decide,
    subject_request_extend,
    subject_request_identity_verify,
    subject_request_pause,
    subject_request_resume,
    subject_request_transition,
)

READ, WRITE = (Scope.DSR_READ,), (Scope.DSR_WRITE,)
OPTIONAL_IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Optional: the ETag you read; if the request changed since, 412.",
)


def _detail_tag(request) -> str:
    return f"subject_request:{request.pk}"


@extend_schema(tags=["subject requests"])
class SubjectRequestViewSet(ApiViewSet):
    """Requests of data subjects (access, copy, correction, destruction, erasure, ...)."""

    serializer_class = SubjectRequestSerializer
    filterset_class = SubjectRequestFilter
    required_scopes = {
        "list": READ,
        "retrieve": READ,
        "create": WRITE,
        "transition": WRITE,
        "verify_identity": WRITE,
        "pause": WRITE,
        "resume": WRITE,
        "extend": WRITE,
        "decide": WRITE,
    }

    def get_queryset(self):
        return selectors.subject_request_list_for(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        # R-ACC-4: a request shows personal data of its subject; logged under that person.
        for subject_request in page:
            self.log_listed(
                [subject_request.subject_id], AccessObject.PERSON, detail=_detail_tag(subject_request)
            )
        return self.get_paginated_response(SubjectRequestSerializer(page, many=True).data)

    def _answer(self, subject_request, status=200, headers=None):
        subject_request = selectors.subject_request_reload(subject_request)
        self.log_access(
            [subject_request.subject_id], AccessObject.PERSON, detail=_detail_tag(subject_request)
        )
        return self.with_etag(
            subject_request,
            SubjectRequestDetailSerializer(subject_request).data,
            status=status,
            headers=headers,
        )

    @extend_schema(responses=SubjectRequestDetailSerializer)
    def retrieve(self, request, pk=None):
        return self._answer(selectors.subject_request_detail_for(request.user, pk))

    @extend_schema(request=SubjectRequestCreateSerializer, responses={201: SubjectRequestDetailSerializer})
    def create(self, request):
        """Log a request. One the requester may not make for the subject (capacity on the day of
        receipt, R-DSR-7/12) is refused with 400 and the reason under ``requester_role``."""
        data = self.input(SubjectRequestCreateSerializer)
        created = subject_request_create(acting_user=request.user, **data)
        return self._answer(created, status=201, headers=self.location(created))

    def _target(self, pk):
        subject_request = selectors.subject_request_for_action(self.request.user, pk)
        tags = parse_if_match(self.request.headers.get("If-Match", ""))
        if tags:
            require_match(subject_request, tags)
        return subject_request

    @extend_schema(
        request=TransitionSerializer, responses=SubjectRequestDetailSerializer, parameters=[OPTIONAL_IF_MATCH]
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Ask for identity evidence (awaiting_identity), mark fulfilled, or close."""
        target = self._target(pk)
        data = self.input(TransitionSerializer)
        moved = subject_request_transition(
            acting_user=request.user, request=target, new_status=data["status"], reason=data["reason"]
        )
        return self._answer(moved)

    @extend_schema(
        request=VerifyIdentitySerializer,
        responses=SubjectRequestDetailSerializer,
        parameters=[OPTIONAL_IF_MATCH],
    )
    @action(detail=True, methods=["post"], url_path="verify-identity")
    def verify_identity(self, request, pk=None):
        """Record how the requester's identity was verified (R-DSR-9); work starts."""
        target = self._target(pk)
        data = self.input(VerifyIdentitySerializer)
        return self._answer(subject_request_identity_verify(acting_user=request.user, request=target, **data))

    @extend_schema(
        request=PauseSerializer, responses=SubjectRequestDetailSerializer, parameters=[OPTIONAL_IF_MATCH]
    )
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        """Stop the clock while the requester clarifies (R-DSR-11)."""
        target = self._target(pk)
        data = self.input(PauseSerializer)
        return self._answer(subject_request_pause(acting_user=request.user, request=target, **data))

    @extend_schema(
        request=ResumeSerializer, responses=SubjectRequestDetailSerializer, parameters=[OPTIONAL_IF_MATCH]
    )
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        """Restart the clock; the paused days are added to the deadline (R-DSR-11)."""
        target = self._target(pk)
        data = self.input(ResumeSerializer)
        return self._answer(subject_request_resume(acting_user=request.user, request=target, **data))

    @extend_schema(
        request=ExtendSerializer, responses=SubjectRequestDetailSerializer, parameters=[OPTIONAL_IF_MATCH]
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        """Extend the deadline of a complex request, with reasons told to the requester (R-DSR-11)."""
        target = self._target(pk)
        data = self.input(ExtendSerializer)
        return self._answer(subject_request_extend(acting_user=request.user, request=target, **data))

    @extend_schema(
        request=DecideSerializer, responses=SubjectRequestDetailSerializer, parameters=[OPTIONAL_IF_MATCH]
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Grant, partly grant or refuse, with reasons (R-DSR-2..8, R-DSR-13)."""
        target = self._target(pk)
        data = self.input(DecideSerializer)
        return self._answer(subject_request_decide(acting_user=request.user, request=target, **data))
