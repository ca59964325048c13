"""The access log for the DPO (R-ACC-4): who looked at an item, what a user looked at."""

from drf_spectacular.utils import extend_schema

from api import selectors_disposal as selectors
from api.filters import AccessLogFilter
from api.scopes import Scope
from api.serializers.disposal import AccessLogEntrySerializer
from api.views.base import ApiViewSet
from core.models import AccessLogEntry


@extend_schema(tags=["access log"])
class AccessLogViewSet(ApiViewSet):
    """Reads of personal data in the organisation. Filter by ``object_kind`` and ``object_id``
    (who looked at this dossier?) or by ``user`` (what did this user look at?), and by date."""

    queryset = AccessLogEntry.objects.none()  # for the schema generator only; get_queryset decides
    serializer_class = AccessLogEntrySerializer
    filterset_class = AccessLogFilter
    required_scopes = {"list": (Scope.AUDIT_READ,)}

    def get_queryset(self):
        return selectors.access_log_for(self.request.user)

    def list(self, request):
        return self.paginated(self.get_queryset(), AccessLogEntrySerializer)
