"""R-DSR-2, R-DSR-14: other people's names, identifiers and dates of birth are proposed for
redaction, never the subject's own; each proposal is reviewed with a reason."""

import datetime as dt

import pytest

from core.errors import DomainError, NotAllowed
from core.models import DomainEvent
from subject_rights.models import (
    RedactionCategory,
    RedactionProposal,
    RedactionReason,
    RedactionStatus,
    SourceKind,
)
from subject_rights.services.disclosure import (
    ReviewAction,
    redaction_add,
    redaction_review,
    redactions_propose,
)
from subject_rights.services.disclosure.detection import find_spans, terms_for
from tests.factories import PersonFactory
from tests.subject_rights.disclosure_factories import household
from tests.subject_rights.support import log_request, request_in_progress


@pytest.fixture
def home(veilig_thuis, caseworker):
    return household(veilig_thuis, caseworker)


@pytest.fixture
def eva_request(caseworker, home):
    return request_in_progress(caseworker, home.eva)


def _texts(request, kind, pk):
    return [
        (p.matched_text, p.category)
        for p in RedactionProposal.objects.filter(request=request, source_kind=kind, source_id=pk).order_by(
            "start"
        )
    ]


def test_it_proposes_other_members_names_identifier_and_date_of_birth_but_not_the_subjects(
    caseworker, home, eva_request
):
    found = redactions_propose(acting_user=caseworker, request=eva_request)

    shared = _texts(eva_request, SourceKind.ENTRY, home.shared.pk)
    assert shared == [
        ("Piet", RedactionCategory.GIVEN_NAME),
        ("Sam", RedactionCategory.GIVEN_NAME),
        ("Piet Jansen", RedactionCategory.FULL_NAME),
        ("123456782", RedactionCategory.IDENTIFIER),
        ("14-02-1984", RedactionCategory.DATE_OF_BIRTH),
    ]
    matched = {text for text, _category in shared}
    # Eva's own name (and the family name she shares) are hers to see.
    assert "Eva" not in matched and "Eva Jansen" not in matched and "Jansen" not in matched
    record = _texts(eva_request, SourceKind.RECORD, home.record.pk)
    assert ("Piet Jansen", RedactionCategory.FULL_NAME) in record
    assert ("14 February 1984", RedactionCategory.DATE_OF_BIRTH) in record
    assert found == RedactionProposal.objects.filter(request=eva_request).count()
    # Nothing from the entries that do not concern Eva is looked at, let alone proposed.
    assert not RedactionProposal.objects.filter(
        source_id__in=[home.piet_only.pk, home.sam_only.pk], source_kind="entry"
    )
    assert DomainEvent.objects.filter(verb="subject_request.redactions_proposed").exists()


def test_it_proposes_nothing_twice(caseworker, eva_request, home):
    first = redactions_propose(acting_user=caseworker, request=eva_request)
    assert first > 0
    assert redactions_propose(acting_user=caseworker, request=eva_request) == 0


def test_it_finds_dates_of_birth_written_in_english_dutch_and_welsh(veilig_thuis):
    subject = PersonFactory(organisation=veilig_thuis, date_of_birth=dt.date(1986, 5, 5))
    other = PersonFactory(organisation=veilig_thuis, date_of_birth=dt.date(1984, 2, 14))
    terms = [t for t in terms_for([other], subject) if t.category == RedactionCategory.DATE_OF_BIRTH]
    for text in ("14 februari 1984", "14 Chwefror 1984", "1984-02-14", "14/2/1984", "February 14, 1984"):
        assert [s.text for s in find_spans(f"Born {text}.", terms)] == [text]
    # Not inside another number, and not the subject's own date of birth.
    assert find_spans("Ref 114-02-19845 and 5-5-1986", terms) == []


def test_it_prefers_the_full_name_over_the_given_name_inside_it(veilig_thuis):
    subject = PersonFactory(organisation=veilig_thuis, given_names="Eva", family_name="Jansen")
    other = PersonFactory(organisation=veilig_thuis, given_names="Anna Maria", family_name="de Vries")
    spans = find_spans("Met Anna Maria de Vries en Anna gesproken.", terms_for([other], subject))
    assert [(s.text, s.category) for s in spans] == [
        ("Anna Maria de Vries", RedactionCategory.FULL_NAME),
        ("Anna", RedactionCategory.GIVEN_NAME),
    ]


def test_review_needs_a_reason_and_saves_nothing_without_one(caseworker, eva_request):
    redactions_propose(acting_user=caseworker, request=eva_request)
    proposal = RedactionProposal.objects.filter(request=eva_request).first()
    events = DomainEvent.objects.count()

    with pytest.raises(DomainError) as accept_error:
        redaction_review(acting_user=caseworker, proposal=proposal, action=ReviewAction.ACCEPT)
    assert accept_error.value.field == "reason"
    with pytest.raises(DomainError) as other_error:
        redaction_review(
            acting_user=caseworker,
            proposal=proposal,
            action=ReviewAction.ACCEPT,
            reason=RedactionReason.OTHER,
        )
    assert other_error.value.field == "note"
    with pytest.raises(DomainError) as reject_error:
        redaction_review(acting_user=caseworker, proposal=proposal, action=ReviewAction.REJECT, note="  ")
    assert reject_error.value.field == "note"

    proposal.refresh_from_db()
    assert proposal.status == RedactionStatus.PROPOSED and proposal.reviewed_by is None
    assert DomainEvent.objects.count() == events


def test_review_accepts_edits_and_rejects_with_who_and_why(caseworker, eva_request, home):
    redactions_propose(acting_user=caseworker, request=eva_request)
    proposals = list(
        RedactionProposal.objects.filter(request=eva_request, source_id=home.shared.pk, source_kind="entry")
    )
    given, sam, full = proposals[0], proposals[1], proposals[2]

    accepted = redaction_review(
        acting_user=caseworker, proposal=given, action=ReviewAction.ACCEPT, reason=RedactionReason.SAFETY
    )
    assert accepted.status == RedactionStatus.ACCEPTED
    assert accepted.reviewed_by == caseworker and accepted.reviewed_at is not None
    assert accepted.reason == RedactionReason.SAFETY

    edited = redaction_review(
        acting_user=caseworker,
        proposal=full,
        action=ReviewAction.EDIT,
        reason=RedactionReason.THIRD_PARTY_PRIVACY,
        text="Piet Jansen (BSN 123456782, born 14-02-1984)",
    )
    assert edited.status == RedactionStatus.EDITED
    assert edited.matched_text == "Piet Jansen (BSN 123456782, born 14-02-1984)"
    assert home.shared.body[edited.start : edited.end] == edited.matched_text

    rejected = redaction_review(
        acting_user=caseworker,
        proposal=sam,
        action=ReviewAction.REJECT,
        note="Eva is Sam's mother and knows.",
    )
    assert rejected.status == RedactionStatus.REJECTED and rejected.note == "Eva is Sam's mother and knows."
    verbs = set(
        DomainEvent.objects.filter(verb__startswith="subject_request.redaction_").values_list(
            "verb", flat=True
        )
    )
    assert verbs == {
        "subject_request.redaction_accepted",
        "subject_request.redaction_edited",
        "subject_request.redaction_rejected",
    }


def test_an_edit_must_name_text_in_the_passage(caseworker, eva_request):
    redactions_propose(acting_user=caseworker, request=eva_request)
    proposal = RedactionProposal.objects.filter(request=eva_request).first()
    with pytest.raises(DomainError) as error:
        redaction_review(
            acting_user=caseworker,
            proposal=proposal,
            action=ReviewAction.EDIT,
            reason=RedactionReason.SAFETY,
            text="not in the text",
        )
    assert error.value.field == "text"
    proposal.refresh_from_db()
    assert proposal.status == RedactionStatus.PROPOSED


def test_a_manual_redaction_blacks_out_every_occurrence_in_the_passage(caseworker, eva_request, home):
    added = redaction_add(
        acting_user=caseworker,
        request=eva_request,
        source_kind=SourceKind.ENTRY,
        source_id=home.shared.pk,
        source_field="body",
        text="denies it",
        reason=RedactionReason.OTHER,
        note="Identifies the father from context.",
    )
    assert [(p.matched_text, p.status, p.category) for p in added] == [
        ("denies it", RedactionStatus.ACCEPTED, RedactionCategory.MANUAL)
    ]
    assert added[0].proposed_by == caseworker == added[0].reviewed_by


def test_a_manual_redaction_stays_within_the_subjects_scope_r_dsr_1(caseworker, eva_request, home):
    before = RedactionProposal.objects.count()
    with pytest.raises(DomainError):
        redaction_add(
            acting_user=caseworker,
            request=eva_request,
            source_kind=SourceKind.ENTRY,
            source_id=home.piet_only.pk,
            source_field="body",
            text="PIET-ONLY",
            reason=RedactionReason.SAFETY,
        )
    with pytest.raises(DomainError):
        redaction_add(
            acting_user=caseworker,
            request=eva_request,
            source_kind=SourceKind.ENTRY,
            source_id=home.shared.pk,
            source_field="body",
            text="nowhere in the text",
            reason=RedactionReason.SAFETY,
        )
    assert RedactionProposal.objects.count() == before


def test_only_the_handler_the_records_unit_and_leaders_may_review(colleague, outsider, eva_request, home):
    for user in (colleague, outsider):
        with pytest.raises(NotAllowed):
            redactions_propose(acting_user=user, request=eva_request)
    assert not RedactionProposal.objects.exists()


def test_nothing_is_proposed_before_the_identity_is_verified_r_dsr_9(caseworker, home):
    request = log_request(caseworker, home.eva)
    with pytest.raises(DomainError):
        redactions_propose(acting_user=caseworker, request=request)
    assert not RedactionProposal.objects.exists()


def test_a_corrected_passage_moves_its_redactions_and_drops_unreviewed_ones_that_are_gone(
    caseworker, eva_request, home
):
    """A rectification (R-DSR-3) may change an entry after its review: the burned-in spans
    must follow the text, not the old character positions."""
    from records.models import DossierEntry

    redactions_propose(acting_user=caseworker, request=eva_request)
    entry_proposals = RedactionProposal.objects.filter(request=eva_request, source_kind="entry")
    full = entry_proposals.get(matched_text="Piet Jansen")
    redaction_review(
        acting_user=caseworker, proposal=full, action=ReviewAction.ACCEPT, reason=RedactionReason.SAFETY
    )
    DossierEntry.objects.filter(pk=home.shared.pk).update(
        body="Correction: Eva Jansen said that Piet Jansen denies it."
    )

    redactions_propose(acting_user=caseworker, request=eva_request)

    full.refresh_from_db()
    body = DossierEntry.objects.get(pk=home.shared.pk).body
    assert body[full.start : full.end] == "Piet Jansen" and full.status == RedactionStatus.ACCEPTED
    remaining = set(entry_proposals.values_list("matched_text", flat=True))
    assert "123456782" not in remaining and "14-02-1984" not in remaining
