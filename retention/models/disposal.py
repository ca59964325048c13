"""Disposal batches, their items, approvals, copy-destruction tasks, certificates, tombstones.

Reading a batch's history: ``BatchStatusChange`` rows, oldest first, record every move of
the batch through ``BATCH_TRANSITIONS`` (retention.services.batches); ``BatchApproval``
rows record each approval stage. Items are never deleted from a batch: a removed item keeps
its row with ``status=removed`` and the reason. What survives a disposal is a
``Tombstone`` without personal data and the permanent ``DestructionCertificate``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed — awaiting approval")
    APPROVED = "approved", _("Approved")
    EXECUTING = "executing", _("Executing")
    AWAITING_COPIES = "awaiting_copies", _("Awaiting copy confirmations")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class DisposalAction(models.TextChoices):
    DESTROY = "destroy", _("Destroy")
    ANONYMISE = "anonymise", _("Anonymise")
    TRANSFER = "transfer", _("Transfer to archive")


class DisposalBatch(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(max_length=40, unique=True)
    schedule = models.ForeignKey(
        "retention.RetentionSchedule", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=12, choices=DisposalAction.choices)
    status = models.CharField(max_length=16, choices=BatchStatus.choices, default=BatchStatus.PROPOSED)
    approvals_required = models.PositiveSmallIntegerField(default=1)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    built_at = models.DateTimeField(auto_now_add=True)
    executed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Progress of execution, read by the progress bar.
    items_total = models.PositiveIntegerField(default=0)
    items_done = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-built_at", "-id"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return self.number


class DisposalItemStatus(models.TextChoices):
    INCLUDED = "included", _("Included")
    REMOVED = "removed", _("Removed")
    SKIPPED_HELD = "skipped_held", _("Skipped: under legal hold")
    SKIPPED_CHANGED = "skipped_changed", _("Skipped: no longer due")
    PENDING_COPIES = "pending_copies", _("Awaiting copy confirmations")
    DISPOSED = "disposed", _("Disposed")


class DisposalItem(models.Model):
    batch = models.ForeignKey(DisposalBatch, on_delete=models.PROTECT, related_name="items")
    record = models.ForeignKey(
        "records.Record", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dossier = models.ForeignKey(
        "records.Dossier", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Copied when the item is added: survives the item's destruction.
    reference = models.CharField(max_length=64)
    item_kind = models.CharField(max_length=8)  # "record" | "dossier"
    due_on = models.DateField(null=True, blank=True)
    explanation = models.TextField()
    review = models.ForeignKey(
        "retention.Review", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=DisposalItemStatus.choices, default=DisposalItemStatus.INCLUDED
    )
    removed_reason = models.TextField(blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["batch", "status"])]

    def __str__(self) -> str:
        return f"{self.item_kind} {self.reference}"


class BatchApproval(models.Model):
    batch = models.ForeignKey(DisposalBatch, on_delete=models.PROTECT, related_name="approvals")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    stage = models.PositiveSmallIntegerField()
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["stage"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "approver"], name="one_approval_per_person"),
            models.UniqueConstraint(fields=["batch", "stage"], name="one_approval_per_stage"),
        ]

    def __str__(self) -> str:
        return f"Stage {self.stage} by {self.approver_id}"


class BatchStatusChange(models.Model):
    batch = models.ForeignKey(DisposalBatch, on_delete=models.PROTECT, related_name="status_changes")
    old_status = models.CharField(max_length=16, choices=BatchStatus.choices)
    new_status = models.CharField(max_length=16, choices=BatchStatus.choices)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.old_status} → {self.new_status}"


class CopyTaskStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONFIRMED = "confirmed", _("Confirmed destroyed")


class CopyDestructionTask(models.Model):
    """R-REC-4: a paper, cloud or other-system copy that its custodian must confirm destroyed."""

    item = models.ForeignKey(DisposalItem, on_delete=models.PROTECT, related_name="copy_tasks")
    copy_kind = models.CharField(max_length=16)
    location = models.CharField(max_length=255)
    custodian = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=CopyTaskStatus.choices, default=CopyTaskStatus.PENDING)
    method = models.CharField(max_length=200, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.copy_kind} at {self.location}"


class DestructionCertificate(models.Model):
    """Kept permanently: it is the proof of what was destroyed (no personal data)."""

    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(max_length=40, unique=True)
    batch = models.OneToOneField(DisposalBatch, on_delete=models.PROTECT, related_name="certificate")
    issued_at = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=200)
    legal_basis = models.TextField()
    item_list = models.JSONField()
    item_list_sha256 = models.CharField(max_length=64)
    pdf = models.FileField(upload_to="certificates/", max_length=255, blank=True)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.number


class Tombstone(models.Model):
    """What remains of a disposed item: no personal data, only the proof of its disposal."""

    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    item_kind = models.CharField(max_length=8)
    reference = models.CharField(max_length=64)
    record_class_code = models.CharField(max_length=32, blank=True)
    schedule_version = models.ForeignKey(
        "retention.ScheduleVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=12)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    disposed_at = models.DateTimeField()
    batch = models.ForeignKey(DisposalBatch, on_delete=models.PROTECT, related_name="tombstones")
    approvals = models.JSONField(default=list)
    certificate = models.ForeignKey(
        DestructionCertificate, on_delete=models.PROTECT, null=True, blank=True, related_name="tombstones"
    )

    class Meta:
        ordering = ["-disposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "item_kind", "reference"], name="one_tombstone_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_kind} {self.reference} (disposed)"
