"""Safeguarding: the DSL team, concerns about pupils and what the DSL team did (R-SAF-1).

How to read a concern: ``Concern`` is what a member of staff reported, about which pupils,
and its outcome once closed. Everything the DSL team does afterwards is a ``ConcernEntry``
(action, decision, advice given, escalation to a partner agency, note), appended in time
order and never edited, so the entries are the concern's history.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DslRole(models.TextChoices):
    LEAD = "lead", _("Designated Safeguarding Lead")
    DEPUTY = "deputy", _("Deputy Designated Safeguarding Lead")


class SafeguardingDesignation(models.Model):
    """A user designated DSL or deputy DSL of their organisation, by an administrator.

    How to read it: a row per designation; the active ones (``ended_at`` empty) are the DSL
    team. Ending a designation keeps the row, so who was on the team when stays known.
    """

    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="dsl_designations"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=8, choices=DslRole.choices)
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    designated_at = models.DateTimeField(default=timezone.now)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation", "role", "designated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_dsl_designation_per_user",
            )
        ]
        verbose_name = _("safeguarding designation")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class ConcernCategory(models.TextChoices):
    """The categories of the school online-safety policy (content, contact, conduct),
    filtering breaches and the other concerns it names."""

    ONLINE_SAFETY = "online_safety", _("Online safety")
    FILTERING_BREACH = "filtering_breach", _("Filtering or monitoring breach")
    CONTENT = "content", _("Content: illegal, inappropriate or harmful material")
    CONTACT = "contact", _("Contact: harmful online interaction")
    CONDUCT = "conduct", _("Conduct: behaviour that increases the likelihood of harm")
    SOCIAL_MEDIA = "social_media", _("Social media")
    MOBILE_DEVICE = "mobile_device", _("Mobile phone or personal device")
    ILLEGAL_MATERIAL = "illegal_material", _("Material believed to be illegal")
    BULLYING = "bullying", _("Online bullying")
    STAFF_CONDUCT = "staff_conduct", _("Concern about a member of staff (LADO)")
    OTHER = "other", _("Other safeguarding concern")


class ConcernStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Concern(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="safeguarding_concerns"
    )
    category = models.CharField(_("category"), max_length=24, choices=ConcernCategory.choices)
    summary = models.TextField(_("what happened"))
    occurred_on = models.DateField(_("date it happened"), null=True, blank=True)
    pupils = models.ManyToManyField("records.Person", related_name="safeguarding_concerns")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=8, choices=ConcernStatus.choices, default=ConcernStatus.OPEN)
    outcome = models.TextField(_("outcome"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # The organisation's retention schedule for safeguarding records (RETENTION.md).
    record_class = models.ForeignKey(
        "retention.RecordClass", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-reported_at", "-id"]
        indexes = [models.Index(fields=["organisation", "reported_by"])]
        verbose_name = _("safeguarding concern")

    def __str__(self) -> str:
        return f"SC-{self.pk}"

    @property
    def reference(self) -> str:
        return f"SC-{self.pk}"


class EntryKind(models.TextChoices):
    ACTION = "action", _("Action taken")
    DECISION = "decision", _("Decision")
    ADVICE = "advice", _("Advice given")
    ESCALATION = "escalation", _("Escalation to a partner agency")
    NOTE = "note", _("Note")


class Agency(models.TextChoices):
    POLICE = "police", _("Police")
    LADO = "lado", _("Local Authority Designated Officer (LADO)")
    CHILDRENS_SERVICES = "childrens_services", _("Children's social care")
    IWF = "iwf", _("Internet Watch Foundation")
    CEOP = "ceop", _("CEOP")
    EDUCATION_SAFEGUARDING = "education_safeguarding", _("Education safeguarding service")
    OTHER = "other", _("Other agency")


class ConcernEntry(models.Model):
    """One thing the DSL team recorded on a concern; escalations name agency, date, who and
    reference. Appended only."""

    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    text = models.TextField(_("what was done, decided or advised"))
    agency = models.CharField(_("agency"), max_length=24, choices=Agency.choices, blank=True)
    agency_contact = models.CharField(_("who at the agency"), max_length=200, blank=True)
    agency_reference = models.CharField(_("agency's reference"), max_length=100, blank=True)
    escalated_on = models.DateField(_("date referred"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["concern", "recorded_at", "id"]
        verbose_name = _("concern entry")
        verbose_name_plural = _("concern entries")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on SC-{self.concern_id}"
