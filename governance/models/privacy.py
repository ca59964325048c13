"""The data-breach register (GDPR arts. 33-34) and the register of processors and
processing activities (GDPR arts. 28, 30).

How to read a breach: ``aware_at`` starts the 72-hour clock of art. 33; the notification
decision (notify the supervisory authority or not, with reasons) is taken once and its
time kept; notifications sent are dated. ``dpo_alerted_for_overdue_at`` says when the DPO
was told the decision is overdue, so the alert is sent once.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BreachRisk(models.TextChoices):
    UNASSESSED = "unassessed", _("Not yet assessed")
    UNLIKELY = "unlikely", _("Unlikely to result in a risk to people")
    RISK = "risk", _("A risk to people's rights and freedoms")
    HIGH = "high", _("A high risk to people's rights and freedoms")


class NotifyDecision(models.TextChoices):
    PENDING = "pending", _("Not decided yet")
    NOTIFY = "notify", _("Notify")
    NOT_REQUIRED = "not_required", _("No notification required")


class Breach(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="breaches"
    )
    summary = models.TextField(_("what happened"))
    discovered_at = models.DateTimeField(_("discovered"))
    discovered_by_name = models.CharField(_("discovered by"), max_length=200, blank=True)
    # Art. 33: 72 hours "after having become aware of it"; usually the discovery itself.
    aware_at = models.DateTimeField(_("the organisation became aware"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)
    data_description = models.TextField(_("what personal data"), blank=True)
    people_affected = models.PositiveIntegerField(_("how many people (estimate)"), null=True, blank=True)
    risk = models.CharField(
        _("risk"), max_length=12, choices=BreachRisk.choices, default=BreachRisk.UNASSESSED
    )
    risk_assessment = models.TextField(_("risk assessment"), blank=True)
    containment = models.TextField(_("containment and recovery"), blank=True)
    authority_decision = models.CharField(
        _("notify the supervisory authority"),
        max_length=12,
        choices=NotifyDecision.choices,
        default=NotifyDecision.PENDING,
    )
    authority_decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    authority_decided_at = models.DateTimeField(null=True, blank=True)
    authority_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    authority_notified_at = models.DateTimeField(_("authority notified"), null=True, blank=True)
    authority_reference = models.CharField(_("authority's reference"), max_length=100, blank=True)
    late_reason = models.TextField(_("reasons for the delay (art. 33(1))"), blank=True)
    subjects_decision = models.CharField(
        _("inform the people affected (art. 34)"),
        max_length=12,
        choices=NotifyDecision.choices,
        default=NotifyDecision.PENDING,
    )
    subjects_decision_reason = models.TextField(_("reasons (art. 34)"), blank=True)
    subjects_notified_at = models.DateTimeField(_("people informed"), null=True, blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    dpo_alerted_for_overdue_at = models.DateTimeField(null=True, blank=True, editable=False)
    record_class = models.ForeignKey(
        "retention.RecordClass", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-aware_at", "-id"]
        verbose_name = _("data breach")
        verbose_name_plural = _("data breaches")

    def __str__(self) -> str:
        return f"DB-{self.pk}"

    @property
    def reference(self) -> str:
        return f"DB-{self.pk}"


class Processor(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="processors"
    )
    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    country = models.CharField(_("country where data is processed"), max_length=100, blank=True)

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="processor_name_unique")]
        verbose_name = _("processor")

    def __str__(self) -> str:
        return self.name


class ProcessingAgreement(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    processor = models.ForeignKey(Processor, on_delete=models.PROTECT, related_name="agreements")
    parties = models.TextField(_("parties"))
    subject = models.TextField(_("subject of the processing"))
    data_categories = models.TextField(_("categories of personal data"))
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    document = models.FileField(_("signed agreement"), upload_to="agreements/%Y/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["processor", "-starts_on"]
        verbose_name = _("processing agreement")

    def __str__(self) -> str:
        return f"{self.processor} ({self.starts_on:%Y-%m-%d})"


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent (art. 6(1)(a))")
    CONTRACT = "contract", _("Contract (art. 6(1)(b))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (art. 6(1)(c))")
    VITAL_INTERESTS = "vital_interests", _("Vital interests (art. 6(1)(d))")
    PUBLIC_TASK = "public_task", _("Public task (art. 6(1)(e))")
    LEGITIMATE_INTERESTS = "legitimate_interests", _("Legitimate interests (art. 6(1)(f))")


class ProcessingActivity(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="processing_activities"
    )
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"))
    legal_basis = models.CharField(_("legal basis"), max_length=24, choices=LegalBasis.choices)
    legal_basis_detail = models.CharField(_("statute or detail"), max_length=255, blank=True)
    subject_categories = models.TextField(_("categories of data subjects"))
    data_categories = models.TextField(_("categories of personal data"))
    recipients = models.TextField(_("recipients"), blank=True)
    processors = models.ManyToManyField(Processor, related_name="activities", blank=True)
    record_class = models.ForeignKey(
        "retention.RecordClass",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retention schedule"),
    )

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="activity_name_unique")]
        verbose_name = _("processing activity")
        verbose_name_plural = _("processing activities")

    def __str__(self) -> str:
        return self.name
