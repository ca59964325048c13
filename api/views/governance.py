"""Safeguarding concerns, confiscated devices, policies, data breaches and the processing
register (issue 8), with the rules of the browser pages: the services and selectors decide,
the scopes only gate the kind of call. Every concern or device shown is access-logged
against its pupils (R-ACC-4)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from api.scopes import Scope
from api.serializers.governance import (
    ActivityInputSerializer,
    ActivitySerializer,
    AgreementInputSerializer,
    AgreementSerializer,
    BreachDecisionInputSerializer,
    BreachInputSerializer,
    BreachSerializer,
    ConcernCloseInputSerializer,
    ConcernEntryInputSerializer,
    ConcernInputSerializer,
    ConcernSerializer,
    CustodyInputSerializer,
    DeviceInputSerializer,
    DeviceSerializer,
    PolicySerializer,
    ProcessorInputSerializer,
    ProcessorSerializer,
)
from api.views.base import ApiViewSet
from core.errors import DomainError
from governance import selectors
from governance.models import Breach, Concern, ConfiscatedDevice, Policy, ProcessingActivity, Processor
from governance.services import devices, policies, privacy, register, safeguarding
from governance.views.common import log_people

READ = (Scope.GOVERNANCE_READ,)
WRITE = (Scope.GOVERNANCE_WRITE,)


def _reads_and_writes(*writes: str) -> dict[str, tuple[str, ...]]:
    return {"list": READ, "retrieve": READ, **dict.fromkeys(writes, WRITE)}


@extend_schema(tags=["safeguarding"])
class ConcernViewSet(ApiViewSet):
    """Safeguarding concerns (R-SAF-1): the DSL team sees all, anyone else what they logged."""

    queryset = Concern.objects.none()  # for the schema; get_queryset filters for the caller
    serializer_class = ConcernSerializer
    required_scopes = _reads_and_writes("create", "entries", "close")

    def get_queryset(self):
        return selectors.concern_list(user=self.request.user).prefetch_related("entries__recorded_by")

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        for concern in page:
            log_people(
                request, concern.pupils.all(), detail=f"safeguarding concern {concern.reference}", listed=True
            )
        return self.get_paginated_response(ConcernSerializer(page, many=True).data)

    def _one(self, pk):
        concern = selectors.concern_get_for_user(user=self.request.user, pk=pk)
        log_people(self.request, concern.pupils.all(), detail=f"safeguarding concern {concern.reference}")
        return concern

    def retrieve(self, request, pk=None):
        return Response(ConcernSerializer(self._one(pk)).data)

    @extend_schema(request=ConcernInputSerializer, responses={201: ConcernSerializer})
    def create(self, request):
        data = self.input(ConcernInputSerializer)
        concern = safeguarding.concern_report(acting_user=request.user, **data)
        return Response(
            ConcernSerializer(self._one(concern.pk)).data, status=201, headers=self.location(concern)
        )

    @extend_schema(request=ConcernEntryInputSerializer, responses={201: ConcernSerializer})
    @action(detail=True, methods=["post"])
    def entries(self, request, pk=None):
        concern = self._one(pk)
        data = self.input(ConcernEntryInputSerializer)
        safeguarding.concern_entry_add(acting_user=request.user, concern=concern, **data)
        return Response(ConcernSerializer(self._one(pk)).data, status=201)

    @extend_schema(request=ConcernCloseInputSerializer, responses=ConcernSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        concern = self._one(pk)
        data = self.input(ConcernCloseInputSerializer)
        safeguarding.concern_close(acting_user=request.user, concern=concern, outcome=data["outcome"])
        return Response(ConcernSerializer(self._one(pk)).data)


@extend_schema(tags=["safeguarding"])
class DeviceViewSet(ApiViewSet):
    """The confiscated-device register and its chain of custody (R-SAF-2)."""

    queryset = ConfiscatedDevice.objects.none()  # for the schema; get_queryset filters for the caller
    serializer_class = DeviceSerializer
    required_scopes = _reads_and_writes("create", "custody")

    def get_queryset(self):
        return selectors.device_list(user=self.request.user).prefetch_related(
            "custody__actor", "custody__holder"
        )

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        for device in page:
            log_people(
                request, [device.pupil_id], detail=f"confiscated device {device.reference}", listed=True
            )
        return self.get_paginated_response(DeviceSerializer(page, many=True).data)

    def _one(self, pk):
        device = selectors.device_get_for_user(user=self.request.user, pk=pk)
        log_people(self.request, [device.pupil_id], detail=f"confiscated device {device.reference}")
        return device

    def retrieve(self, request, pk=None):
        return Response(DeviceSerializer(self._one(pk)).data)

    @extend_schema(request=DeviceInputSerializer, responses={201: DeviceSerializer})
    def create(self, request):
        data = self.input(DeviceInputSerializer)
        device = devices.device_confiscate(acting_user=request.user, **data)
        return Response(
            DeviceSerializer(self._one(device.pk)).data, status=201, headers=self.location(device)
        )

    @extend_schema(request=CustodyInputSerializer, responses={201: DeviceSerializer})
    @action(detail=True, methods=["post"])
    def custody(self, request, pk=None):
        device = self._one(pk)
        data = dict(self.input(CustodyInputSerializer))
        holder_id = data.pop("holder")
        holder = None
        if holder_id is not None:
            holder = (
                get_user_model()
                .objects.filter(pk=holder_id, organisation_id=request.user.organisation_id)
                .first()
            )
            if holder is None:
                raise DomainError(_("No such member of staff."), field="holder")
        devices.custody_record(acting_user=request.user, device=device, holder=holder, **data)
        return Response(DeviceSerializer(self._one(pk)).data, status=201)


@extend_schema(tags=["policies"])
class PolicyViewSet(ApiViewSet):
    """The policy register (R-POL-1); a person acknowledges the current version (R-ACC-2)."""

    queryset = Policy.objects.none()  # for the schema; get_queryset filters for the caller
    serializer_class = PolicySerializer
    required_scopes = _reads_and_writes("acknowledge")

    def get_queryset(self):
        return selectors.policies_for(user=self.request.user).prefetch_related("versions__approved_by")

    def list(self, request):
        return self.paginated(self.get_queryset(), PolicySerializer)

    def retrieve(self, request, pk=None):
        return Response(PolicySerializer(selectors.policy_get_for_user(user=request.user, pk=pk)).data)

    @extend_schema(request=None, responses=PolicySerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        policy = selectors.policy_get_for_user(user=request.user, pk=pk)
        policies.policy_acknowledge(acting_user=request.user, policy=policy)
        return Response(PolicySerializer(selectors.policy_get_for_user(user=request.user, pk=pk)).data)


@extend_schema(tags=["data breaches"])
class BreachViewSet(ApiViewSet):
    """Personal data breaches with the 72-hour clock of GDPR art. 33."""

    queryset = Breach.objects.none()  # for the schema; get_queryset filters for the caller
    serializer_class = BreachSerializer
    required_scopes = _reads_and_writes("create", "authority_decision")

    def get_queryset(self):
        return selectors.breach_list(user=self.request.user)

    def list(self, request):
        return self.paginated(self.get_queryset(), BreachSerializer)

    def retrieve(self, request, pk=None):
        return Response(BreachSerializer(selectors.breach_get_for_user(user=request.user, pk=pk)).data)

    @extend_schema(request=BreachInputSerializer, responses={201: BreachSerializer})
    def create(self, request):
        data = self.input(BreachInputSerializer)
        breach = privacy.breach_report(acting_user=request.user, **data)
        return Response(BreachSerializer(breach).data, status=201, headers=self.location(breach))

    @extend_schema(request=BreachDecisionInputSerializer, responses=BreachSerializer)
    @action(detail=True, methods=["post"], url_path="authority-decision")
    def authority_decision(self, request, pk=None):
        breach = selectors.breach_get_for_user(user=request.user, pk=pk)
        data = self.input(BreachDecisionInputSerializer)
        breach = privacy.breach_decide_authority(acting_user=request.user, breach=breach, **data)
        return Response(BreachSerializer(breach).data)


@extend_schema(tags=["processing register"])
class ProcessorViewSet(ApiViewSet):
    """Processors and their processing agreements (GDPR art. 28)."""

    queryset = Processor.objects.none()  # for the schema; get_queryset filters for the caller
    serializer_class = ProcessorSerializer
    required_scopes = _reads_and_writes("create", "agreements")

    def get_queryset(self):
        return selectors.processors_for(user=self.request.user)

    def list(self, request):
        return self.paginated(self.get_queryset(), ProcessorSerializer)

    def retrieve(self, request, pk=None):
        return Response(ProcessorSerializer(selectors.processor_get_for_user(user=request.user, pk=pk)).data)

    @extend_schema(request=ProcessorInputSerializer, responses={201: ProcessorSerializer})
    def create(self, request):
        data = self.input(ProcessorInputSerializer)
        processor = register.processor_create(acting_user=request.user, **data)
        return Response(ProcessorSerializer(processor).data, status=201, headers=self.location(processor))

    @extend_schema(request=AgreementInputSerializer, responses={201: AgreementSerializer})
    @action(detail=True, methods=["post"])
    def agreements(self, request, pk=None):
        processor = selectors.processor_get_for_user(user=request.user, pk=pk)
        data = self.input(AgreementInputSerializer)
        agreement = register.agreement_add(acting_user=request.user, processor=processor, **data)
        return Response(AgreementSerializer(agreement).data, status=201)


@extend_schema(tags=["processing register"])
class ProcessingActivityViewSet(ApiViewSet):
    """The record of processing activities (GDPR art. 30)."""

    queryset = ProcessingActivity.objects.none()  # for the schema; get_queryset filters for the caller
    serializer_class = ActivitySerializer
    required_scopes = _reads_and_writes("create")

    def get_queryset(self):
        return selectors.activities_for(user=self.request.user)

    def list(self, request):
        return self.paginated(self.get_queryset(), ActivitySerializer)

    def retrieve(self, request, pk=None):
        return Response(ActivitySerializer(selectors.activity_get_for_user(user=request.user, pk=pk)).data)

    @extend_schema(request=ActivityInputSerializer, responses={201: ActivitySerializer})
    def create(self, request):
        data = self.input(ActivityInputSerializer)
        activity = register.activity_create(acting_user=request.user, **data)
        return Response(ActivitySerializer(activity).data, status=201, headers=self.location(activity))
