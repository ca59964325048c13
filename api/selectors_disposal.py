"""API reads of reviews, disposal batches, destruction certificates and the access log.

A token client reads its organisation's reviews, batches and certificates with
``retention:read`` and its access log with ``audit:read``; a person signed in to the
browser sees what the retention selectors (their area) and the access-log rules (the DPO
and auditors) show them. Nothing here changes anything: approving stays in the browser,
behind the second factor.
"""

from django.db.models import Prefetch, QuerySet

from api.scopes import Scope
from api.selectors import _client_scope, one_or_404
from core.access_log import access_log_require_reader
from core.models import AccessLogEntry
from retention import selectors as retention_selectors
from retention.models import (
    BatchApproval,
    BatchStatusChange,
    DestructionCertificate,
    DisposalBatch,
    DisposalItem,
    Review,
)


def _organisation_or(user, model, scope: str, fallback) -> QuerySet:
    is_client, allowed = _client_scope(user, scope)
    if not is_client:
        return fallback()
    if not allowed:
        return model.objects.none()
    return model.objects.filter(organisation_id=user.organisation_id)


def reviews_for(user) -> QuerySet[Review]:
    return _organisation_or(
        user, Review, Scope.RETENTION_READ, lambda: retention_selectors.reviews_visible_to(user)
    ).select_related("record", "dossier", "decided_by")


def review_detail_for(user, pk) -> Review:
    return one_or_404(reviews_for(user), pk, "review")


def batches_for(user) -> QuerySet[DisposalBatch]:
    return _organisation_or(
        user, DisposalBatch, Scope.RETENTION_READ, lambda: retention_selectors.batches_visible_to(user)
    ).select_related("schedule", "built_by", "certificate")


def batch_detail_for(user, pk) -> DisposalBatch:
    batches = batches_for(user).prefetch_related(
        Prefetch("items", queryset=DisposalItem.objects.order_by("id")),
        Prefetch("approvals", queryset=BatchApproval.objects.select_related("approver").order_by("stage")),
        Prefetch(
            "status_changes",
            queryset=BatchStatusChange.objects.select_related("changed_by").order_by("changed_at", "id"),
        ),
    )
    return one_or_404(batches, pk, "disposal batch")


def certificates_for(user) -> QuerySet[DestructionCertificate]:
    def for_person():
        if not retention_selectors.user_sees_area(user, retention_selectors.BATCHES):
            return DestructionCertificate.objects.none()
        return DestructionCertificate.objects.filter(organisation_id=user.organisation_id)

    return _organisation_or(user, DestructionCertificate, Scope.RETENTION_READ, for_person).select_related(
        "batch"
    )


def certificate_detail_for(user, pk) -> DestructionCertificate:
    return one_or_404(certificates_for(user), pk, "certificate")


def access_log_for(user) -> QuerySet[AccessLogEntry]:
    """The organisation's access log: a client with audit:read, the DPO or an auditor;
    anyone else is refused (403), as on the web page."""
    is_client, allowed = _client_scope(user, Scope.AUDIT_READ)
    if not is_client:
        access_log_require_reader(user)  # the web page's rule, so both answer alike
    elif not allowed:
        return AccessLogEntry.objects.none()
    return AccessLogEntry.objects.filter(organisation_id=user.organisation_id).select_related("user")
