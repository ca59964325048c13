"""Retention schedules as data (RETENTION.md): a schedule and its immutable versions.

Reading the history: a ``RetentionSchedule`` is the stable identity records managers talk
about ("MoPI group 2"). Each change creates a new ``ScheduleVersion`` with the next number;
the schedule's ``current_version`` points at the one in force. Old versions are never
edited, so an item's ``retention_version`` always shows exactly which rules set its dates.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Trigger(models.TextChoices):
    CREATED = "created", _("Creation date")
    CLOSED = "closed", _("Closing date")
    LAST_EVENT = "last_event", _("Latest event about the subject (clear period)")
    SUBJECT_BIRTH = "subject_birth", _("Subject's date of birth")
    EVENT = "event", _("A named business event")


class Rounding(models.TextChoices):
    NONE = "none", _("None")
    CALENDAR_YEAR = "calendar_year", _("End of calendar year")
    FINANCIAL_YEAR = "financial_year", _("End of financial year")


class DueAction(models.TextChoices):
    DESTROY = "destroy", _("Destroy")
    ANONYMISE = "anonymise", _("Anonymise")
    REVIEW = "review", _("Review")
    TRANSFER = "transfer", _("Transfer to archive")
    RETAIN_PERMANENTLY = "retain_permanently", _("Retain permanently")


class Automation(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatic (after the organisation's approvals)")
    HUMAN_REVIEW = "human_review", _("Human review first")


class PoliceGroup(models.TextChoices):
    """MoPI review groups. Rank: group 1 is the highest (most serious)."""

    GROUP_1 = "1", _("Group 1 — certain public protection matters")
    GROUP_2 = "2", _("Group 2 — other sexual, violent or serious offences")
    GROUP_3 = "3", _("Group 3 — all other offences")
    GROUP_4 = "4", _("Group 4 — undetected crime")
    MISC = "misc", _("Miscellaneous — intelligence and non-crime")


# Lower rank = higher group. A person follows the highest group of any record about them.
POLICE_GROUP_RANK = {
    PoliceGroup.GROUP_1: 1,
    PoliceGroup.GROUP_2: 2,
    PoliceGroup.GROUP_3: 3,
    PoliceGroup.GROUP_4: 4,
    PoliceGroup.MISC: 5,
}


class RetentionSchedule(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="retention_schedules"
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    current_version = models.OneToOneField(
        "ScheduleVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "code"]
        verbose_name = _("retention schedule")
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="schedule_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class ScheduleVersion(models.Model):
    schedule = models.ForeignKey(RetentionSchedule, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    trigger = models.CharField(_("trigger"), max_length=16, choices=Trigger.choices)
    # For trigger "event": the SubjectEvent kind that starts the period (e.g. employment_ended).
    trigger_event_kind = models.CharField(_("trigger event kind"), max_length=24, blank=True)
    period_years = models.PositiveSmallIntegerField(_("years"), default=0)
    period_months = models.PositiveSmallIntegerField(_("months"), default=0)
    period_days = models.PositiveSmallIntegerField(_("days"), default=0)
    rounding = models.CharField(_("rounding"), max_length=16, choices=Rounding.choices, default=Rounding.NONE)
    # Extension rule: keep until the end of the year the youngest child turns N (R-WMO-2).
    extend_until_youngest_child_age = models.PositiveSmallIntegerField(
        _("keep until the youngest child is"), null=True, blank=True
    )
    action = models.CharField(_("action when due"), max_length=20, choices=DueAction.choices)
    review_interval_years = models.PositiveSmallIntegerField(
        _("review interval (years)"), null=True, blank=True
    )
    automation = models.CharField(
        _("automation"), max_length=16, choices=Automation.choices, default=Automation.HUMAN_REVIEW
    )
    police_group = models.CharField(
        _("police review group"), max_length=4, choices=PoliceGroup.choices, blank=True
    )
    # Derived from police_group when the version is written; lets SQL pick a person's
    # highest group with ORDER BY rank.
    police_group_rank = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    legal_basis = models.TextField(_("legal basis"))
    change_note = models.TextField(_("reason for this version"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["schedule", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "number"], name="schedule_version_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.schedule.code} v{self.number}"

    @property
    def period_text(self) -> str:
        parts = []
        for value, one, many in (
            (self.period_years, "year", "years"),
            (self.period_months, "month", "months"),
            (self.period_days, "day", "days"),
        ):
            if value:
                parts.append(f"{value} {one if value == 1 else many}")
        return " ".join(parts) or "0 days"
