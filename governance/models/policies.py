"""The policy register (R-POL-1) and acknowledgements (R-ACC-2).

The confidentiality declaration stays in ``access_control`` (its gate is unchanged); the
acknowledgement register reads its acceptances beside these.

How to read it: a ``Policy`` is the stable identity ("Acceptable use policy") with its
owner and review cycle. Its ``PolicyVersion`` rows, by ``number``, are the texts; a version
is approved once (who, when) and never edited; the highest approved version is the current
one, and its approval date starts the review cycle (``next_review_on``). A
``PolicyAcknowledgement`` says that a member of staff (or, recorded by staff, a pupil or
parent) acknowledged one version; a new version asks everyone again.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PolicyKind(models.TextChoices):
    ACCEPTABLE_USE = "acceptable_use", _("Acceptable use policy")
    ONLINE_SAFETY = "online_safety", _("Online safety policy")
    PRIVACY = "privacy", _("Privacy or data protection policy")
    CHILD_PROTECTION = "child_protection", _("Child protection policy")
    OTHER = "other", _("Other policy")


class ReviewPeriod(models.TextChoices):
    ANNUAL = "annual", _("Annually, a year after approval")
    MONTHS = "months", _("Every N months")
    FIXED_MONTH = "fixed_month", _("Every year in a fixed month (e.g. every September)")


class Audience(models.TextChoices):
    STAFF = "staff", _("Staff")
    STAFF_AND_PUPILS = "staff_and_pupils", _("Staff, pupils and parents")


class Policy(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="policies"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PolicyKind.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    review_period = models.CharField(_("review period"), max_length=12, choices=ReviewPeriod.choices)
    review_months = models.PositiveSmallIntegerField(_("months between reviews"), null=True, blank=True)
    review_month = models.PositiveSmallIntegerField(_("month of the review"), null=True, blank=True)
    requires_acknowledgement = models.BooleanField(_("must be acknowledged"), default=False)
    audience = models.CharField(
        _("who acknowledges"), max_length=20, choices=Audience.choices, default=Audience.STAFF
    )
    # Computed by the services from the current version's approval (governance/dates.py).
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    # The review date a reminder was last sent for, so the daily task reminds once a cycle.
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    record_class = models.ForeignKey(
        "retention.RecordClass", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation", "title"]
        constraints = [models.UniqueConstraint(fields=["organisation", "title"], name="policy_title_unique")]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

    def __str__(self) -> str:
        return self.title

    @property
    def review_period_text(self) -> str:
        """The review period in words: "annually", "every 6 months", "every September"."""
        from django.utils.dates import MONTHS
        from django.utils.translation import gettext

        if self.review_period == ReviewPeriod.MONTHS and self.review_months:
            return gettext("every %(months)s months") % {"months": self.review_months}
        if self.review_period == ReviewPeriod.FIXED_MONTH and self.review_month:
            return gettext("every %(month)s") % {"month": MONTHS[self.review_month]}
        return gettext("annually")


class PolicyVersion(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField(_("text"), blank=True)
    document = models.FileField(_("document"), upload_to="policies/%Y/", blank=True)
    change_note = models.TextField(_("what changed"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by_name = models.CharField(_("approved by (body or person)"), max_length=200, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="policy_version_number_unique")
        ]
        verbose_name = _("policy version")

    def __str__(self) -> str:
        return f"{self.policy} v{self.number}"


class PolicyAcknowledgement(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="acknowledgements")
    # A member of staff acknowledges themselves; a pupil or parent is recorded by staff.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "records.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="policy_ack_once_per_user"),
            models.UniqueConstraint(fields=["version", "person"], name="policy_ack_once_per_person"),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, person__isnull=True)
                | models.Q(user__isnull=True, person__isnull=False),
                name="policy_ack_user_or_person",
            ),
        ]
        verbose_name = _("policy acknowledgement")

    def __str__(self) -> str:
        return f"{self.user_id or self.person_id} acknowledged {self.version_id}"
