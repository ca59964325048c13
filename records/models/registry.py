"""The records register (R-REC-1..4): records, their copies, subjects and subject events."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models.retention_state import RetentionState


class RecordCategory(models.TextChoices):
    """R-REC-2: the two categories follow different schedules."""

    POLICING_PURPOSE = "policing", _("Policing purpose")
    BUSINESS = "business", _("Business / corporate")


class RecordFormat(models.TextChoices):
    PAPER = "paper", _("Paper")
    DIGITAL = "digital", _("Digital")
    BOTH = "both", _("Paper and digital")


class ItemStatus(models.TextChoices):
    """Lifecycle of a record or dossier as the retention engine sees it."""

    LIVE = "live", _("Live")
    DISPOSAL_PENDING = "disposal_pending", _("Disposal pending copy confirmation")
    DISPOSED = "disposed", _("Disposed")
    ANONYMISED = "anonymised", _("Anonymised")
    TRANSFERRED = "transferred", _("Transferred to archive")


class InformationAsset(models.Model):
    """R-REC-1 / R-REC-9: every record belongs to an asset with an Information Asset Owner."""

    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="information_assets"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_assets",
        verbose_name=_("information asset owner"),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="asset_name_unique_per_org")
        ]
        verbose_name = _("information asset")

    def __str__(self) -> str:
        return self.name


class Language(models.TextChoices):
    EN = "en", _("English")
    CY = "cy", _("Welsh")
    NL = "nl", _("Dutch")
    TR = "tr", _("Turkish")
    OTHER = "other", _("Other")


class Record(RetentionState):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="records"
    )
    reference = models.CharField(_("reference"), max_length=64)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=16, choices=RecordCategory.choices)
    record_class = models.ForeignKey(
        "retention.RecordClass",
        on_delete=models.PROTECT,
        related_name="records",
        verbose_name=_("record class"),
    )
    information_asset = models.ForeignKey(
        InformationAsset,
        on_delete=models.PROTECT,
        related_name="records",
        verbose_name=_("information asset"),
    )
    unit = models.ForeignKey(
        "access_control.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="records"
    )
    format = models.CharField(_("format"), max_length=8, choices=RecordFormat.choices)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default="en")
    # GDPR art. 9 / DPA 2018 s. 35: health, ethnicity, religion, sexual life. Seeing such a
    # record also needs the matrix's right on special-category data (R-ACC-1).
    special_category = models.BooleanField(
        _("special-category data"),
        default=False,
        help_text=_("The record holds health, ethnicity, religion or other special-category data."),
    )
    created_on = models.DateField(_("created on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    last_action_on = models.DateField(_("last action on"), null=True, blank=True)
    status = models.CharField(max_length=20, choices=ItemStatus.choices, default=ItemStatus.LIVE)
    subjects = models.ManyToManyField(
        "records.Person", through="RecordSubject", related_name="records", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_on", "-id"]
        verbose_name = _("record")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="record_reference_unique_per_org"
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("created_on")),
                name="record_closed_not_before_created",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "-created_on"]),
            models.Index(fields=["organisation", "retention_due_on"]),
        ]
        permissions = [("destroy_record", "Can destroy or anonymise a record")]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    @classmethod
    def grant_models(cls):
        from records.models.grants import RecordGroupObjectPermission, RecordUserObjectPermission

        return RecordUserObjectPermission, RecordGroupObjectPermission


class SubjectRole(models.TextChoices):
    SUSPECT = "suspect", _("Suspect")
    OFFENDER = "offender", _("Offender")
    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")
    COMPLAINANT = "complainant", _("Complainant")
    EMPLOYEE = "employee", _("Employee")
    PUPIL = "pupil", _("Pupil")
    SUBJECT = "subject", _("Subject")
    OTHER = "other", _("Other")


class RecordSubject(models.Model):
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="subject_links")
    person = models.ForeignKey("records.Person", on_delete=models.PROTECT, related_name="record_links")
    role = models.CharField(_("role"), max_length=16, choices=SubjectRole.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "person"], name="record_subject_once")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class CopyKind(models.TextChoices):
    ELECTRONIC = "electronic", _("Electronic")
    PAPER = "paper", _("Paper")
    CLOUD = "cloud", _("Cloud")
    OTHER_SYSTEM = "other_system", _("Other system")


class CopyStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DESTRUCTION_REQUESTED = "destruction_requested", _("Destruction requested")
    DESTROYED = "destroyed", _("Destroyed")


class RecordCopy(models.Model):
    """R-REC-3/4: a record knows all its copies; disposal must reach every one."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="copies")
    kind = models.CharField(_("kind"), max_length=16, choices=CopyKind.choices)
    location = models.CharField(
        _("location"), max_length=255, help_text=_("System name or physical location.")
    )
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="custodied_copies",
        verbose_name=_("custodian"),
    )
    status = models.CharField(max_length=24, choices=CopyStatus.choices, default=CopyStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("copy")
        verbose_name_plural = _("copies")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.location}"


class SubjectEventKind(models.TextChoices):
    ARREST = "arrest", _("Arrest")
    CHARGE = "charge", _("Charge")
    CONVICTION = "conviction", _("Conviction")
    CAUTION = "caution", _("Caution")
    OFFENCE_REPORTED = "offence_reported", _("Offence reported")
    INTELLIGENCE = "intelligence", _("Intelligence report")
    ACQUITTAL = "acquittal", _("Acquittal")
    EMPLOYMENT_ENDED = "employment_ended", _("Employment ended")
    OTHER = "other", _("Other")


class SubjectEvent(models.Model):
    """A dated occurrence about a person. Clear periods (MoPI) run from the latest one."""

    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="subject_events"
    )
    person = models.ForeignKey("records.Person", on_delete=models.PROTECT, related_name="events")
    record = models.ForeignKey(Record, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    kind = models.CharField(_("kind"), max_length=24, choices=SubjectEventKind.choices)
    occurred_on = models.DateField(_("occurred on"))
    description = models.TextField(_("description"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["person", "-occurred_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"
