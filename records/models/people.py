"""People: the data subjects. One person can appear in many records and dossiers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Person(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="people"
    )
    given_names = models.CharField(_("given names"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # MoPI: police records follow the person. The engine keeps here the person's highest
    # review group (as the schedule version of that group), their latest event (the clear
    # period runs from it) and the date that group gives; records about them compare it.
    retention_group_version = models.ForeignKey(
        "retention.ScheduleVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    retention_last_event_on = models.DateField(null=True, blank=True)
    retention_due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["family_name", "given_names", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["organisation", "family_name", "given_names"]),
            models.Index(fields=["organisation", "date_of_birth"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


class IdentifierScheme(models.TextChoices):
    PNC = "pnc", _("Police National Computer number")
    NHS = "nhs", _("NHS number")
    BSN = "bsn", _("Citizen service number (BSN)")
    PUPIL = "pupil", _("Pupil number")
    CASE = "case", _("Case-management system id")
    OTHER = "other", _("Other")


class PersonIdentifier(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField(_("scheme"), max_length=16, choices=IdentifierScheme.choices)
    value = models.CharField(_("value"), max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "scheme"], name="one_identifier_per_scheme")]
        indexes = [models.Index(fields=["scheme", "value"])]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()}: {self.value}"
