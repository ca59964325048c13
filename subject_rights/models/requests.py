"""Data-subject requests (R-DSR-1..14) and their history.

How to read the history: ``RequestStatusChange`` holds one row per move through the
declared transition table (subject_rights.services.requests.TRANSITIONS), oldest first by
``changed_at``, the first row (``old_status`` blank) being the receipt. ``RequestPause``
holds one row per clarification pause; ``SubjectRequest.paused_days`` is the sum of the
``days`` of the answered ones and is already included in ``due_on``/``extended_due_on``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from subject_rights.capacity import Signatories
from subject_rights.models.choices import (
    Channel,
    Decision,
    ErasureException,
    IdentityMethod,
    RequesterRole,
    RequestStatus,
    RequestType,
)


def id_document_path(instance: "SubjectRequest", filename: str) -> str:
    # A random name: the original file name may itself be personal data.
    return f"subject_rights/id/{instance.organisation_id}/{uuid.uuid4().hex}"


class SubjectRequest(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="subject_requests"
    )
    reference = models.CharField(_("reference"), max_length=64)
    request_type = models.CharField(_("type of request"), max_length=24, choices=RequestType.choices)
    # The person the data is about; the requester may be someone else (R-DSR-7, R-DSR-9).
    subject = models.ForeignKey("records.Person", on_delete=models.PROTECT, related_name="subject_requests")
    requester_role = models.CharField(_("requester"), max_length=16, choices=RequesterRole.choices)
    requester_name = models.CharField(_("requester's name"), max_length=200)
    requester_relationship = models.CharField(_("relationship to the subject"), max_length=200, blank=True)
    on_behalf_of = models.CharField(_("on whose behalf"), max_length=200, blank=True)
    requester_contact = models.TextField(_("requester's contact details"), blank=True)
    details = models.TextField(_("what is asked"), blank=True)
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("received by"), max_length=16, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=24, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    # While paused: the status to return to on resume.
    paused_from_status = models.CharField(max_length=24, choices=RequestStatus.choices, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # Capacity on the date of receipt (R-DSR-7, R-DSR-12), as computed when received.
    subject_age_on_receipt = models.PositiveSmallIntegerField(null=True, blank=True)
    signatories = models.CharField(_("who must sign"), max_length=16, choices=Signatories.choices)
    capacity_reason = models.TextField(blank=True)

    # Identity (R-DSR-9). The ID copy, if one was taken, is deleted when verification is recorded.
    identity_method = models.CharField(max_length=16, choices=IdentityMethod.choices, blank=True)
    identity_note = models.TextField(blank=True)
    identity_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    identity_verified_at = models.DateTimeField(null=True, blank=True)
    identity_evidence_received_on = models.DateField(null=True, blank=True)
    representation_proven_on = models.DateField(null=True, blank=True)
    fee_received_on = models.DateField(null=True, blank=True)
    id_document = models.FileField(upload_to=id_document_path, max_length=255, blank=True)
    id_document_deleted_at = models.DateTimeField(null=True, blank=True)

    # Deadline (R-DSR-11): the terms as received, the clock, and the dates they give.
    deadline_policy = models.ForeignKey(
        "subject_rights.DeadlinePolicy", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deadline_terms = models.JSONField(default=dict)
    clock_started_on = models.DateField(null=True, blank=True)
    paused_days = models.PositiveIntegerField(default=0)
    due_on = models.DateField(_("answer due"), null=True, blank=True)
    extended_due_on = models.DateField(_("answer due (extended)"), null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    extension_notified_on = models.DateField(null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # R-DSR-5: destruction requests are carried out within three months of receipt.
    destroy_by = models.DateField(_("destroy by"), null=True, blank=True)

    # Decision, with reasons (R-DSR-2..8, R-DSR-13).
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(_("reasons"), blank=True)
    refusal_grounds = models.JSONField(default=list, blank=True)
    erasure_exception = models.CharField(max_length=1, choices=ErasureException.choices, blank=True)
    significant_interest_holder = models.CharField(max_length=200, blank=True)
    significant_interest_facts = models.TextField(blank=True)
    report_refuted = models.BooleanField(null=True, blank=True)
    representative_rights_limited = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("subject request")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="subject_request_reference_unique_per_org"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "due_on"]),
            models.Index(fields=["organisation", "decided_on"]),
            models.Index(fields=["organisation", "completed_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_request_type_display()})"

    @property
    def current_due_on(self):
        """The date the answer is due now: the extended date once extended."""
        return self.extended_due_on or self.due_on

    @property
    def identity_verified(self) -> bool:
        return self.identity_verified_at is not None


class RequestStatusChange(models.Model):
    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(max_length=24, choices=RequestStatus.choices, blank=True)
    new_status = models.CharField(max_length=24, choices=RequestStatus.choices)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.old_status or '—'} → {self.new_status}"


class RequestPause(models.Model):
    """One clarification pause: asked on one day, answered on another (both days count)."""

    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="pauses")
    question = models.TextField(_("what was asked"))
    asked_on = models.DateField(_("asked on"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    days = models.PositiveIntegerField(null=True, blank=True)
    paused_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["asked_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True)
                | models.Q(answered_on__gte=models.F("asked_on")),
                name="request_pause_answer_after_question",
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(answered_on__isnull=True),
                name="request_pause_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"Pause from {self.asked_on}"
