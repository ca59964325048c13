"""The consent register (R-CON-1..6) and the legal relations that decide who consents.

How to read a consent: it is specific (which data, for which purpose, to or from whom, why
necessary: R-CON-1), was given on ``given_on`` by the people in ``signatories`` (checked
against who had to consent on that day: R-CON-2/3), and holds from ``given_on`` through
``valid_until`` (open-ended when blank) until it is withdrawn: from ``withdrawn_on`` on it
no longer holds. Consents are never deleted; withdrawal is recorded on the row.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RelationKind(models.TextChoices):
    PARENT = "parent", _("Parent")
    GUARDIAN_WITH_AUTHORITY = "guardian", _("Guardian with parental authority")
    # R-CON-3: appointed under a supervision order (OTS); the parents keep authority.
    FAMILY_GUARDIAN_OTS = "family_guardian_ots", _("Family guardian under a supervision order (OTS)")
    FOSTER_PARENT = "foster_parent", _("Foster parent")


class LegalRelation(models.Model):
    """An adult's legal position towards a child, as far as consent needs it (R-CON-2/3).

    A foster parent who is also the guardian is recorded as a guardian with authority.
    Ending a relation (e.g. authority transferred by a court) sets ``ended_on``; the row stays.
    """

    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    adult = models.ForeignKey(
        "records.Person", on_delete=models.PROTECT, related_name="relations_to_children"
    )
    child = models.ForeignKey("records.Person", on_delete=models.PROTECT, related_name="relations_to_adults")
    kind = models.CharField(_("relation"), max_length=24, choices=RelationKind.choices)
    has_parental_authority = models.BooleanField(_("has parental authority"))
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "kind", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(adult=models.F("child")), name="relation_not_to_self"),
            models.UniqueConstraint(
                fields=["adult", "child"],
                condition=models.Q(ended_on__isnull=True),
                name="relation_one_current_per_pair",
            ),
            # R-CON-3: a guardian with authority has it; an OTS family guardian and a foster
            # parent (who is not the guardian) do not.
            models.CheckConstraint(
                condition=models.Q(kind=RelationKind.PARENT)
                | models.Q(kind=RelationKind.GUARDIAN_WITH_AUTHORITY, has_parental_authority=True)
                | models.Q(
                    kind__in=[RelationKind.FAMILY_GUARDIAN_OTS, RelationKind.FOSTER_PARENT],
                    has_parental_authority=False,
                ),
                name="relation_authority_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.adult} → {self.child}: {self.get_kind_display()}"


class ConsentDirection(models.TextChoices):
    SHARE = "share", _("Share with")
    OBTAIN = "obtain", _("Obtain from")


class CounterpartyKind(models.TextChoices):
    SCHOOL = "school", _("School")
    SCHOOL_PARTNERSHIP = "school_partnership", _("School partnership")
    BEHAVIOURAL_EXPERT = "behavioural_expert", _("Behavioural expert")
    DOCTOR = "doctor", _("Doctor or other medical professional")
    CARE_WORKER = "care_worker", _("Care worker (youth care, social work)")
    MUNICIPALITY = "municipality", _("Municipality")
    PUBLICATION = "publication", _("Publication (website, social media, print)")
    OTHER = "other", _("Other")


# R-CON-4: these professionals need written consent to break their duty of confidentiality.
CONFIDENTIAL_PROFESSIONS = frozenset(
    {CounterpartyKind.BEHAVIOURAL_EXPERT, CounterpartyKind.DOCTOR, CounterpartyKind.CARE_WORKER}
)


class ConsentForm(models.TextChoices):
    ORAL = "oral", _("Oral, noted in the file")
    WRITTEN = "written", _("Written, with the signed document")


def consent_document_path(instance: "Consent", filename: str) -> str:
    return f"subject_rights/consent/{instance.organisation_id}/{uuid.uuid4().hex}"


class Consent(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    subject = models.ForeignKey("records.Person", on_delete=models.PROTECT, related_name="consents")
    data_description = models.TextField(_("which data"))
    purpose = models.TextField(_("for which purpose"))
    direction = models.CharField(_("direction"), max_length=8, choices=ConsentDirection.choices)
    counterparty = models.CharField(_("to or from whom"), max_length=255)
    counterparty_kind = models.CharField(
        _("kind of recipient or source"), max_length=24, choices=CounterpartyKind.choices
    )
    why_necessary = models.TextField(_("why it is necessary"))
    contains_health_data = models.BooleanField(_("includes health data"), default=False)
    # R-CON-5: publishing a pupil's photo or video.
    media_publication = models.BooleanField(_("publication of photos or video"), default=False)
    form = models.CharField(_("how given"), max_length=8, choices=ConsentForm.choices)
    document = models.FileField(upload_to=consent_document_path, max_length=255, blank=True)
    given_on = models.DateField(_("given on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # Who had to consent on ``given_on`` and why, as computed then (R-CON-2/3).
    signatories_reason = models.TextField(blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        "records.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_note = models.TextField(blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("consent")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("given_on")),
                name="consent_valid_after_given",
            ),
            models.CheckConstraint(
                condition=models.Q(form=ConsentForm.ORAL) | ~models.Q(document=""),
                name="consent_written_has_document",
            ),
        ]
        indexes = [models.Index(fields=["subject", "direction", "given_on"])]

    def __str__(self) -> str:
        return f"Consent {self.pk}: {self.purpose[:40]}"

    def holds_on(self, day) -> bool:
        """Given by ``day``, not expired on it, and not withdrawn on or before it."""
        if day < self.given_on:
            return False
        if self.valid_until is not None and day > self.valid_until:
            return False
        return self.withdrawn_on is None or day < self.withdrawn_on


class SignatoryCapacity(models.TextChoices):
    PUPIL = "pupil", _("The pupil")
    PARENT = "parent", _("Parent with parental authority")
    GUARDIAN = "guardian", _("Guardian with parental authority")


class ConsentSignatory(models.Model):
    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="signatories")
    person = models.ForeignKey("records.Person", on_delete=models.PROTECT, related_name="+")
    capacity = models.CharField(max_length=16, choices=SignatoryCapacity.choices)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["consent", "person"], name="consent_signatory_once")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_capacity_display()})"
