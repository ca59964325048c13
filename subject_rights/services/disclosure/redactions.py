"""Redaction proposals and their review (R-DSR-2, R-DSR-14).

``redactions_propose`` looks for other people's names, identifiers and dates of birth in
every in-scope text and proposes a redaction for each span not proposed before; it is
idempotent and runs again before every document, so an entry added later (an own
statement, R-DSR-4) is checked too. A span whose text has changed since it was proposed
(the entry was corrected) is found again by its text, or dropped if still unreviewed.
``redaction_review`` accepts, edits or rejects one proposal, always with a reason;
``redaction_add`` blacks out text the search did not find (people identifiable from
context).
"""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, InvalidTransition
from core.services import domain_event_record
from subject_rights.models import (
    REDACTABLE_FIELDS,
    RedactionCategory,
    RedactionProposal,
    RedactionReason,
    RedactionStatus,
    SubjectRequest,
)
from subject_rights.selectors.scope import disclosure_scope
from subject_rights.services.common import required_text
from subject_rights.services.disclosure.common import require_disclosure_handler, require_disclosure_request
from subject_rights.services.disclosure.detection import find_spans, occurrences, terms_for
from subject_rights.services.workflow import request_lock

LEGAL_BASIS = "R-DSR-2; R-DSR-14"


class ReviewAction:
    ACCEPT = "accept"
    EDIT = "edit"
    REJECT = "reject"
    ALL = (ACCEPT, EDIT, REJECT)


def is_current(proposal: RedactionProposal, text: str) -> bool:
    """The span still covers the text it was proposed for."""
    return text[proposal.start : proposal.end] == proposal.matched_text


def _reanchor(proposals: list[RedactionProposal], text: str) -> list[RedactionProposal]:
    """Move stale spans to where their text is now; drop unreviewed ones whose text is gone.

    Returns the proposals that still apply to ``text``.
    """
    taken = {(p.start, p.end) for p in proposals if is_current(p, text)}
    kept: list[RedactionProposal] = []
    for proposal in proposals:
        if is_current(proposal, text):
            kept.append(proposal)
            continue
        free = [o for o in occurrences(text, proposal.matched_text) if o not in taken]
        if free:
            start, end = min(free, key=lambda o: abs(o[0] - proposal.start))
            proposal.start, proposal.end = start, end
            proposal.save(update_fields=["start", "end"])
            taken.add((start, end))
            kept.append(proposal)
        elif proposal.status == RedactionStatus.PROPOSED:
            proposal.delete()
    return kept


def redactions_propose(*, acting_user, request: SubjectRequest) -> int:
    """Propose a redaction for every third party's data not proposed before; the number new."""
    require_disclosure_handler(acting_user, request)
    require_disclosure_request(request)
    with transaction.atomic():
        locked = request_lock(request)
        scope = disclosure_scope(request=locked)
        terms = terms_for(scope.third_parties, scope.subject)
        existing: dict[tuple, list[RedactionProposal]] = defaultdict(list)
        for proposal in locked.redactions.all():
            existing[(proposal.source_kind, proposal.source_id, proposal.source_field)].append(proposal)
        new: list[RedactionProposal] = []
        for item in scope.items:
            for field, text in item.fields.items():
                current = _reanchor(existing.pop((item.kind, item.pk, field), []), text)
                for span in find_spans(text, terms):
                    if any(span.overlaps(p.start, p.end) for p in current):
                        continue
                    new.append(
                        RedactionProposal(
                            organisation_id=locked.organisation_id,
                            request=locked,
                            source_kind=item.kind,
                            source_id=item.pk,
                            source_field=field,
                            start=span.start,
                            end=span.end,
                            matched_text=span.text,
                            category=span.category,
                            third_party_id=span.person_id,
                        )
                    )
        # Proposals on items no longer in scope (another subject's entry now) never apply.
        RedactionProposal.objects.filter(
            pk__in=[
                p.pk for group in existing.values() for p in group if p.status == RedactionStatus.PROPOSED
            ]
        ).delete()
        RedactionProposal.objects.bulk_create(new)
        domain_event_record(
            acting_user=acting_user,
            verb="subject_request.redactions_proposed",
            target=locked,
            legal_basis=LEGAL_BASIS,
            data={"proposed": len(new), "items": len(scope.items), "third_parties": len(scope.third_parties)},
        )
    return len(new)


def _reason(reason: str, note: str) -> tuple[str, str]:
    if reason not in RedactionReason.values:
        raise DomainError(_("Choose why this is withheld."), field="reason")
    note = (note or "").strip()
    if reason == RedactionReason.OTHER and not note:
        raise DomainError(_("Explain the other reason for withholding this."), field="note")
    return reason, note


def _source_text(scope, kind: str, pk: int, field: str) -> str:
    item = scope.item(kind, pk)
    if item is None or field not in item.fields:
        raise DomainError(_("That text is not part of this request's disclosure (R-DSR-1)."), field="source")
    return item.fields[field]


def redaction_review(
    *,
    acting_user,
    proposal: RedactionProposal,
    action: str,
    reason: str = "",
    note: str = "",
    text: str = "",
) -> RedactionProposal:
    """Accept, edit (redact other text instead) or reject one proposal, with the reason.

    Withholding needs its ground (a third party's privacy, safety, or another explained
    reason); disclosing someone else's data needs the explanation why that is reasonable
    (they consented, or the requester already knows it) (R-DSR-14).
    """
    request = proposal.request
    require_disclosure_handler(acting_user, request)
    require_disclosure_request(request)
    if action not in ReviewAction.ALL:
        raise DomainError(_("Choose to redact, edit or disclose."), field="action")
    if action == ReviewAction.REJECT:
        reason = ""
        note = required_text(
            note,
            _("Say why disclosing this is reasonable (consent, or the requester already knows it)."),
            "note",
        )
    else:
        reason, note = _reason(reason, note)
    with transaction.atomic():
        request_lock(request)
        locked = RedactionProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.category == RedactionCategory.MANUAL and action == ReviewAction.REJECT:
            raise InvalidTransition(_("A redaction you added yourself is removed, not disclosed."))
        old_status = locked.status
        fields = ["status", "reason", "note", "reviewed_by", "reviewed_at"]
        if action == ReviewAction.EDIT:
            scope = disclosure_scope(request=request)
            source = _source_text(scope, locked.source_kind, locked.source_id, locked.source_field)
            text = required_text(text, _("Give the exact text to redact instead."), "text")
            found = occurrences(source, text)
            if not found:
                raise DomainError(_("That text does not occur in this passage."), field="text")
            start, end = min(found, key=lambda o: abs(o[0] - locked.start))
            clash = (
                RedactionProposal.objects.filter(
                    request=request,
                    source_kind=locked.source_kind,
                    source_id=locked.source_id,
                    source_field=locked.source_field,
                    start=start,
                    end=end,
                )
                .exclude(pk=locked.pk)
                .exists()
            )
            if clash:
                raise DomainError(_("Exactly this text already has a redaction of its own."), field="text")
            locked.start, locked.end, locked.matched_text = start, end, source[start:end]
            fields += ["start", "end", "matched_text"]
        locked.status = {
            ReviewAction.ACCEPT: RedactionStatus.ACCEPTED,
            ReviewAction.EDIT: RedactionStatus.EDITED,
            ReviewAction.REJECT: RedactionStatus.REJECTED,
        }[action]
        locked.reason, locked.note = reason, note
        locked.reviewed_by, locked.reviewed_at = acting_user, timezone.now()
        locked.save(update_fields=fields)
        domain_event_record(
            acting_user=acting_user,
            verb=f"subject_request.redaction_{locked.status}",
            target=request,
            reason=note,
            legal_basis=LEGAL_BASIS,
            data={"redaction": locked.pk, "old_status": old_status, "reason": reason},
        )
    return locked


def redaction_add(
    *,
    acting_user,
    request: SubjectRequest,
    source_kind: str,
    source_id: int,
    source_field: str,
    text: str,
    reason: str,
    note: str = "",
) -> list[RedactionProposal]:
    """Black out ``text`` wherever it occurs in one field of one in-scope item."""
    require_disclosure_handler(acting_user, request)
    require_disclosure_request(request)
    if source_field not in REDACTABLE_FIELDS.get(source_kind, ()):
        raise DomainError(_("Choose the passage the text is in."), field="source")
    text = required_text(text, _("Give the exact text to redact."), "text")
    reason, note = _reason(reason, note)
    with transaction.atomic():
        locked = request_lock(request)
        scope = disclosure_scope(request=locked)
        source = _source_text(scope, source_kind, source_id, source_field)
        found = occurrences(source, text)
        if not found:
            raise DomainError(_("That text does not occur in the passage chosen."), field="text")
        taken = set(
            RedactionProposal.objects.filter(
                request=locked, source_kind=source_kind, source_id=source_id, source_field=source_field
            ).values_list("start", "end")
        )
        now = timezone.now()
        added = [
            RedactionProposal.objects.create(
                organisation_id=locked.organisation_id,
                request=locked,
                source_kind=source_kind,
                source_id=source_id,
                source_field=source_field,
                start=start,
                end=end,
                matched_text=source[start:end],
                category=RedactionCategory.MANUAL,
                status=RedactionStatus.ACCEPTED,
                reason=reason,
                note=note,
                proposed_by=acting_user,
                reviewed_by=acting_user,
                reviewed_at=now,
            )
            for start, end in found
            if (start, end) not in taken
        ]
        if not added:
            raise DomainError(_("That text already has a redaction."), field="text")
        domain_event_record(
            acting_user=acting_user,
            verb="subject_request.redaction_added",
            target=locked,
            reason=note,
            legal_basis=LEGAL_BASIS,
            data={"redactions": [p.pk for p in added], "reason": reason, "source_kind": source_kind},
        )
    return added


def redaction_remove(*, acting_user, proposal: RedactionProposal) -> None:
    """Take back a redaction the reviewer added by hand (a typo, the wrong passage)."""
    request = proposal.request
    require_disclosure_handler(acting_user, request)
    require_disclosure_request(request)
    if proposal.category != RedactionCategory.MANUAL:
        raise InvalidTransition(_("A proposed redaction is reviewed, not removed."))
    with transaction.atomic():
        request_lock(request)
        domain_event_record(
            acting_user=acting_user,
            verb="subject_request.redaction_removed",
            target=request,
            legal_basis=LEGAL_BASIS,
            data={"redaction": proposal.pk},
        )
        proposal.delete()
