"""The confiscated-device register (R-SAF-2).

How to read it: a ``ConfiscatedDevice`` says what was taken from which pupil and why. Its
``CustodyEvent`` rows, by ``sequence``, are the chain of custody: seized, handed over,
stored, searched (by whom, with whose consent), content deleted, released (to whom) or
handed to the police. Each handover appends a row; a past row is never edited. The latest
row says who holds the device now and where it is.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConfiscatedDevice(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="confiscated_devices"
    )
    pupil = models.ForeignKey("records.Person", on_delete=models.PROTECT, related_name="confiscated_devices")
    description = models.CharField(_("device"), max_length=200)
    reason = models.TextField(_("reason for confiscation"))
    concern = models.ForeignKey(
        "governance.Concern", on_delete=models.PROTECT, null=True, blank=True, related_name="devices"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    record_class = models.ForeignKey(
        "retention.RecordClass", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("confiscated device")

    def __str__(self) -> str:
        return f"CD-{self.pk} {self.description}"

    @property
    def reference(self) -> str:
        return f"CD-{self.pk}"


class CustodyStep(models.TextChoices):
    SEIZED = "seized", _("Confiscated")
    HANDED_OVER = "handed_over", _("Handed over")
    SEARCHED = "searched", _("Searched")
    CONTENT_DELETED = "content_deleted", _("Content deleted")
    RELEASED = "released", _("Released")
    HANDED_TO_POLICE = "handed_to_police", _("Handed to the police")


class ConsentGiver(models.TextChoices):
    PUPIL = "pupil", _("The pupil")
    PARENT = "parent", _("A parent or carer")


class CustodyEvent(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    device = models.ForeignKey(ConfiscatedDevice, on_delete=models.PROTECT, related_name="custody")
    sequence = models.PositiveIntegerField()
    step = models.CharField(_("step"), max_length=20, choices=CustodyStep.choices)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    # The member of staff who did this step (seized, searched, deleted, released).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Who holds the device after this step, and where it is kept.
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    location = models.CharField(_("where it is stored"), max_length=200, blank=True)
    consent_by = models.CharField(
        _("consent given by"), max_length=8, choices=ConsentGiver.choices, blank=True
    )
    consent_name = models.CharField(_("name of who consented"), max_length=200, blank=True)
    released_to = models.CharField(_("released to"), max_length=200, blank=True)
    released_to_relationship = models.CharField(_("relationship to the pupil"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["device", "sequence"]
        constraints = [models.UniqueConstraint(fields=["device", "sequence"], name="custody_sequence_unique")]
        verbose_name = _("custody event")

    def __str__(self) -> str:
        return f"{self.get_step_display()} (CD-{self.device_id} #{self.sequence})"
