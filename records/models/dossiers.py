"""Household dossiers (R-DOS-1..4): one dossier per household, several subjects.

Status history: ``DossierStatusChange`` holds one row per close/reopen, oldest first by
``changed_at``; the dossier's own ``status`` and ``closed_on`` are the current values.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models.registry import ItemStatus
from records.models.retention_state import RetentionState


class DossierStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


class Dossier(RetentionState):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="dossiers"
    )
    reference = models.CharField(_("reference"), max_length=64)
    household_name = models.CharField(_("household name"), max_length=200)
    report_date = models.DateField(_("report date"))
    status = models.CharField(
        _("status"), max_length=16, choices=DossierStatus.choices, default=DossierStatus.OPEN
    )
    closed_on = models.DateField(_("closing date"), null=True, blank=True)
    # The action advice: may be shared more widely than the full file (R-ACC-5).
    summary = models.TextField(_("summary (action advice)"), blank=True)
    unit = models.ForeignKey(
        "access_control.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="dossiers"
    )
    record_class = models.ForeignKey(
        "retention.RecordClass",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("record class"),
    )
    lifecycle = models.CharField(
        _("lifecycle"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.LIVE
    )
    people = models.ManyToManyField("records.Person", through="DossierMember", related_name="dossiers")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-report_date", "-id"]
        verbose_name = _("household dossier")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="dossier_reference_unique_per_org"
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("report_date")),
                name="dossier_closed_not_before_report",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "-report_date"]),
            models.Index(fields=["organisation", "retention_due_on"]),
        ]
        permissions = [("destroy_dossier", "Can destroy or anonymise a dossier")]

    def __str__(self) -> str:
        return f"{self.reference} — {self.household_name}"

    @classmethod
    def grant_models(cls):
        from records.models.grants import DossierGroupObjectPermission, DossierUserObjectPermission

        return DossierUserObjectPermission, DossierGroupObjectPermission

    @property
    def is_open(self) -> bool:
        return self.status in (DossierStatus.OPEN, DossierStatus.REOPENED)


class MemberRole(models.TextChoices):
    CHILD = "child", _("Child")
    PARENT_CARER = "parent_carer", _("Parent / carer")
    REPORTER = "reporter", _("Reporter")
    OTHER_INVOLVED = "other", _("Other involved")


class DossierMember(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("records.Person", on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["dossier", "person"], name="dossier_member_once")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class EntryKind(models.TextChoices):
    REPORT = "report", _("Report")
    SAFETY_ASSESSMENT = "safety_assessment", _("Safety assessment")
    INVESTIGATION = "investigation", _("Investigation")
    STEP_AGREEMENT = "step_agreement", _("Step or agreement")
    DECISION = "decision", _("Decision")
    SHARED_WITH_THIRD_PARTY = "shared", _("Information shared with a third party")
    OWN_STATEMENT = "own_statement", _("Own statement")


class EntryNature(models.TextChoices):
    """R-DOS-2: facts are kept apart from opinions and hypotheses."""

    FACT = "fact", _("Fact")
    OPINION = "opinion", _("Opinion or hypothesis")


class DossierEntry(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=24, choices=EntryKind.choices)
    nature = models.CharField(_("fact or opinion"), max_length=8, choices=EntryNature.choices)
    body = models.TextField(_("text"))
    # R-DOS-2: the source when the information comes from outside the organisation.
    source = models.CharField(_("source"), max_length=255, blank=True)
    not_current_contact = models.BooleanField(_("not based on current contact"), default=False)
    # For "information shared with a third party": who received it (GDPR art. 19 list).
    recipient = models.CharField(_("recipient"), max_length=255, blank=True)
    concerns = models.ManyToManyField(DossierMember, related_name="entries", verbose_name=_("concerns"))
    # An entry written to carry out a subject request (own statement R-DSR-4, a R-DSR-8
    # decision), and for an own statement the entry the subject disagrees with.
    subject_request = models.ForeignKey(
        "subject_rights.SubjectRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossier_entries",
    )
    statement_about = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="own_statements"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("dossier entry")
        verbose_name_plural = _("dossier entries")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"


def attachment_path(instance: "EntryAttachment", filename: str) -> str:
    # A random name: the original file name may itself be personal data.
    return f"attachments/{instance.entry.dossier.organisation_id}/{uuid.uuid4().hex}"


class EntryAttachment(models.Model):
    entry = models.ForeignKey(DossierEntry, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=127, blank=True)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class DossierStatusChange(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(max_length=16, choices=DossierStatus.choices)
    new_status = models.CharField(max_length=16, choices=DossierStatus.choices)
    closed_on = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.old_status} → {self.new_status} on {self.changed_at:%Y-%m-%d}"
