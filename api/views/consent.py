"""The consent register (R-CON-1..6): record with signatories, withdraw, read, list, and
ask whether data may be shared with a recipient for a purpose."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from api import selectors_subject_rights as selectors
from api.filters import ConsentFilter
from api.scopes import Scope
from api.serializers.consent import (
    ConsentCreateSerializer,
    ConsentSerializer,
    ConsentWithdrawSerializer,
    SharingAnswerSerializer,
    SharingQuestionSerializer,
)
from api.views.base import ApiViewSet
from core.models import AccessObject
from subject_rights.models import ConsentDirection
from subject_rights.selectors import may_obtain, may_share
from subject_rights.services import consent_record, consent_withdraw

READ, WRITE = (Scope.CONSENT_READ,), (Scope.CONSENT_WRITE,)
CHECK_PARAMETERS = [
    OpenApiParameter("subject", int, required=True, description="Person id."),
    OpenApiParameter("data", str, required=True),
    OpenApiParameter("recipient", str, required=True, description="To (for obtain: from) whom."),
    OpenApiParameter("purpose", str, required=True),
    OpenApiParameter("on", str, description="YYYY-MM-DD; today if omitted."),
    OpenApiParameter(
        "direction", str, enum=ConsentDirection.values, description="share (default) or obtain."
    ),
]


def _tag(consent) -> str:
    return f"consent:{consent.pk}"


@extend_schema(tags=["consent"])
class ConsentViewSet(ApiViewSet):
    """Specific consents (which data, purpose, to or from whom, why) and who gave them."""

    serializer_class = ConsentSerializer
    filterset_class = ConsentFilter
    required_scopes = {
        "list": READ,
        "retrieve": READ,
        "check": READ,
        "create": WRITE,
        "withdraw": WRITE,
    }

    def get_queryset(self):
        return selectors.consent_list_for(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        for consent in page:  # R-ACC-4: a consent is personal data of its subject
            self.log_listed([consent.subject_id], AccessObject.PERSON, detail=_tag(consent))
        return self.get_paginated_response(ConsentSerializer(page, many=True).data)

    def _answer(self, consent, status=200, headers=None):
        self.log_access([consent.subject_id], AccessObject.PERSON, detail=_tag(consent))
        return Response(ConsentSerializer(consent).data, status=status, headers=headers)

    def retrieve(self, request, pk=None):
        return self._answer(selectors.consent_detail_for(request.user, pk))

    @extend_schema(request=ConsentCreateSerializer, responses={201: ConsentSerializer})
    def create(self, request):
        """Record a consent. A blanket one (R-CON-1), one signed by the wrong people (R-CON-2/3),
        an oral one that must be written (R-CON-4/5) or one with a BSN for the school
        partnership (R-CON-6) is refused with 400 naming the field."""
        data = self.input(ConsentCreateSerializer)
        consent = consent_record(acting_user=request.user, **ConsentCreateSerializer.service_kwargs(data))
        consent = selectors.consent_reload(consent)
        return self._answer(consent, status=201, headers=self.location(consent))

    @extend_schema(request=ConsentWithdrawSerializer, responses=ConsentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw a consent: from today it covers nothing."""
        consent = selectors.consent_for_change(request.user, pk)
        data = self.input(ConsentWithdrawSerializer, consent=consent)
        consent = consent_withdraw(acting_user=request.user, consent=consent, **data)
        return self._answer(selectors.consent_reload(consent))

    @extend_schema(parameters=CHECK_PARAMETERS, responses=SharingAnswerSerializer)
    @action(detail=False, methods=["get"])
    def check(self, request):
        """May this data about the subject be shared with this recipient for this purpose on
        this day? Yes or no, with the consent that decides it (R-CON-1: consent is specific)."""
        if not selectors.consent_reader(request.user):
            raise PermissionDenied()
        question = SharingQuestionSerializer(
            data=request.query_params.dict(), context=self.get_serializer_context()
        )
        if not question.is_valid():
            raise ValidationError(question.errors)
        data = question.validated_data
        subject = data["subject"]
        on = data["on"] or timezone.localdate()
        ask = may_share if data["direction"] == ConsentDirection.SHARE else may_obtain
        counterparty = {"recipient" if ask is may_share else "source": data["recipient"]}
        answer = ask(subject=subject, data=data["data"], purpose=data["purpose"], on=on, **counterparty)
        consent = selectors.consent_shown(request.user, answer.consent)
        self.log_access(
            [subject.pk], AccessObject.PERSON, detail=_tag(consent) if consent else "consent check"
        )
        return Response(
            SharingAnswerSerializer(
                {"allowed": answer.allowed, "reason": answer.reason, "consent": consent}
            ).data
        )
