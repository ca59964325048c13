"""Deadline configuration per organisation and request type (R-DSR-11): data, not code."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from subject_rights.deadlines import DeadlineRule, DeadlineTerms
from subject_rights.models.choices import RequestType


class DeadlinePolicy(models.Model):
    """The deadline terms for one request type, or (``request_type`` blank) for every type
    of the organisation that has no policy of its own.

    A request copies the terms when it is received (``SubjectRequest.deadline_terms``), so
    changing a policy moves no deadline of a request already under way.
    """

    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="deadline_policies"
    )
    request_type = models.CharField(_("request type"), max_length=24, choices=RequestType.choices, blank=True)
    rule = models.CharField(_("rule"), max_length=16, choices=DeadlineRule.choices)
    weeks = models.PositiveSmallIntegerField(_("weeks"), null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField(_("extension in months"), default=2)
    roll_to_working_day = models.BooleanField(_("move to the next working day"), default=True)
    # Blank: the organisation's own jurisdiction.
    holiday_jurisdiction = models.CharField(_("public holidays of"), max_length=16, blank=True)
    destroy_within_months = models.PositiveSmallIntegerField(
        _("destroy within (months of receipt)"), null=True, blank=True
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation", "request_type"]
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "request_type"], name="deadline_policy_once_per_type"
            ),
            models.CheckConstraint(
                condition=models.Q(rule=DeadlineRule.WEEKS, weeks__gt=0)
                | models.Q(rule=DeadlineRule.CALENDAR_MONTH, weeks__isnull=True),
                name="deadline_policy_weeks_match_rule",
            ),
        ]

    def __str__(self) -> str:
        kind = self.get_request_type_display() if self.request_type else _("all other requests")
        return f"{kind}: {self.get_rule_display()}"

    def terms(self) -> DeadlineTerms:
        return DeadlineTerms(
            rule=self.rule,
            weeks=self.weeks,
            extension_months=self.extension_months,
            roll_to_working_day=self.roll_to_working_day,
            holiday_jurisdiction=self.holiday_jurisdiction or self.organisation.jurisdiction,
            destroy_within_months=self.destroy_within_months,
            legal_basis=self.legal_basis,
        )
