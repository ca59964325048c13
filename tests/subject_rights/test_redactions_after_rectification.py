"""Redaction proposals follow a rectified entry (R-DSR-3, R-DSR-14).

A proposal copies text out of its source (``matched_text``). When the entry is corrected the
old text lives on in the audit log only: a proposal whose text is still in the new text moves
to it; any other — reviewed or not — is deleted, and the next proposal run looks at the new
text afresh.
"""

import pytest

from core.errors import DomainError
from subject_rights.models import (
    RedactionCategory,
    RedactionProposal,
    RedactionStatus,
    RequestType,
    SourceKind,
)
from subject_rights.services.effects import rectification_entry_apply
from tests.subject_rights.conftest import at
from tests.subject_rights.effects_factories import DECIDED, RECEIVED, decided, household
from tests.subject_rights.support import request_in_progress

pytestmark = pytest.mark.django_db

OLD = "Eva works nights at the hospital."
NEW = "At the hospital Eva now works days."


def _proposal(request, entry, text, status=RedactionStatus.PROPOSED, field="body"):
    source = getattr(entry, field)
    start = source.index(text)
    return RedactionProposal.objects.create(
        organisation=request.organisation,
        request=request,
        source_kind=SourceKind.ENTRY,
        source_id=entry.pk,
        source_field=field,
        start=start,
        end=start + len(text),
        matched_text=text,
        category=RedactionCategory.FULL_NAME,
        status=status,
    )


def test_r_dsr_3_a_rectified_entry_keeps_no_proposal_with_its_old_text(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    assert house.mine.body == OLD
    access = request_in_progress(caseworker, adult, received_on=RECEIVED, request_type=RequestType.ACCESS)
    gone = _proposal(access, house.mine, "nights")
    reviewed_gone = _proposal(access, house.mine, "works nights", status=RedactionStatus.ACCEPTED)
    moved = _proposal(access, house.mine, "hospital", status=RedactionStatus.ACCEPTED)
    elsewhere = _proposal(access, house.kids, house.kids.body[:3])
    rectification = decided(caseworker, adult, RequestType.RECTIFICATION)

    with at(DECIDED):
        rectification_entry_apply(acting_user=caseworker, request=rectification, entry=house.mine, body=NEW)

    remaining = {p.pk: p for p in RedactionProposal.objects.filter(request=access)}
    assert set(remaining) == {moved.pk, elsewhere.pk}
    assert gone.pk not in remaining and reviewed_gone.pk not in remaining
    relocated = remaining[moved.pk]
    # Re-anchored where its text now is, its review kept.
    assert NEW[relocated.start : relocated.end] == "hospital"
    assert relocated.status == RedactionStatus.ACCEPTED
    assert not any("nights" in p.matched_text for p in remaining.values())


def test_a_refused_correction_leaves_the_proposals_alone(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    access = request_in_progress(caseworker, adult, received_on=RECEIVED, request_type=RequestType.ACCESS)
    proposal = _proposal(access, house.mine, "nights")
    rectification = decided(caseworker, adult, RequestType.RECTIFICATION)

    with at(DECIDED), pytest.raises(DomainError, match="same as the current text"):
        rectification_entry_apply(acting_user=caseworker, request=rectification, entry=house.mine, body=OLD)

    proposal.refresh_from_db()
    assert (proposal.start, proposal.end, proposal.matched_text) == (10, 16, "nights")
