"""What carrying out a data-subject request leaves in the records (R-DSR-3..10, GDPR arts. 18, 19).

How to read the history:

* ``PersonRestriction``: one row per restriction of a person's data (GDPR art. 18), oldest
  first by ``restricted_at``. A row without ``lifted_at`` is in force (at most one per
  person); lifting fills ``lifted_at``/``lifted_by``/``lift_reason`` and never deletes.
* ``SubjectDataRemoval``: one row per record or dossier a destruction/erasure request
  touched (R-DSR-5, R-DSR-6): ``scope`` says whether it went whole (then the retention
  engine's tombstone and certificate prove it), partly (only the subject's entries and
  links; the counts say how many) or was kept (with the reason). No personal data.
* ``DataCorrection``: one row per rectification (R-DSR-3) naming the fields corrected; the
  old values live only in django-auditlog's entry for that save, never here.
* ``RecipientNotification``: one row per recipient told of a rectification, erasure or
  restriction (GDPR art. 19); ``sent_on`` empty means the letter is ready but not yet sent.
* ``RightsInformation``: one row each time a person was informed of their rights in
  writing (R-DSR-10); the earliest is the first contact.
* ``RepresentativeLimitation``: a team leader's decision to limit or refuse a legal
  representative's rights (R-DSR-8), with the dossier entry that records it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def letter_path(instance, filename: str) -> str:
    # A random name: a letter's name could otherwise say whom it is about.
    return f"letters/{instance.organisation_id}/{uuid.uuid4().hex}.pdf"


class PersonRestriction(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    # Goes with the person: a restriction must not keep alive someone retention disposed of.
    person = models.ForeignKey("records.Person", on_delete=models.CASCADE, related_name="restrictions")
    request = models.ForeignKey(
        "subject_rights.SubjectRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="restrictions",
    )
    reason = models.TextField(_("reason"))
    restricted_at = models.DateTimeField(auto_now_add=True)
    restricted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_reason = models.TextField(_("reason for lifting"), blank=True)

    class Meta:
        ordering = ["restricted_at", "id"]
        verbose_name = _("restriction of processing")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(lifted_at__isnull=True), name="one_active_restriction"
            )
        ]

    def __str__(self) -> str:
        return f"Restriction {self.pk} of person {self.person_id}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class RemovalScope(models.TextChoices):
    WHOLE = "whole", _("Destroyed whole")
    PARTIAL = "partial", _("The subject's parts removed")
    KEPT = "kept", _("Kept")


class SubjectDataRemoval(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    request = models.ForeignKey(
        "subject_rights.SubjectRequest", on_delete=models.PROTECT, related_name="data_removals"
    )
    item_kind = models.CharField(max_length=8)  # "record" | "dossier" | "person"
    # Copied: the item itself may be gone.
    reference = models.CharField(max_length=64)
    scope = models.CharField(max_length=8, choices=RemovalScope.choices)
    entries_removed = models.PositiveIntegerField(default=0)
    attachments_removed = models.PositiveIntegerField(default=0)
    links_removed = models.PositiveIntegerField(default=0)
    events_removed = models.PositiveIntegerField(default=0)
    kept_reason = models.TextField(blank=True)
    batch = models.ForeignKey(
        "retention.DisposalBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(auto_now_add=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["removed_at", "id"]
        verbose_name = _("removal of a subject's data")

    def __str__(self) -> str:
        return f"{self.item_kind} {self.reference}: {self.scope}"


class DataCorrection(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    request = models.ForeignKey(
        "subject_rights.SubjectRequest", on_delete=models.PROTECT, related_name="corrections"
    )
    person = models.ForeignKey(
        "records.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entry = models.ForeignKey(
        "records.DossierEntry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Names of the fields corrected; their old values are in the audit log only (R-DSR-3).
    fields = models.JSONField(default=list)
    corrected_at = models.DateTimeField(auto_now_add=True)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["corrected_at", "id"]

    def __str__(self) -> str:
        return f"Correction {self.pk} ({', '.join(self.fields)})"


class NotifiedEffect(models.TextChoices):
    RECTIFICATION = "rectification", _("Rectification")
    ERASURE = "erasure", _("Erasure")
    RESTRICTION = "restriction", _("Restriction")


class RecipientNotification(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    request = models.ForeignKey(
        "subject_rights.SubjectRequest", on_delete=models.PROTECT, related_name="recipient_notifications"
    )
    recipient = models.CharField(_("recipient"), max_length=255)
    effect = models.CharField(max_length=16, choices=NotifiedEffect.choices)
    # When the information was shared (from the dossier entry, kept if it is erased).
    shared_on = models.DateField(null=True, blank=True)
    letter = models.FileField(upload_to=letter_path, max_length=255, blank=True)
    prepared_at = models.DateTimeField(auto_now_add=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_how = models.CharField(_("sent how"), max_length=200, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["recipient", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "recipient", "effect"], name="one_notification_per_recipient"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} ({self.effect})"


class InformedHow(models.TextChoices):
    LETTER_POST = "post", _("Letter by post")
    LETTER_HANDED = "in_person", _("Letter handed over in person")
    EMAIL = "email", _("Letter by email")


class RightsInformation(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    # Goes with the person, so informing someone never stops their data being disposed of.
    person = models.ForeignKey("records.Person", on_delete=models.CASCADE, related_name="rights_informed")
    dossier = models.ForeignKey(
        "records.Dossier", on_delete=models.SET_NULL, null=True, blank=True, related_name="rights_informed"
    )
    informed_on = models.DateField(_("informed on"))
    how = models.CharField(_("how"), max_length=16, choices=InformedHow.choices)
    informed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)
    letter = models.FileField(upload_to=letter_path, max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["informed_on", "id"]
        indexes = [models.Index(fields=["person", "informed_on"])]

    def __str__(self) -> str:
        return f"Person {self.person_id} informed on {self.informed_on}"


class LimitationExtent(models.TextChoices):
    LIMITED = "limited", _("Limited")
    REFUSED = "refused", _("Refused")


class RepresentativeLimitation(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    dossier = models.ForeignKey(
        "records.Dossier", on_delete=models.CASCADE, related_name="representative_limitations"
    )
    young_person = models.ForeignKey(
        "records.DossierMember", on_delete=models.CASCADE, related_name="+", verbose_name=_("young person")
    )
    representative = models.ForeignKey(
        "records.DossierMember", on_delete=models.CASCADE, related_name="+", verbose_name=_("representative")
    )
    extent = models.CharField(_("extent"), max_length=8, choices=LimitationExtent.choices)
    reasons = models.TextField(_("reasons"))
    request = models.ForeignKey(
        "subject_rights.SubjectRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representative_limitations",
    )
    # The dossier entry that records the decision; emptied if a later erasure removes it.
    entry = models.OneToOneField(
        "records.DossierEntry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()
    letter = models.FileField(upload_to=letter_path, max_length=255, blank=True)

    class Meta:
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.extent} rights of member {self.representative_id}"
