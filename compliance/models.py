"""Data-quality samples (R-REC-8): line managers check a random sample of a unit's records.

How to read a sample: ``QualitySample`` says whose items were sampled (the unit, records or
dossiers), how many of how many (``size`` of ``population_size``), and with which ``seed``:
the same seed over the same population gives the same items again, so anyone can check the
draw was not hand-picked (compliance.services.sampling explains the ordering). Each drawn
item is a ``QualitySampleItem`` in draw order (``position``); its ``finding`` stays blank
until the checker records one. A closed sample (``closed_at`` set) is never changed again.
Items keep the reference of what was drawn, so a later disposal leaves the finding readable.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SampleKind(models.TextChoices):
    RECORDS = "records", _("Records")
    DOSSIERS = "dossiers", _("Household dossiers")


class SampleStatus(models.TextChoices):
    OPEN = "open", _("Open: being checked")
    CLOSED = "closed", _("Closed")


class Finding(models.TextChoices):
    ACCURATE = "accurate", _("Accurate")
    INACCURATE = "inaccurate", _("Inaccurate")
    INCOMPLETE = "incomplete", _("Incomplete")
    OTHER = "other", _("Other problem")


# Findings that count as a quality problem in the finding rate.
PROBLEM_FINDINGS = (Finding.INACCURATE, Finding.INCOMPLETE, Finding.OTHER)


class QualitySample(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(_("reference"), max_length=40)
    unit = models.ForeignKey(
        "access_control.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    kind = models.CharField(_("what is sampled"), max_length=10, choices=SampleKind.choices)
    size = models.PositiveIntegerField(_("sample size"))
    population_size = models.PositiveIntegerField()
    seed = models.PositiveBigIntegerField(_("seed"))
    status = models.CharField(max_length=8, choices=SampleStatus.choices, default=SampleStatus.OPEN)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(auto_now_add=True)
    # The line manager who checks the items and closes the sample.
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("checker")
    )
    conclusion = models.TextField(_("conclusion"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-drawn_at", "-id"]
        verbose_name = _("data-quality sample")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="quality_sample_reference_unique_per_org"
            ),
            models.CheckConstraint(
                condition=models.Q(size__lte=models.F("population_size")),
                name="quality_sample_not_larger_than_population",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "-drawn_at"], name="quality_sample_by_status")
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status == SampleStatus.OPEN


class QualitySampleItem(models.Model):
    sample = models.ForeignKey(QualitySample, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveIntegerField()
    record = models.ForeignKey(
        "records.Record", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dossier = models.ForeignKey(
        "records.Dossier", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Copied at the draw: survives the item's disposal.
    reference = models.CharField(max_length=64)
    finding = models.CharField(_("finding"), max_length=12, choices=Finding.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sample", "position"]
        verbose_name = _("sampled item")
        constraints = [
            models.UniqueConstraint(fields=["sample", "position"], name="quality_sample_item_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.sample_id}#{self.position} {self.reference}"
