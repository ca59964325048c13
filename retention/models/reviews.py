"""Reviews (R-REC-5): a queue of items due for a human decision, and the decisions.

One row per review. An item has at most one open review; a decided review keeps who
decided, when, why, and for police groups the answers to the national retention
assessment criteria (``nrac_answers``: question code → yes/no).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DECIDED = "decided", _("Decided")
    # Closed by the sweep because the item stopped being due (e.g. a new event restarted
    # the clear period) before anyone decided.
    WITHDRAWN = "withdrawn", _("Withdrawn: no longer due")


class ReviewDecision(models.TextChoices):
    RETAIN = "retain", _("Retain")
    DISPOSE = "dispose", _("Dispose")
    TRANSFER = "transfer", _("Transfer to archive")
    EXTEND = "extend", _("Extend")


class ReviewReason(models.TextChoices):
    DUE = "due", _("Retention period reached")
    PERIODIC = "periodic", _("Periodic review")


class Review(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    record = models.ForeignKey(
        "records.Record", on_delete=models.CASCADE, null=True, blank=True, related_name="reviews"
    )
    dossier = models.ForeignKey(
        "records.Dossier", on_delete=models.CASCADE, null=True, blank=True, related_name="reviews"
    )
    status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    reason = models.CharField(max_length=8, choices=ReviewReason.choices, default=ReviewReason.DUE)
    due_on = models.DateField()
    schedule_version = models.ForeignKey(
        "retention.ScheduleVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    explanation = models.TextField(blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(max_length=8, choices=ReviewDecision.choices, blank=True)
    justification = models.TextField(blank=True)
    nrac_answers = models.JSONField(default=dict, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(record__isnull=True, dossier__isnull=False)
                | models.Q(record__isnull=False, dossier__isnull=True),
                name="review_one_item",
            ),
            models.UniqueConstraint(
                fields=["record"], condition=models.Q(status="open"), name="one_open_review_per_record"
            ),
            models.UniqueConstraint(
                fields=["dossier"], condition=models.Q(status="open"), name="one_open_review_per_dossier"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status", "due_on"])]

    def __str__(self) -> str:
        return f"Review {self.pk} ({self.get_status_display()})"

    @property
    def item(self):
        return self.record or self.dossier
