"""Retention schedules (read) and legal holds (read, place, release)."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from api import selectors
from api.filters import HoldFilter
from api.scopes import Scope
from api.serializers.retention import (
    HoldPlaceSerializer,
    HoldReleaseSerializer,
    LegalHoldSerializer,
    RetentionScheduleSerializer,
)
from api.views.base import ApiViewSet
from retention.services.holds import legal_hold_place, legal_hold_release

READ = (Scope.RETENTION_READ,)


@extend_schema(tags=["retention"])
class RetentionScheduleViewSet(ApiViewSet):
    """Schedules with the rule parts of their current version (RETENTION.md)."""

    serializer_class = RetentionScheduleSerializer
    required_scopes = {"list": READ, "retrieve": READ}

    def get_queryset(self):
        return selectors.schedule_list_for(self.request.user)

    def list(self, request):
        return self.paginated(self.get_queryset(), RetentionScheduleSerializer)

    def retrieve(self, request, pk=None):
        schedule = selectors.schedule_detail_for(request.user, pk)
        return Response(RetentionScheduleSerializer(schedule).data)


@extend_schema(tags=["legal holds"])
class LegalHoldViewSet(ApiViewSet):
    """A hold suspends disposal, transfer and anonymisation of everything in its scope."""

    serializer_class = LegalHoldSerializer
    filterset_class = HoldFilter
    required_scopes = {
        "list": READ,
        "retrieve": READ,
        "create": (Scope.HOLDS_WRITE,),
        "release": (Scope.HOLDS_WRITE,),
    }

    def get_queryset(self):
        return selectors.hold_list_for(self.request.user)

    def list(self, request):
        return self.paginated(self.get_queryset(), LegalHoldSerializer)

    def retrieve(self, request, pk=None):
        return Response(LegalHoldSerializer(selectors.hold_detail_for(request.user, pk)).data)

    @extend_schema(request=HoldPlaceSerializer, responses={201: LegalHoldSerializer})
    def create(self, request):
        data = self.input(HoldPlaceSerializer)
        hold = legal_hold_place(acting_user=request.user, organisation=request.user.organisation, **data)
        hold = selectors.hold_reload(hold)
        return Response(LegalHoldSerializer(hold).data, status=201, headers=self.location(hold))

    @extend_schema(request=HoldReleaseSerializer, responses=LegalHoldSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        hold = selectors.hold_for_release(request.user, pk)
        data = self.input(HoldReleaseSerializer)
        hold = legal_hold_release(acting_user=request.user, hold=hold, reason=data["reason"])
        return Response(LegalHoldSerializer(selectors.hold_reload(hold)).data)
