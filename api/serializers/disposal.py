"""Reviews, disposal batches and destruction certificates (read only), and the access log."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import AccessLogEntry
from retention.models import (
    BatchApproval,
    BatchStatusChange,
    DestructionCertificate,
    DisposalBatch,
    DisposalItem,
    Review,
)


def _username(**kwargs):
    return serializers.SlugRelatedField(slug_field="username", read_only=True, **kwargs)


class ReviewSerializer(serializers.ModelSerializer):
    """A periodic review of a record or dossier and its documented decision (R-REC-5, R-REC-7)."""

    item_reference = serializers.SerializerMethodField()
    decided_by = _username(allow_null=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "status",
            "reason",
            "due_on",
            "record",
            "dossier",
            "item_reference",
            "schedule_version",
            "explanation",
            "decision",
            "justification",
            "next_review_on",
            "decided_by",
            "decided_at",
            "opened_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField)
    def get_item_reference(self, review) -> str:
        item = review.record or review.dossier
        return item.reference if item is not None else ""


class DisposalItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = DisposalItem
        fields = ["id", "item_kind", "reference", "record", "dossier", "due_on", "status", "processed_at"]


class BatchApprovalSerializer(serializers.ModelSerializer):
    approver = _username()
    stage = serializers.IntegerField(read_only=True, min_value=0)

    class Meta:
        model = BatchApproval
        fields = ["stage", "approver", "approved_at"]


class BatchStatusChangeSerializer(serializers.ModelSerializer):
    changed_by = _username(allow_null=True)

    class Meta:
        model = BatchStatusChange
        fields = ["old_status", "new_status", "reason", "changed_by", "changed_at"]


def _count(**kwargs):
    return serializers.IntegerField(read_only=True, min_value=0, **kwargs)


class DisposalBatchSerializer(serializers.ModelSerializer):
    schedule = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    built_by = _username(allow_null=True)
    certificate = serializers.SerializerMethodField()
    approvals_required = _count()
    items_total = _count()
    items_done = _count()

    class Meta:
        model = DisposalBatch
        fields = [
            "id",
            "number",
            "schedule",
            "action",
            "status",
            "approvals_required",
            "items_total",
            "items_done",
            "built_by",
            "built_at",
            "executed_at",
            "completed_at",
            "certificate",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_certificate(self, batch) -> int | None:
        certificate = getattr(batch, "certificate", None)
        return certificate.pk if certificate is not None else None


class DisposalBatchDetailSerializer(DisposalBatchSerializer):
    items = DisposalItemSerializer(many=True, read_only=True)
    approvals = BatchApprovalSerializer(many=True, read_only=True)
    status_changes = BatchStatusChangeSerializer(many=True, read_only=True)

    class Meta(DisposalBatchSerializer.Meta):
        fields = [*DisposalBatchSerializer.Meta.fields, "items", "approvals", "status_changes"]
        read_only_fields = fields


class DestructionCertificateSerializer(serializers.ModelSerializer):
    """The proof of what a batch destroyed: no personal data, kept permanently."""

    item_list = serializers.JSONField(read_only=True)
    has_pdf = serializers.SerializerMethodField()

    class Meta:
        model = DestructionCertificate
        fields = [
            "id",
            "number",
            "batch",
            "issued_at",
            "method",
            "legal_basis",
            "item_list",
            "item_list_sha256",
            "has_pdf",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField)
    def get_has_pdf(self, certificate) -> bool:
        return bool(certificate.pdf)


class AccessLogEntrySerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = AccessLogEntry
        fields = [
            "id",
            "accessed_at",
            "user",
            "username",
            "channel",
            "access",
            "object_kind",
            "object_id",
            "detail",
            "purpose",
            "request_id",
        ]
        read_only_fields = fields
