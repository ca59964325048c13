"""Record classes: what kind of record an item is, and so which retention schedule applies.

The schedules themselves (rule parts, versions) belong to the retention engine; a record
class names the schedule an item follows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models.registry import RecordCategory


class RecordClass(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="record_classes"
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=16, choices=RecordCategory.choices)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    schedule = models.ForeignKey(
        "retention.RetentionSchedule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="record_classes",
        verbose_name=_("retention schedule"),
    )

    class Meta:
        ordering = ["organisation", "code"]
        verbose_name = _("record class")
        verbose_name_plural = _("record classes")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="record_class_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"
