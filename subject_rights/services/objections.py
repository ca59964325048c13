"""Objections (GDPR art. 21; R-CON-7): a new, recorded weighing decides every objection.

* ``objection_weigh`` records the weighing (the processing objected to, the objector's
  grounds, the organisation's compelling legitimate grounds or none, the outcome and the
  reasons) and decides the request from it in the same transaction; deciding an objection
  any other way is refused (subject_rights.services.decisions).
* Continuing the processing, wholly or in part, needs compelling legitimate grounds that
  override the objector's interests (art. 21(1)). Processing that rests on consent stops
  when the consent is withdrawn (art. 7(3)): no weighing can keep it going.
* "Stop the processing" takes effect at once: the consent concerned is withdrawn
  (R-CON-1), otherwise the subject's data is restricted (GDPR art. 18) through the existing
  restriction effect, so it is only stored from then on.
* ``objection_view_attach`` adds the objector's own view (zienswijze) to the file as an own
  statement concerning only the subject, so it shows in every later disclosure to them.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError, InvalidTransition
from core.services import domain_event_record
from records.models import DossierEntry, DossierMember, EntryKind, EntryNature, Person, PersonRestriction
from records.services import dossier_entry_add
from subject_rights.models import (
    DECISION_BY_OUTCOME,
    Consent,
    ObjectionOutcome,
    ObjectionWeighing,
    ProcessingBasis,
    RefusalGround,
    RequestStatus,
    RequestType,
    SubjectRequest,
)
from subject_rights.services.common import require_request_handler, required_text
from subject_rights.services.consent import consent_withdraw
from subject_rights.services.decisions import subject_request_decide
from subject_rights.services.effects.restriction import restriction_apply
from subject_rights.services.workflow import ensure_can_move, request_lock

R_CON_7 = "GDPR art. 21; R-CON-7"
# The objector's view can be added while the objection is handled and after it is decided.
VIEW_STATUSES = frozenset(
    {
        RequestStatus.RECEIVED,
        RequestStatus.AWAITING_IDENTITY,
        RequestStatus.IN_PROGRESS,
        RequestStatus.PAUSED,
        RequestStatus.EXTENDED,
        RequestStatus.DECIDED,
        RequestStatus.FULFILLED,
    }
)


def _require_objection(request: SubjectRequest) -> None:
    if request.request_type != RequestType.OBJECTION:
        raise DomainError(_("Only an objection is decided by weighing it (R-CON-7)."), field="request")


def _validate_consent(request: SubjectRequest, basis: str, consent: Consent | None, outcome: str) -> None:
    if basis != ProcessingBasis.CONSENT:
        if consent is not None:
            raise DomainError(_("A consent belongs with processing that rests on consent."), field="consent")
        return
    if consent is None:
        raise DomainError(_("Choose the consent the processing rests on."), field="consent")
    if consent.subject_id != request.subject_id or consent.organisation_id != request.organisation_id:
        raise DomainError(_("Choose a consent given for this subject."), field="consent")
    if consent.withdrawn_on is not None:
        raise DomainError(
            _("This consent was already withdrawn on %(date)s.")
            % {"date": f"{consent.withdrawn_on:%d-%m-%Y}"},
            field="consent",
        )
    if outcome != ObjectionOutcome.STOP:
        raise DomainError(
            _(
                "Processing that rests on consent stops when the consent is withdrawn (GDPR art. 7(3)); "
                "it cannot be continued by a weighing."
            ),
            field="outcome",
        )


def objection_weigh(
    *,
    acting_user,
    request: SubjectRequest,
    processing: str,
    basis: str,
    objector_grounds: str,
    compelling_grounds: str = "",
    outcome: str,
    reasons: str,
    consent: Consent | None = None,
    withdrawn_by: Person | None = None,
) -> ObjectionWeighing:
    """Record the weighing of an objection and decide the request by its outcome (R-CON-7)."""
    require_request_handler(acting_user, request)
    _require_objection(request)
    processing = required_text(processing, _("Describe the processing objected to."), "processing")
    if basis not in ProcessingBasis.values:
        raise DomainError(_("Choose the lawful basis of the processing."), field="basis")
    objector_grounds = required_text(
        objector_grounds,
        _("Record the objector's grounds: the weighing starts from their particular situation."),
        "objector_grounds",
    )
    compelling_grounds = (compelling_grounds or "").strip()
    if outcome not in ObjectionOutcome.values:
        raise DomainError(_("Choose the outcome of the weighing."), field="outcome")
    reasons = required_text(
        reasons, _("Give the reasons of the weighing: the objector reads them."), "reasons"
    )
    if outcome != ObjectionOutcome.STOP and not compelling_grounds:
        raise DomainError(
            _(
                "Processing continues after an objection only for compelling legitimate grounds that "
                "override the objector's interests (GDPR art. 21(1)): record them, or stop the processing."
            ),
            field="compelling_grounds",
        )
    _validate_consent(request, basis, consent, outcome)
    if consent is not None and withdrawn_by is None:
        raise DomainError(_("Say who withdraws the consent by objecting."), field="withdrawn_by")

    with transaction.atomic():
        locked = request_lock(request)
        ensure_can_move(locked, RequestStatus.DECIDED)
        if ObjectionWeighing.objects.filter(request=locked).exists():
            raise InvalidTransition(_("This objection was already weighed."))
        weighing = ObjectionWeighing.objects.create(
            organisation_id=locked.organisation_id,
            request=locked,
            processing=processing,
            basis=basis,
            consent=consent,
            objector_grounds=objector_grounds,
            compelling_grounds=compelling_grounds,
            outcome=outcome,
            reasons=reasons,
            weighed_by=acting_user,
        )
        domain_event_record(
            acting_user=acting_user,
            verb="objection.weighed",
            target=locked,
            reason=reasons,
            legal_basis=R_CON_7,
            data={
                "weighing": weighing.pk,
                "outcome": outcome,
                "basis": basis,
                "consent": consent and consent.pk,
            },
        )
        decision = DECISION_BY_OUTCOME[outcome]
        subject_request_decide(
            acting_user=acting_user,
            request=locked,
            decision=decision,
            reasons=reasons,
            grounds=[] if outcome == ObjectionOutcome.STOP else [RefusalGround.COMPELLING_GROUNDS],
        )
        if outcome == ObjectionOutcome.STOP:
            _stop_processing(acting_user, locked, weighing, withdrawn_by)
    return weighing


def _stop_processing(acting_user, request: SubjectRequest, weighing: ObjectionWeighing, withdrawn_by) -> None:
    """The effect of "stop": withdraw the consent, or restrict the subject's data (art. 18)."""
    if weighing.consent_id is not None:
        consent_withdraw(
            acting_user=acting_user,
            consent=weighing.consent,
            withdrawn_by=withdrawn_by,
            note=_("Withdrawn by objection %(reference)s (R-CON-7).") % {"reference": request.reference},
        )
        return
    if PersonRestriction.objects.filter(person_id=request.subject_id, lifted_at__isnull=True).exists():
        return  # already only stored: nothing more to stop
    restriction_apply(
        acting_user=acting_user,
        request=request,
        reason=_("The objection was upheld (request %(reference)s): %(processing)s")
        % {"reference": request.reference, "processing": weighing.processing},
    )


def objection_view_attach(
    *, acting_user, request: SubjectRequest, member: DossierMember, body: str
) -> DossierEntry:
    """Add the objector's view (zienswijze) to the subject's dossier (R-CON-7)."""
    body = required_text(body, _("Enter the objector's view as they gave it."), "body")
    require_request_handler(acting_user, request)
    _require_objection(request)
    with transaction.atomic():
        locked = request_lock(request)
        if locked.status not in VIEW_STATUSES:
            raise InvalidTransition(
                _("Request %(reference)s is closed: reopen it or log a new objection.")
                % {"reference": locked.reference}
            )
        if member.person_id != locked.subject_id or member.dossier.organisation_id != locked.organisation_id:
            raise DomainError(_("Choose a dossier the subject is a member of."), field="member")
        # An own statement: the subject's opinion, concerning only them; passing the request
        # lets it in even while the subject's data is restricted (their own request).
        return dossier_entry_add(
            acting_user=acting_user,
            dossier=member.dossier,
            kind=EntryKind.OWN_STATEMENT,
            nature=EntryNature.OPINION,
            body=body,
            concerns=[member],
            source=_("The objector's view (zienswijze) on objection %(reference)s")
            % {"reference": locked.reference},
            subject_request=locked,
        )
