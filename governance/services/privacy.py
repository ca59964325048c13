"""The data-breach register (GDPR arts. 33-34) and the processor and processing register
(GDPR arts. 28, 30)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.models import Role
from core.errors import DomainError, InvalidTransition, NotAllowed
from core.services import domain_event_record
from governance.access import BREACH_MANAGERS
from governance.dates import notification_clock
from governance.models import (
    Breach,
    BreachRisk,
    NotifyDecision,
)
from governance.services.common import (
    mail_after_commit,
    require_member,
    require_not_future,
    require_same_organisation,
    require_text,
)

ART_33 = "GDPR art. 33"
ART_34 = "GDPR art. 34"


def dpo_emails(organisation_id: int) -> list[str]:
    return list(
        get_user_model()
        .objects.filter(organisation_id=organisation_id, role=Role.DPO, is_active=True)
        .values_list("email", flat=True)
    )


def _require_breach_manager(acting_user, breach: Breach) -> None:
    require_member(acting_user)
    if acting_user.role not in BREACH_MANAGERS:
        raise NotAllowed(_("Only the data protection officer handles a breach."))
    require_same_organisation(acting_user, breach)


def _locked(breach: Breach) -> Breach:
    locked = Breach.objects.select_for_update().get(pk=breach.pk)
    if locked.closed_at is not None:
        raise InvalidTransition(_("The breach is closed."))
    return locked


# --- Breaches -------------------------------------------------------------------------------


def breach_report(
    *,
    acting_user,
    summary: str,
    discovered_at: datetime.datetime | None,
    aware_at: datetime.datetime | None = None,
    discovered_by_name: str = "",
    data_description: str = "",
    people_affected: int | None = None,
) -> Breach:
    """Anyone reports a breach; the DPO is told at once and the 72-hour clock runs."""
    require_member(acting_user)
    if acting_user.role == Role.AUDITOR:
        raise NotAllowed(_("Auditors read registers; they do not report breaches."))
    summary = require_text(summary, _("Describe what happened."), "summary")
    if discovered_at is None:
        raise DomainError(_("Enter when the breach was discovered."), field="discovered_at")
    require_not_future(discovered_at, "discovered_at")
    aware_at = aware_at or discovered_at
    require_not_future(aware_at, "aware_at")
    if aware_at < discovered_at:
        raise DomainError(
            _("The organisation cannot have become aware before the breach was discovered."), field="aware_at"
        )
    if people_affected is not None and people_affected < 0:
        raise DomainError(_("Enter a number of people, 0 or more."), field="people_affected")
    with transaction.atomic():
        breach = Breach.objects.create(
            organisation_id=acting_user.organisation_id,
            summary=summary,
            discovered_at=discovered_at,
            aware_at=aware_at,
            discovered_by_name=(discovered_by_name or "").strip(),
            reported_by=acting_user,
            data_description=(data_description or "").strip(),
            people_affected=people_affected,
        )
        domain_event_record(
            acting_user=acting_user, verb="breach.reported", target=breach, legal_basis=ART_33
        )
        mail_after_commit(
            _("Personal data breach %(reference)s reported") % {"reference": breach.reference},
            _("A personal data breach was reported; decide on notifying within 72 h of %(aware)s. %(path)s")
            % {
                "aware": timezone.localtime(aware_at).strftime("%d-%m-%Y %H:%M"),
                "path": reverse("governance:breach_detail", args=[breach.pk]),
            },
            dpo_emails(acting_user.organisation_id),
        )
    return breach


def breach_assess(
    *,
    acting_user,
    breach: Breach,
    risk: str,
    risk_assessment: str,
    containment: str = "",
    data_description: str = "",
    people_affected: int | None = None,
) -> Breach:
    _require_breach_manager(acting_user, breach)
    if risk not in BreachRisk.values or risk == BreachRisk.UNASSESSED:
        raise DomainError(_("Choose the risk to the people affected."), field="risk")
    risk_assessment = require_text(risk_assessment, _("Explain the risk assessment."), "risk_assessment")
    if people_affected is not None and people_affected < 0:
        raise DomainError(_("Enter a number of people, 0 or more."), field="people_affected")
    with transaction.atomic():
        locked = _locked(breach)
        locked.risk = risk
        locked.risk_assessment = risk_assessment
        locked.containment = (containment or "").strip() or locked.containment
        locked.data_description = (data_description or "").strip() or locked.data_description
        if people_affected is not None:
            locked.people_affected = people_affected
        locked.save()
        domain_event_record(
            acting_user=acting_user, verb="breach.assessed", target=locked, data={"risk": risk}
        )
    return locked


def breach_decide_authority(*, acting_user, breach: Breach, decision: str, reason: str) -> Breach:
    """Art. 33: notify the supervisory authority, or record why not. Decided once."""
    _require_breach_manager(acting_user, breach)
    if decision not in (NotifyDecision.NOTIFY, NotifyDecision.NOT_REQUIRED):
        raise DomainError(
            _("Choose whether to notify the supervisory authority."), field="authority_decision"
        )
    reason = require_text(reason, _("Give the reasons for the decision."), "authority_decision_reason")
    with transaction.atomic():
        locked = _locked(breach)
        if locked.authority_decision != NotifyDecision.PENDING:
            raise InvalidTransition(_("The notification decision was already taken."))
        if decision == NotifyDecision.NOT_REQUIRED and locked.risk in (BreachRisk.RISK, BreachRisk.HIGH):
            raise DomainError(
                _("A breach assessed as a risk to people must be notified (art. 33(1))."),
                field="authority_decision",
            )
        locked.authority_decision = decision
        locked.authority_decision_reason = reason
        locked.authority_decided_at = timezone.now()
        locked.authority_decided_by = acting_user
        locked.save()
        domain_event_record(
            acting_user=acting_user,
            verb="breach.authority_decision",
            target=locked,
            reason=reason,
            legal_basis=ART_33,
            data={"decision": decision, "overdue": notification_clock(breach).overdue},
        )
    return locked


def breach_record_authority_notified(
    *,
    acting_user,
    breach: Breach,
    notified_at: datetime.datetime | None,
    reference: str = "",
    late_reason: str = "",
) -> Breach:
    _require_breach_manager(acting_user, breach)
    if notified_at is None:
        raise DomainError(_("Enter when the authority was notified."), field="authority_notified_at")
    require_not_future(notified_at, "authority_notified_at")
    with transaction.atomic():
        locked = _locked(breach)
        if locked.authority_decision != NotifyDecision.NOTIFY:
            raise InvalidTransition(_("Record the decision to notify before the notification."))
        if locked.authority_notified_at is not None:
            raise InvalidTransition(_("The notification was already recorded."))
        if notified_at < locked.aware_at:
            raise DomainError(
                _("The notification cannot be before the breach was known."), field="authority_notified_at"
            )
        late = notified_at > notification_clock(locked).deadline
        late_reason = (late_reason or "").strip()
        if late and not late_reason:
            raise DomainError(
                _("The notification was later than 72 hours: give the reasons for the delay (art. 33(1))."),
                field="late_reason",
            )
        locked.authority_notified_at = notified_at
        locked.authority_reference = (reference or "").strip()
        locked.late_reason = late_reason
        locked.save()
        domain_event_record(
            acting_user=acting_user,
            verb="breach.authority_notified",
            target=locked,
            legal_basis=ART_33,
            data={"late": late},
        )
    return locked


def breach_decide_subjects(
    *, acting_user, breach: Breach, decision: str, reason: str, notified_at: datetime.datetime | None = None
) -> Breach:
    """Art. 34: inform the people affected (required for a high risk unless art. 34(3))."""
    _require_breach_manager(acting_user, breach)
    if decision not in (NotifyDecision.NOTIFY, NotifyDecision.NOT_REQUIRED):
        raise DomainError(_("Choose whether to inform the people affected."), field="subjects_decision")
    reason = require_text(reason, _("Give the reasons for the decision."), "subjects_decision_reason")
    if notified_at is not None:
        require_not_future(notified_at, "subjects_notified_at")
    with transaction.atomic():
        locked = _locked(breach)
        if locked.subjects_decision != NotifyDecision.PENDING:
            raise InvalidTransition(_("The decision about informing the people affected was already taken."))
        locked.subjects_decision = decision
        locked.subjects_decision_reason = reason
        locked.subjects_notified_at = notified_at if decision == NotifyDecision.NOTIFY else None
        locked.save()
        domain_event_record(
            acting_user=acting_user,
            verb="breach.subjects_decision",
            target=locked,
            reason=reason,
            legal_basis=ART_34,
            data={"decision": decision},
        )
    return locked


def breach_close(*, acting_user, breach: Breach, lessons_learned: str) -> Breach:
    _require_breach_manager(acting_user, breach)
    lessons_learned = require_text(lessons_learned, _("Record the lessons learned."), "lessons_learned")
    with transaction.atomic():
        locked = _locked(breach)
        if not notification_clock(locked).decided:
            raise InvalidTransition(
                _("Decide on notifying the authority, and notify if decided, before closing.")
            )
        if locked.subjects_decision == NotifyDecision.PENDING:
            raise InvalidTransition(_("Decide whether to inform the people affected before closing."))
        locked.lessons_learned = lessons_learned
        locked.closed_at = timezone.now()
        locked.save()
        domain_event_record(acting_user=acting_user, verb="breach.closed", target=locked)
    return locked


def breach_overdue_alerts_send(*, now: datetime.datetime | None = None) -> int:
    """Tell the DPO, once per breach, that the 72-hour notification decision is overdue."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=72)
    candidates = Breach.objects.filter(
        closed_at__isnull=True,
        aware_at__lt=cutoff,
        authority_notified_at__isnull=True,
        dpo_alerted_for_overdue_at__isnull=True,
    ).exclude(authority_decision=NotifyDecision.NOT_REQUIRED)
    sent = 0
    for breach in candidates.iterator():
        with transaction.atomic():
            if not Breach.objects.filter(pk=breach.pk, dpo_alerted_for_overdue_at__isnull=True).update(
                dpo_alerted_for_overdue_at=now
            ):
                continue
            domain_event_record(
                acting_user=None, verb="breach.notification_overdue", target=breach, legal_basis=ART_33
            )
            mail_after_commit(
                _("Overdue: breach %(reference)s notification decision") % {"reference": breach.reference},
                _("72 hours have passed since the organisation knew of breach %(reference)s. %(path)s")
                % {
                    "reference": breach.reference,
                    "path": reverse("governance:breach_detail", args=[breach.pk]),
                },
                dpo_emails(breach.organisation_id),
            )
            sent += 1
    return sent
