"""Legal holds and extensions: what stops or postpones disposal.

A hold suspends everything (RETENTION.md precedence): a held item is never destroyed,
transferred or anonymised. An item is held when an active hold names it, or names a person
it is about. Holds are never deleted; release sets ``released_at`` with a reason.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HoldAuthority(models.TextChoices):
    CPIA = "cpia", _("Criminal Procedure and Investigations Act (CPIA)")
    LITIGATION = "litigation", _("Litigation")
    INVESTIGATION = "investigation", _("Investigation")
    SUBJECT_REQUEST = "subject_request", _("Open subject request")
    INQUIRY = "inquiry", _("Public inquiry")
    OTHER = "other", _("Other")


class LegalHold(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    authority = models.CharField(_("authority"), max_length=20, choices=HoldAuthority.choices)
    authority_reference = models.CharField(_("case or matter reference"), max_length=100, blank=True)
    records = models.ManyToManyField("records.Record", related_name="legal_holds", blank=True)
    dossiers = models.ManyToManyField("records.Dossier", related_name="legal_holds", blank=True)
    people = models.ManyToManyField("records.Person", related_name="legal_holds", blank=True)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at"]
        indexes = [models.Index(fields=["organisation", "released_at"])]

    def __str__(self) -> str:
        return f"Hold {self.pk} ({self.get_authority_display()})"

    @property
    def is_active(self) -> bool:
        return self.released_at is None


class RetentionExtension(models.Model):
    """R-WMO-3: a team leader keeps an item longer, with reasons. Later only, never earlier."""

    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    record = models.ForeignKey(
        "records.Record", on_delete=models.CASCADE, null=True, blank=True, related_name="extensions"
    )
    dossier = models.ForeignKey(
        "records.Dossier", on_delete=models.CASCADE, null=True, blank=True, related_name="extensions"
    )
    previous_due_on = models.DateField(null=True, blank=True)
    extended_to = models.DateField(_("keep until"))
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(record__isnull=True, dossier__isnull=False)
                | models.Q(record__isnull=False, dossier__isnull=True),
                name="extension_one_item",
            )
        ]

    def __str__(self) -> str:
        return f"Extended to {self.extended_to}"
