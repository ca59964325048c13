"""/api/v1/: one router; ids are digits (anything else is an unknown path, 404)."""

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from api.views.audit import AccessLogViewSet
from api.views.base import unknown_api_path
from api.views.consent import ConsentViewSet
from api.views.disposal import DestructionCertificateViewSet, DisposalBatchViewSet, ReviewViewSet
from api.views.dossiers import DossierViewSet
from api.views.governance import (
    BreachViewSet,
    ConcernViewSet,
    DeviceViewSet,
    PolicyViewSet,
    ProcessingActivityViewSet,
    ProcessorViewSet,
)
from api.views.people import PersonViewSet
from api.views.records import RecordViewSet
from api.views.retention import LegalHoldViewSet, RetentionScheduleViewSet
from api.views.subject_rights import SubjectRequestViewSet
from api.views.webhooks import WebhookSubscriptionViewSet

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
router.register("subject-requests", SubjectRequestViewSet, basename="subject-request")
router.register("consents", ConsentViewSet, basename="consent")
router.register("reviews", ReviewViewSet, basename="review")
router.register("disposal-batches", DisposalBatchViewSet, basename="disposal-batch")
router.register("destruction-certificates", DestructionCertificateViewSet, basename="destruction-certificate")
router.register("access-log", AccessLogViewSet, basename="access-log")
router.register("webhooks", WebhookSubscriptionViewSet, basename="webhook")
router.register("safeguarding-concerns", ConcernViewSet, basename="safeguarding-concern")
router.register("confiscated-devices", DeviceViewSet, basename="confiscated-device")
router.register("policies", PolicyViewSet, basename="policy")
router.register("data-breaches", BreachViewSet, basename="data-breach")
router.register("processors", ProcessorViewSet, basename="processor")
router.register("processing-activities", ProcessingActivityViewSet, basename="processing-activity")

urlpatterns = [
    *router.urls,
    # [\s\S]: any character, newlines included (a path may carry an encoded one).
    re_path(r"^[\s\S]*$", unknown_api_path),
]
