"""Deciding a request: grant, partly grant or refuse, always with reasons.

* Refusing or limiting (partly granting) a request made by a legal representative limits
  the representative's rights: only a team leader decides that (R-DSR-8).
* A destruction request must be granted when the investigation refuted the report; to
  refuse it, say the report was not refuted (R-DSR-5). Refusing because keeping the data is
  of "significant interest" to someone else needs whose interest and the concrete facts,
  not only the ground (R-DSR-13).
* Refusing or limiting erasure names the GDPR art. 17(3) exception that applies (R-DSR-6),
  unless the request is refused as manifestly unfounded or excessive.
* Restriction for a police purpose (DPA 2018 Part 3) is a ground only a police force has.
* An objection is decided only through its recorded weighing, and as the weighing concluded
  (R-CON-7; subject_rights.services.objections).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.models import OrganisationKind, Role
from core.errors import DomainError, NotAllowed
from subject_rights.models import (
    DECISION_BY_OUTCOME,
    LEGAL_BASIS_BY_TYPE,
    Decision,
    ErasureException,
    ObjectionWeighing,
    RefusalGround,
    RequesterRole,
    RequestStatus,
    RequestType,
    SubjectRequest,
)
from subject_rights.services.common import require_request_handler, required_text
from subject_rights.services.workflow import ensure_can_move, request_lock, request_move

REPRESENTATIVE_ROLES = frozenset({RequesterRole.REPRESENTATIVE, RequesterRole.JOINT})
# R-DSR-13: a reason code is not enough; a sentence of facts is the least that says something.
MIN_FACT_WORDS = 8


def _validate_grounds(request: SubjectRequest, decision: str, grounds: list[str]) -> None:
    unknown = [ground for ground in grounds if ground not in RefusalGround.values]
    if unknown:
        raise DomainError(_("Unknown ground %(value)s.") % {"value": repr(unknown[0])}, field="grounds")
    if decision == Decision.GRANT and grounds:
        raise DomainError(_("A granted request has no grounds for refusal."), field="grounds")
    if decision != Decision.GRANT and not grounds:
        raise DomainError(_("Choose the ground(s) for refusing or limiting the request."), field="grounds")
    if RefusalGround.SIGNIFICANT_INTEREST in grounds and request.request_type != RequestType.DESTRUCTION:
        raise DomainError(
            _("Significant interest of someone else is a ground for refusing destruction only (R-DSR-5)."),
            field="grounds",
        )
    if RefusalGround.YOUNG_PERSON_INTERESTS in grounds and request.requester_role not in REPRESENTATIVE_ROLES:
        raise DomainError(
            _("The young person's weighty interests limit the rights of a representative only (R-DSR-8)."),
            field="grounds",
        )
    if RefusalGround.ERASURE_EXCEPTION in grounds and request.request_type != RequestType.ERASURE:
        raise DomainError(_("An art. 17(3) exception applies to erasure requests only."), field="grounds")
    if RefusalGround.COMPELLING_GROUNDS in grounds and request.request_type != RequestType.OBJECTION:
        raise DomainError(
            _("Compelling legitimate grounds answer an objection only (GDPR art. 21)."), field="grounds"
        )
    if (
        RefusalGround.LAW_ENFORCEMENT in grounds
        and request.organisation.kind != OrganisationKind.POLICE_FORCE
    ):
        raise DomainError(
            _("Restriction for law-enforcement purposes (DPA 2018 Part 3) applies to police forces only."),
            field="grounds",
        )


def _validate_destruction(decision: str, report_refuted: bool | None) -> None:
    if decision == Decision.GRANT:
        return
    if report_refuted is None:
        raise DomainError(
            _("Say whether the investigation refuted the report before refusing destruction (R-DSR-5)."),
            field="report_refuted",
        )
    if report_refuted:
        raise DomainError(
            _("The investigation refuted the report: the destruction request must be granted (R-DSR-5)."),
            field="decision",
        )


def _validate_significant_interest(request: SubjectRequest, holder: str, facts: str) -> None:
    if not holder:
        raise DomainError(
            _("Say whose significant interest requires keeping the data (R-DSR-13)."),
            field="significant_interest_holder",
        )
    if holder.casefold() == request.requester_name.casefold():
        raise DomainError(
            _("The significant interest must be someone else's than the requester's (R-DSR-5)."),
            field="significant_interest_holder",
        )
    if len(facts.split()) < MIN_FACT_WORDS or facts.casefold() in {
        str(label).casefold() for label in RefusalGround.labels
    }:
        raise DomainError(
            _(
                "Record the concrete facts that make keeping the data of significant interest, not "
                "only the ground (R-DSR-13)."
            ),
            field="significant_interest_facts",
        )


def _validate_objection(request: SubjectRequest, decision: str) -> None:
    """R-CON-7: an objection is decided by a new, recorded weighing, and as it concluded."""
    weighing = ObjectionWeighing.objects.filter(request=request).first()
    if weighing is None:
        raise DomainError(
            _(
                "An objection is decided through a recorded weighing (R-CON-7): record the processing "
                "objected to, the objector's grounds, our grounds and the outcome first."
            ),
            field="decision",
        )
    if DECISION_BY_OUTCOME[weighing.outcome] != decision:
        raise DomainError(
            _("The decision must follow the weighing: %(outcome)s.")
            % {"outcome": weighing.get_outcome_display().lower()},
            field="decision",
        )


def subject_request_decide(
    *,
    acting_user,
    request: SubjectRequest,
    decision: str,
    reasons: str,
    grounds: list[str] = (),
    erasure_exception: str = "",
    significant_interest_holder: str = "",
    significant_interest_facts: str = "",
    report_refuted: bool | None = None,
) -> SubjectRequest:
    """Record the decision and its reasons; the written answer is due by the deadline."""
    require_request_handler(acting_user, request)
    if decision not in Decision.values:
        raise DomainError(_("Choose grant, partly grant or refuse."), field="decision")
    reasons = required_text(
        reasons, _("Give the reasons for the decision: the answer is reasoned."), "reasons"
    )
    grounds = list(dict.fromkeys(grounds or ()))
    erasure_exception = (erasure_exception or "").strip()
    holder = (significant_interest_holder or "").strip()
    facts = (significant_interest_facts or "").strip()
    with transaction.atomic():
        locked = request_lock(request)
        ensure_can_move(locked, RequestStatus.DECIDED)
        if locked.request_type == RequestType.OBJECTION:
            _validate_objection(locked, decision)
        _validate_grounds(locked, decision, grounds)
        limits_representative = decision != Decision.GRANT and locked.requester_role in REPRESENTATIVE_ROLES
        if limits_representative and acting_user.role != Role.TEAM_LEADER:
            raise NotAllowed(
                _("Only a team leader can limit or refuse the rights of a legal representative (R-DSR-8).")
            )
        if locked.request_type == RequestType.DESTRUCTION:
            _validate_destruction(decision, report_refuted)
        elif report_refuted is not None:
            raise DomainError(
                _("Only a destruction request asks whether the report was refuted."), field="report_refuted"
            )
        if RefusalGround.SIGNIFICANT_INTEREST in grounds:
            _validate_significant_interest(locked, holder, facts)
        elif holder or facts:
            raise DomainError(
                _("Facts of a significant interest belong with that ground only."),
                field="significant_interest_facts",
            )
        needs_exception = (
            locked.request_type == RequestType.ERASURE
            and decision != Decision.GRANT
            and RefusalGround.MANIFESTLY_UNFOUNDED not in grounds
        )
        if erasure_exception and erasure_exception not in ErasureException.values:
            raise DomainError(
                _("Unknown art. 17(3) exception %(value)s.") % {"value": repr(erasure_exception)},
                field="erasure_exception",
            )
        if needs_exception and not erasure_exception:
            raise DomainError(
                _("Record the GDPR art. 17(3) exception that allows keeping the data (R-DSR-6)."),
                field="erasure_exception",
            )
        if erasure_exception and locked.request_type != RequestType.ERASURE:
            raise DomainError(
                _("An art. 17(3) exception applies to erasure requests only."), field="erasure_exception"
            )
        if erasure_exception and RefusalGround.ERASURE_EXCEPTION not in grounds:
            grounds.append(RefusalGround.ERASURE_EXCEPTION)

        locked.decision = decision
        locked.decision_reasons = reasons
        locked.refusal_grounds = grounds
        locked.erasure_exception = erasure_exception
        locked.significant_interest_holder = holder
        locked.significant_interest_facts = facts
        locked.report_refuted = report_refuted
        locked.representative_rights_limited = limits_representative
        locked.decided_by = acting_user
        locked.decided_on = timezone.localdate()
        legal_basis = LEGAL_BASIS_BY_TYPE[locked.request_type]
        if limits_representative:
            legal_basis += "; R-DSR-8"
        return request_move(
            locked,
            acting_user=acting_user,
            new_status=RequestStatus.DECIDED,
            reason=reasons,
            update_fields=(
                "decision",
                "decision_reasons",
                "refusal_grounds",
                "erasure_exception",
                "significant_interest_holder",
                "significant_interest_facts",
                "report_refuted",
                "representative_rights_limited",
                "decided_by",
                "decided_on",
            ),
            legal_basis=legal_basis,
            data={
                "decision": decision,
                "grounds": grounds,
                "erasure_exception": erasure_exception,
                "on_time": locked.decided_on <= locked.current_due_on if locked.current_due_on else None,
            },
        )
