"""The retention state every record and dossier carries, computed by the retention engine.

The engine writes these columns set-based (retention.engine); nothing else should. Reading
them: ``retention_due_on`` is when ``retention_action`` is due (NULL: no date — an open
dossier, a permanent record, or no schedule); ``retention_basis`` says which rule set it
and ``retention.explain`` turns the columns into the one-sentence explanation. The two
``*_to``/``*_until`` dates are later-only overrides written by decisions: a team leader's
extension (R-WMO-3) and a review decision to retain.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionBasis(models.TextChoices):
    NOT_COMPUTED = "", _("Not yet computed")
    OWN_SCHEDULE = "own_schedule", _("The item's own schedule")
    PERSON_GROUP = "person_group", _("The review group of a person in it")
    YOUNGEST_CHILD = "youngest_child", _("The youngest child's age")
    EXTENSION = "extension", _("An extension")
    REVIEW_RETAIN = "review_retain", _("A review decision to retain")
    OPEN = "open", _("The dossier is open")
    NO_SCHEDULE = "no_schedule", _("No schedule applies")
    NO_TRIGGER = "no_trigger", _("The date the period runs from is not known")
    PERMANENT = "permanent", _("Retained permanently")


class RetentionState(models.Model):
    retention_due_on = models.DateField(_("retention due on"), null=True, blank=True)
    retention_action = models.CharField(_("action when due"), max_length=20, blank=True)
    retention_review_on = models.DateField(_("next review on"), null=True, blank=True)
    retention_trigger_on = models.DateField(null=True, blank=True)
    retention_basis = models.CharField(max_length=16, choices=RetentionBasis.choices, blank=True)
    retention_basis_person = models.ForeignKey(
        "records.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    retention_version = models.ForeignKey(
        "retention.ScheduleVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    retention_extended_to = models.DateField(_("extended to"), null=True, blank=True)
    retention_retained_until = models.DateField(_("retained after review until"), null=True, blank=True)
    retention_last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    retention_computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
