"""Objections (GDPR art. 21; R-CON-7): every objection is decided through a new, recorded
weighing.

How to read it: one ``ObjectionWeighing`` per objection request, written once, when the
objection is decided (the weighing *is* the decision's reasoning; the request's decision is
derived from ``outcome``). A later objection about the same processing is a new request with
its own weighing, so earlier weighings stay as they were. The objector's own view
(zienswijze) is not stored here: it is a dossier entry of kind ``own_statement`` linked to
the request, so it appears in later disclosures to the subject.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from subject_rights.models.choices import Decision


class ProcessingBasis(models.TextChoices):
    """The lawful basis of the processing objected to (GDPR art. 6(1))."""

    CONSENT = "consent", _("Consent (GDPR art. 6(1)(a))")
    PUBLIC_TASK = "public_task", _("A task in the public interest or official authority (art. 6(1)(e))")
    LEGITIMATE_INTERESTS = "legitimate_interests", _("Legitimate interests (art. 6(1)(f))")


class ObjectionOutcome(models.TextChoices):
    STOP = "stop", _("Stop the processing")
    PARTIAL = "partial", _("Stop part of the processing")
    CONTINUE = "continue", _("Continue the processing, for the reasons given")


# The request's decision that each outcome amounts to.
DECISION_BY_OUTCOME: dict[str, str] = {
    ObjectionOutcome.STOP: Decision.GRANT,
    ObjectionOutcome.PARTIAL: Decision.PARTIAL,
    ObjectionOutcome.CONTINUE: Decision.REFUSE,
}


class ObjectionWeighing(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    request = models.OneToOneField(
        "subject_rights.SubjectRequest", on_delete=models.PROTECT, related_name="objection_weighing"
    )
    processing = models.TextField(_("the processing objected to"))
    basis = models.CharField(
        _("lawful basis of the processing"), max_length=24, choices=ProcessingBasis.choices
    )
    # Set when the processing rests on a consent in the register (R-CON-1).
    consent = models.ForeignKey(
        "subject_rights.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="objections"
    )
    objector_grounds = models.TextField(_("the objector's grounds"))
    # Empty: the organisation has no compelling legitimate grounds (art. 21(1)).
    compelling_grounds = models.TextField(_("our compelling legitimate grounds"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=ObjectionOutcome.choices)
    reasons = models.TextField(_("the weighing"))
    weighed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    weighed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-weighed_at", "-id"]
        verbose_name = _("weighing of an objection")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome=ObjectionOutcome.STOP) | ~models.Q(compelling_grounds=""),
                name="objection_continue_needs_compelling_grounds",
            ),
        ]

    def __str__(self) -> str:
        return f"Weighing of {self.request_id}: {self.outcome}"
