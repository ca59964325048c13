"""/api/v1/: one router; ids are digits (anything else is an unknown path, 404)."""

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from api.views.base import unknown_api_path
from api.views.dossiers import DossierViewSet
from api.views.people import PersonViewSet
from api.views.records import RecordViewSet
from api.views.retention import LegalHoldViewSet, RetentionScheduleViewSet

app_name = "api"


class Router(SimpleRouter):
    def get_lookup_regex(self, viewset, lookup_prefix=""):
        return rf"(?P<{lookup_prefix}pk>[0-9]+)"


router = Router()
router.register("people", PersonViewSet, basename="person")
router.register("records", RecordViewSet, basename="record")
router.register("dossiers", DossierViewSet, basename="dossier")
router.register("retention-schedules", RetentionScheduleViewSet, basename="retention-schedule")
router.register("holds", LegalHoldViewSet, basename="hold")

urlpatterns = [
    *router.urls,
    # [\s\S]: any character, newlines included (a path may carry an encoded one).
    re_path(r"^[\s\S]*$", unknown_api_path),
]
