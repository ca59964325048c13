"""Disclosure of a subject's data: redactions of third parties and the documents produced
(R-DSR-1, R-DSR-2, R-DSR-14; GDPR arts. 15 and 20).

How to read it: ``RedactionProposal`` holds one row per span of text that would identify
someone other than the subject, in one field of one in-scope item (a dossier entry, a
record, a subject event). Found automatically (``proposed_by`` empty) or added by hand
(``category=manual``). Its ``status`` moves once from proposed to accepted, edited or
rejected, with who, when and why; a span is only blacked out in a document when the review
accepted or edited it. ``DisclosureOutput`` holds one row per document produced for a
request (disclosure pack, response letter, portability export), newest last; its file
never changes once it is ``ready`` and its SHA-256 proves what was sent.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    ENTRY = "entry", _("Dossier entry")
    RECORD = "record", _("Record")
    EVENT = "event", _("Event")


# The text fields of each kind of item that are disclosed and may be redacted.
REDACTABLE_FIELDS: dict[str, tuple[str, ...]] = {
    SourceKind.ENTRY: ("body", "source", "recipient"),
    SourceKind.RECORD: ("title", "description"),
    SourceKind.EVENT: ("description",),
}


class RedactionCategory(models.TextChoices):
    FULL_NAME = "full_name", _("Full name")
    GIVEN_NAME = "given_name", _("Given name")
    FAMILY_NAME = "family_name", _("Family name")
    IDENTIFIER = "identifier", _("Identifier")
    DATE_OF_BIRTH = "date_of_birth", _("Date of birth")
    MANUAL = "manual", _("Added by the reviewer")


class RedactionStatus(models.TextChoices):
    PROPOSED = "proposed", _("To review")
    ACCEPTED = "accepted", _("Redacted")
    EDITED = "edited", _("Redacted (edited)")
    REJECTED = "rejected", _("Disclosed")


# The statuses whose span is blacked out in every document.
REDACTED_STATUSES = frozenset({RedactionStatus.ACCEPTED, RedactionStatus.EDITED})


class RedactionReason(models.TextChoices):
    THIRD_PARTY_PRIVACY = "third_party_privacy", _("Privacy of a third party")
    SAFETY = "safety", _("Safety of those involved")
    OTHER = "other", _("Other")


class RedactionProposal(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    request = models.ForeignKey(
        "subject_rights.SubjectRequest", on_delete=models.CASCADE, related_name="redactions"
    )
    source_kind = models.CharField(max_length=8, choices=SourceKind.choices)
    source_id = models.PositiveBigIntegerField()
    source_field = models.CharField(max_length=32)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    # The text the span covered when it was found: a span whose text changed since is
    # found again by this text (or dropped) when a document is built.
    matched_text = models.TextField(_("text to redact"))
    category = models.CharField(_("kind of data"), max_length=16, choices=RedactionCategory.choices)
    # Whose data it is, when known (automatic proposals); kept for the reviewer only.
    third_party = models.ForeignKey(
        "records.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RedactionStatus.choices, default=RedactionStatus.PROPOSED
    )
    reason = models.CharField(_("reason"), max_length=24, choices=RedactionReason.choices, blank=True)
    note = models.TextField(_("explanation"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source_kind", "source_id", "source_field", "start", "id"]
        verbose_name = _("redaction")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="redaction_span_not_empty"
            ),
            models.UniqueConstraint(
                fields=["request", "source_kind", "source_id", "source_field", "start", "end"],
                name="redaction_span_once_per_request",
            ),
        ]
        indexes = [models.Index(fields=["request", "status"])]

    def __str__(self) -> str:
        return f"{self.source_kind} {self.source_id}.{self.source_field}[{self.start}:{self.end}]"

    @property
    def is_redacted(self) -> bool:
        return self.status in REDACTED_STATUSES


class OutputKind(models.TextChoices):
    PACK = "pack", _("Disclosure pack (PDF)")
    LETTER = "letter", _("Response letter (PDF)")
    EXPORT_JSON = "export_json", _("Portability export (JSON)")
    EXPORT_CSV = "export_csv", _("Portability export (CSV)")


class OutputStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def output_path(instance: "DisclosureOutput", filename: str) -> str:
    # No personal data in the storage name: the organisation and the row's id.
    return f"subject_rights/disclosure/{instance.organisation_id}/{instance.pk or 'new'}-{filename}"


class DisclosureOutput(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    request = models.ForeignKey(
        "subject_rights.SubjectRequest", on_delete=models.PROTECT, related_name="disclosure_outputs"
    )
    kind = models.CharField(_("document"), max_length=12, choices=OutputKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=OutputStatus.choices, default=OutputStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=output_path, max_length=255, blank=True)
    file_name = models.CharField(max_length=120, blank=True)
    content_type = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    # What the document contains, by reference only (kind, id, reference): proof of what
    # was disclosed without copying the personal data again.
    contents = models.JSONField(default=list, blank=True)
    redactions_applied = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("disclosure document")
        indexes = [models.Index(fields=["request", "kind", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_ready(self) -> bool:
        return self.status == OutputStatus.READY

    @property
    def in_progress(self) -> bool:
        return self.status in (OutputStatus.QUEUED, OutputStatus.RENDERING)
