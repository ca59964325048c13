"""Records register (R-REC-1..4): list, read with copies, subjects and events, register,
edit the title/description (If-Match), add copies, subjects and subject events, and read
the retention status."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from access_control.permissions import Action
from api import selectors
from api.filters import RecordFilter
from api.scopes import Scope
from api.serializers.records import (
    CopyInputSerializer,
    RecordCopySerializer,
    RecordCreateSerializer,
    RecordDetailSerializer,
    RecordSerializer,
    RecordSubjectSerializer,
    RecordUpdateSerializer,
    SubjectEventInputSerializer,
    SubjectEventSerializer,
    SubjectInputSerializer,
)
from api.serializers.retention import RetentionStatusSerializer
from api.services import record_update
from api.views.base import ApiViewSet, if_match
from api.views.people import require_create
from core.models import AccessObject
from records.models import RecordSubject
from records.services import record_copy_add, record_create, record_subject_add, subject_event_record

READ, WRITE = (Scope.RECORDS_READ,), (Scope.RECORDS_WRITE,)


@extend_schema(tags=["records"])
class RecordViewSet(ApiViewSet):
    """Records of the register with their copies, subjects and subject events (R-REC-1..4)."""

    serializer_class = RecordSerializer
    filterset_class = RecordFilter
    required_scopes = {
        "list": READ,
        "retrieve": READ,
        "create": WRITE,
        "partial_update": WRITE,
        "retention": (Scope.RECORDS_READ, Scope.RETENTION_READ),
        "copies": WRITE,
        "subjects": WRITE,
        "events": WRITE,
    }

    def get_queryset(self):
        return selectors.record_list_for(self.request.user)

    def list(self, request):
        return self.paginated(self.get_queryset(), RecordSerializer, access_kind=AccessObject.RECORD)

    @extend_schema(responses=RecordDetailSerializer)
    def retrieve(self, request, pk=None):
        record = selectors.record_detail_for(request.user, pk)
        # R-ACC-4: the record and the people it shows (its subjects), as the web page logs them.
        self.log_access([record], AccessObject.RECORD)
        self.log_access([link.person_id for link in record.subject_links.all()], AccessObject.PERSON)
        return self.with_etag(record, RecordDetailSerializer(record).data)

    @extend_schema(request=RecordCreateSerializer, responses={201: RecordDetailSerializer})
    def create(self, request):
        require_create(request, Action.CREATE_RECORD)
        data = self.input(RecordCreateSerializer)
        record = record_create(acting_user=request.user, **RecordCreateSerializer.service_kwargs(data))
        record = selectors.record_reload(record)
        return self.with_etag(
            record, RecordDetailSerializer(record).data, status=201, headers=self.location(record)
        )

    @extend_schema(request=RecordUpdateSerializer, responses=RecordDetailSerializer)
    def partial_update(self, request, pk=None):
        record = selectors.record_for_change(request.user, pk)
        expected = if_match(request)
        changes = self.input(RecordUpdateSerializer)
        record = record_update(acting_user=request.user, record=record, changes=changes, expected=expected)
        record = selectors.record_reload(record)
        return self.with_etag(record, RecordDetailSerializer(record).data)

    @extend_schema(responses=RetentionStatusSerializer)
    @action(detail=True, methods=["get"])
    def retention(self, request, pk=None):
        record = selectors.one_or_404(selectors.records_for(request.user), pk, "record")
        self.log_access([record], AccessObject.RECORD, detail="retention status")
        return Response(RetentionStatusSerializer(selectors.retention_status(record)).data)

    @extend_schema(request=CopyInputSerializer, responses={201: RecordCopySerializer})
    @action(detail=True, methods=["post"])
    def copies(self, request, pk=None):
        """Register another copy of the record (R-REC-3: a record knows all its copies)."""
        record = selectors.record_for_change(request.user, pk)
        data = self.input(CopyInputSerializer)
        copy = record_copy_add(
            acting_user=request.user, record=record, copy=CopyInputSerializer.to_input(data)
        )
        return Response(RecordCopySerializer(copy).data, status=201)

    @extend_schema(request=SubjectInputSerializer, responses={201: RecordSubjectSerializer})
    @action(detail=True, methods=["post"])
    def subjects(self, request, pk=None):
        record = selectors.record_for_change(request.user, pk)
        data = self.input(SubjectInputSerializer)
        link = record_subject_add(
            acting_user=request.user, record=record, subject=SubjectInputSerializer.to_input(data)
        )
        link = RecordSubject.objects.select_related("person").get(pk=link.pk)
        return Response(RecordSubjectSerializer(link).data, status=201)

    @extend_schema(request=SubjectEventInputSerializer, responses={201: SubjectEventSerializer})
    @action(detail=True, methods=["post"])
    def events(self, request, pk=None):
        """Record a dated event about a person (a clear period restarts from the latest, MoPI)."""
        record = selectors.record_for_change(request.user, pk)
        data = self.input(SubjectEventInputSerializer)
        event = subject_event_record(acting_user=request.user, record=record, **data)
        return Response(SubjectEventSerializer(event).data, status=201)
