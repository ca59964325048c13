"""Household dossiers (R-DOS-1..2): list, read with members and entries, open, edit the
name/summary (If-Match), add members and entries, close and reopen, retention status."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from access_control.permissions import Action
from api import selectors
from api.filters import DossierFilter
from api.scopes import Scope
from api.serializers.dossiers import (
    DossierCloseSerializer,
    DossierCreateSerializer,
    DossierDetailSerializer,
    DossierEntrySerializer,
    DossierMemberSerializer,
    DossierReopenSerializer,
    DossierSerializer,
    DossierUpdateSerializer,
    EntryInputSerializer,
    MemberInputSerializer,
)
from api.serializers.retention import RetentionStatusSerializer
from api.services import dossier_update
from api.views.base import ApiViewSet, if_match
from api.views.people import require_create
from core.models import AccessObject
from records.models import DossierEntry, DossierMember
from records.services import (
    dossier_close,
    dossier_create,
    dossier_entry_add,
    dossier_member_add,
    dossier_reopen,
)

READ, WRITE = (Scope.DOSSIERS_READ,), (Scope.DOSSIERS_WRITE,)


@extend_schema(tags=["dossiers"])
class DossierViewSet(ApiViewSet):
    """Household dossiers with their members and entries (R-DOS-1..2)."""

    serializer_class = DossierSerializer
    filterset_class = DossierFilter
    required_scopes = {
        "list": READ,
        "retrieve": READ,
        "create": WRITE,
        "partial_update": WRITE,
        "retention": (Scope.DOSSIERS_READ, Scope.RETENTION_READ),
        "members": WRITE,
        "entries": WRITE,
        "close": WRITE,
        "reopen": WRITE,
    }

    def get_queryset(self):
        return selectors.dossier_list_for(self.request.user)

    def list(self, request):
        return self.paginated(self.get_queryset(), DossierSerializer, access_kind=AccessObject.DOSSIER)

    def _detail(self, dossier, status=200, headers=None):
        dossier = selectors.dossier_reload(dossier)
        return self.with_etag(dossier, DossierDetailSerializer(dossier).data, status=status, headers=headers)

    @extend_schema(responses=DossierDetailSerializer)
    def retrieve(self, request, pk=None):
        dossier = selectors.dossier_detail_for(request.user, pk)
        # R-ACC-4: the dossier and its members, as the web page logs them.
        self.log_access([dossier], AccessObject.DOSSIER)
        self.log_access([member.person_id for member in dossier.members.all()], AccessObject.PERSON)
        return self.with_etag(dossier, DossierDetailSerializer(dossier).data)

    @extend_schema(request=DossierCreateSerializer, responses={201: DossierDetailSerializer})
    def create(self, request):
        require_create(request, Action.CREATE_DOSSIER)
        data = self.input(DossierCreateSerializer)
        dossier = dossier_create(acting_user=request.user, **DossierCreateSerializer.service_kwargs(data))
        return self._detail(dossier, status=201, headers=self.location(dossier))

    @extend_schema(request=DossierUpdateSerializer, responses=DossierDetailSerializer)
    def partial_update(self, request, pk=None):
        dossier = selectors.dossier_for_change(request.user, pk)
        expected = if_match(request)
        changes = self.input(DossierUpdateSerializer)
        dossier = dossier_update(
            acting_user=request.user, dossier=dossier, changes=changes, expected=expected
        )
        return self._detail(dossier)

    @extend_schema(responses=RetentionStatusSerializer)
    @action(detail=True, methods=["get"])
    def retention(self, request, pk=None):
        dossier = selectors.one_or_404(selectors.dossiers_for(request.user), pk, "dossier")
        self.log_access([dossier], AccessObject.DOSSIER, detail="retention status")
        return Response(RetentionStatusSerializer(selectors.retention_status(dossier)).data)

    @extend_schema(request=MemberInputSerializer, responses={201: DossierMemberSerializer})
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        dossier = selectors.dossier_for_change(request.user, pk)
        data = self.input(MemberInputSerializer)
        member = dossier_member_add(
            acting_user=request.user, dossier=dossier, member=MemberInputSerializer.to_input(data)
        )
        member = DossierMember.objects.select_related("person").get(pk=member.pk)
        return Response(DossierMemberSerializer(member).data, status=201)

    @extend_schema(request=EntryInputSerializer, responses={201: DossierEntrySerializer})
    @action(detail=True, methods=["post"])
    def entries(self, request, pk=None):
        """Add an entry; it says whether it is a fact or an opinion and whom it concerns (R-DOS-2)."""
        dossier = selectors.dossier_for_change(request.user, pk)
        data = self.input(EntryInputSerializer, dossier=dossier)
        entry = dossier_entry_add(acting_user=request.user, dossier=dossier, **data)
        entry = (
            DossierEntry.objects.select_related("author")
            .prefetch_related("concerns", "attachments")
            .get(pk=entry.pk)
        )
        return Response(DossierEntrySerializer(entry).data, status=201)

    @extend_schema(request=DossierCloseSerializer, responses=DossierDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close processing of the report: the WMO retention clock runs from this year (R-WMO-1)."""
        dossier = selectors.dossier_for_change(request.user, pk)
        data = self.input(DossierCloseSerializer)
        return self._detail(dossier_close(acting_user=request.user, dossier=dossier, **data))

    @extend_schema(request=DossierReopenSerializer, responses=DossierDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Reopen a closed dossier: it has no destruction date until closed again (R-WMO-5)."""
        dossier = selectors.dossier_for_change(request.user, pk)
        data = self.input(DossierReopenSerializer)
        return self._detail(dossier_reopen(acting_user=request.user, dossier=dossier, **data))
