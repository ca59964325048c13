"""The request workflow: the declared transition table, identity verification and the ID
copy (R-DSR-9), the clock start (R-DSR-11), closing and fulfilling."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import DomainError, InvalidTransition, NotAllowed
from core.models import DomainEvent
from subject_rights.models import Decision, IdentityMethod, RequesterRole, RequestStatus
from subject_rights.services import (
    TRANSITIONS,
    subject_request_decide,
    subject_request_id_document_attach,
    subject_request_identity_verify,
    subject_request_pause,
    subject_request_resume,
    subject_request_transition,
)
from tests.subject_rights.conftest import at
from tests.subject_rights.support import awaiting_identity, log_request, request_in_progress

pytestmark = pytest.mark.django_db
RECEIVED = dt.date(2026, 3, 2)


def test_it_declares_a_transition_for_every_status_and_ends_in_fulfilled_or_closed():
    assert set(TRANSITIONS) == set(RequestStatus.values)
    assert TRANSITIONS[RequestStatus.FULFILLED] == TRANSITIONS[RequestStatus.CLOSED] == frozenset()
    for targets in TRANSITIONS.values():
        assert targets <= set(RequestStatus.values)
    # The main line: received → awaiting identity → in progress → decided → fulfilled/closed.
    assert RequestStatus.AWAITING_IDENTITY in TRANSITIONS[RequestStatus.RECEIVED]
    assert RequestStatus.IN_PROGRESS in TRANSITIONS[RequestStatus.AWAITING_IDENTITY]
    assert RequestStatus.DECIDED in TRANSITIONS[RequestStatus.IN_PROGRESS]
    assert {RequestStatus.FULFILLED, RequestStatus.CLOSED} == TRANSITIONS[RequestStatus.DECIDED]


def test_it_stops_the_clock_while_identity_evidence_is_awaited_r_dsr_11(caseworker, adult):
    request = awaiting_identity(caseworker, adult)

    assert request.status == RequestStatus.AWAITING_IDENTITY
    assert (request.clock_started_on, request.due_on) == (None, None)
    change = request.status_changes.last()
    assert (change.old_status, change.new_status, change.reason) == (
        RequestStatus.RECEIVED,
        RequestStatus.AWAITING_IDENTITY,
        "Asked for a copy of a passport or driving licence.",
    )
    assert DomainEvent.objects.filter(
        verb="subject_request.awaiting_identity", target_id=str(request.pk)
    ).exists()


def test_it_says_what_was_asked_for_when_awaiting_identity(caseworker, adult, nothing_saved):
    request = log_request(caseworker, adult)
    with nothing_saved(), pytest.raises(DomainError) as refused:
        subject_request_transition(
            acting_user=caseworker, request=request, new_status=RequestStatus.AWAITING_IDENTITY
        )
    assert refused.value.field == "reason"


def test_it_starts_the_clock_when_the_evidence_asked_for_arrives_r_dsr_11(caseworker, adult):
    request = awaiting_identity(caseworker, adult)

    with at(dt.date(2026, 3, 10)):
        request = subject_request_identity_verify(
            acting_user=caseworker,
            request=request,
            method=IdentityMethod.ID_COPY,
            evidence_received_on=dt.date(2026, 3, 9),
        )

    assert request.status == RequestStatus.IN_PROGRESS
    assert (request.clock_started_on, request.due_on) == (dt.date(2026, 3, 9), dt.date(2026, 4, 9))
    assert (request.identity_method, request.identity_verified_by) == (IdentityMethod.ID_COPY, caseworker)
    event = DomainEvent.objects.get(verb="subject_request.in_progress")
    assert (event.legal_basis, event.data["clock_started_on"]) == ("R-DSR-9", "2026-03-09")


def test_it_starts_the_clock_at_the_latest_of_evidence_and_proof_of_representation_r_dsr_11(
    caseworker, child
):
    request = awaiting_identity(
        caseworker,
        child,
        requester_role=RequesterRole.REPRESENTATIVE,
        requester_name="Eva Jansen",
        requester_relationship="mother",
    )

    with at(dt.date(2026, 3, 20)):
        request = subject_request_identity_verify(
            acting_user=caseworker,
            request=request,
            method=IdentityMethod.PHOTO_ID_SEEN,
            evidence_received_on=dt.date(2026, 3, 9),
            representation_proven_on=dt.date(2026, 3, 16),
        )

    assert (request.clock_started_on, request.due_on) == (dt.date(2026, 3, 16), dt.date(2026, 4, 16))


def test_it_needs_the_date_the_evidence_arrived_when_it_was_awaited(caseworker, adult, nothing_saved):
    request = awaiting_identity(caseworker, adult)
    with nothing_saved(), pytest.raises(DomainError) as refused:
        subject_request_identity_verify(
            acting_user=caseworker, request=request, method=IdentityMethod.ID_COPY
        )
    assert refused.value.field == "evidence_received_on"


def test_it_keeps_the_clock_from_receipt_when_nothing_was_asked_for_r_dsr_11(caseworker, adult):
    request = log_request(caseworker, adult)

    with at(dt.date(2026, 3, 5)):
        request = subject_request_identity_verify(
            acting_user=caseworker,
            request=request,
            method=IdentityMethod.KNOWN_CONTACT,
            evidence_received_on=dt.date(2026, 3, 4),
        )

    assert (request.clock_started_on, request.due_on) == (RECEIVED, dt.date(2026, 4, 2))


def test_it_requires_proof_that_a_representative_may_act_r_dsr_9(caseworker, child, nothing_saved):
    request = log_request(
        caseworker,
        child,
        requester_role=RequesterRole.REPRESENTATIVE,
        requester_name="Eva Jansen",
        requester_relationship="mother",
    )
    with nothing_saved(), pytest.raises(DomainError, match="showed they may act for Sam Jansen") as refused:
        subject_request_identity_verify(
            acting_user=caseworker, request=request, method=IdentityMethod.PHOTO_ID_SEEN
        )
    assert refused.value.field == "representation_proven_on"


def test_it_deletes_the_id_copy_when_verification_is_recorded_r_dsr_9(caseworker, adult):
    request = log_request(caseworker, adult, id_document=SimpleUploadedFile("id.jpg", b"\xff\xd8 jpeg"))
    stored = request.id_document.name
    storage = request.id_document.storage
    assert storage.exists(stored)

    with at(dt.date(2026, 3, 3)):
        request = subject_request_identity_verify(
            acting_user=caseworker, request=request, method=IdentityMethod.ID_COPY
        )

    assert not storage.exists(stored)
    request.refresh_from_db()
    assert request.id_document.name == ""
    assert request.id_document_deleted_at is not None
    assert DomainEvent.objects.get(verb="subject_request.in_progress").data["id_copy_deleted"] is True


def test_it_replaces_an_attached_id_copy_and_refuses_one_after_verification_r_dsr_9(caseworker, adult):
    request = awaiting_identity(caseworker, adult)
    first = subject_request_id_document_attach(
        acting_user=caseworker, request=request, upload=SimpleUploadedFile("a.jpg", b"first")
    )
    first_name = first.id_document.name
    second = subject_request_id_document_attach(
        acting_user=caseworker, request=request, upload=SimpleUploadedFile("b.jpg", b"second")
    )
    storage = second.id_document.storage
    assert not storage.exists(first_name)
    assert storage.exists(second.id_document.name)

    with at(dt.date(2026, 3, 9)):
        subject_request_identity_verify(
            acting_user=caseworker,
            request=request,
            method=IdentityMethod.ID_COPY,
            evidence_received_on=dt.date(2026, 3, 9),
        )
    assert not storage.exists(second.id_document.name)
    with pytest.raises(DomainError, match="already verified"):
        subject_request_id_document_attach(
            acting_user=caseworker, request=request, upload=SimpleUploadedFile("c.jpg", b"third")
        )


def test_it_refuses_to_verify_identity_twice(caseworker, adult):
    request = request_in_progress(caseworker, adult)
    with pytest.raises(InvalidTransition):
        subject_request_identity_verify(
            acting_user=caseworker, request=request, method=IdentityMethod.ID_COPY
        )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"method": "fingerprint"}, "method"),
        ({"method": IdentityMethod.OTHER}, "note"),
        (
            {"method": IdentityMethod.ID_COPY, "evidence_received_on": dt.date(2026, 3, 1)},
            "evidence_received_on",
        ),
        ({"method": IdentityMethod.ID_COPY, "fee_received_on": dt.date(2026, 3, 4)}, "fee_received_on"),
    ],
    ids=["unknown-method", "other-without-note", "before-receipt", "in-the-future"],
)
def test_it_refuses_bad_verification_input(caseworker, adult, nothing_saved, values, field):
    request = log_request(caseworker, adult)
    with at(dt.date(2026, 3, 3)), nothing_saved(), pytest.raises(DomainError) as refused:
        subject_request_identity_verify(acting_user=caseworker, request=request, **values)
    assert refused.value.field == field


def test_it_refuses_moves_outside_the_table(caseworker, adult, nothing_saved):
    request = log_request(caseworker, adult)
    with nothing_saved():
        with pytest.raises(InvalidTransition, match="is received; it cannot become decided"):
            subject_request_decide(
                acting_user=caseworker, request=request, decision=Decision.GRANT, reasons="Fine."
            )
        with pytest.raises(InvalidTransition, match="cannot become fulfilled"):
            subject_request_transition(
                acting_user=caseworker, request=request, new_status=RequestStatus.FULFILLED
            )
        with pytest.raises(InvalidTransition, match="Unknown status"):
            subject_request_transition(acting_user=caseworker, request=request, new_status="archived")


@pytest.mark.parametrize(
    ("new_status", "hint"),
    [
        (RequestStatus.IN_PROGRESS, "identity verification"),
        (RequestStatus.PAUSED, "pause the request"),
    ],
)
def test_it_points_to_the_service_for_moves_that_need_more_than_a_reason(caseworker, adult, new_status, hint):
    request = log_request(caseworker, adult)
    with pytest.raises(InvalidTransition, match=hint):
        subject_request_transition(acting_user=caseworker, request=request, new_status=new_status)


def test_it_closes_a_request_with_a_reason_and_nothing_moves_it_after(caseworker, adult):
    request = log_request(caseworker, adult)
    with pytest.raises(DomainError, match="reason for closing"):
        subject_request_transition(acting_user=caseworker, request=request, new_status=RequestStatus.CLOSED)

    with at(dt.date(2026, 3, 9)):
        request = subject_request_transition(
            acting_user=caseworker,
            request=request,
            new_status=RequestStatus.CLOSED,
            reason="Withdrawn by letter.",
        )

    assert (request.status, request.completed_on) == (RequestStatus.CLOSED, dt.date(2026, 3, 9))
    with pytest.raises(InvalidTransition, match="is closed"):
        subject_request_transition(
            acting_user=caseworker, request=request, new_status=RequestStatus.CLOSED, reason="Again."
        )


def test_it_fulfils_a_granted_request_but_closes_a_refused_one(caseworker, team_leader, adult):
    granted = request_in_progress(caseworker, adult)
    refused = request_in_progress(caseworker, adult)
    with at(dt.date(2026, 3, 20)):
        subject_request_decide(
            acting_user=caseworker, request=granted, decision=Decision.GRANT, reasons="All given."
        )
        subject_request_decide(
            acting_user=caseworker,
            request=refused,
            decision=Decision.REFUSE,
            reasons="Repeats last month's request.",
            grounds=["manifestly_unfounded"],
        )
        granted = subject_request_transition(
            acting_user=caseworker, request=granted, new_status=RequestStatus.FULFILLED
        )
        with pytest.raises(DomainError, match="refused request is closed"):
            subject_request_transition(
                acting_user=caseworker, request=refused, new_status=RequestStatus.FULFILLED
            )

    assert (granted.status, granted.completed_on) == (RequestStatus.FULFILLED, dt.date(2026, 3, 20))
    assert list(granted.status_changes.values_list("new_status", flat=True)) == [
        RequestStatus.RECEIVED,
        RequestStatus.IN_PROGRESS,
        RequestStatus.DECIDED,
        RequestStatus.FULFILLED,
    ]


def test_it_lets_only_the_handler_a_team_leader_or_the_dpo_move_a_request(
    caseworker, colleague, outsider, team_leader, dpo, adult
):
    request = log_request(caseworker, adult)
    for stranger in (colleague, outsider):
        with pytest.raises(NotAllowed):
            subject_request_transition(
                acting_user=stranger, request=request, new_status=RequestStatus.CLOSED, reason="Not mine."
            )
    with at(dt.date(2026, 3, 3)):
        assert (
            subject_request_identity_verify(
                acting_user=team_leader, request=request, method=IdentityMethod.PHOTO_ID_SEEN
            ).identity_verified_by
            == team_leader
        )
        closed = subject_request_transition(
            acting_user=dpo, request=request, new_status=RequestStatus.CLOSED, reason="Withdrawn."
        )
    assert closed.status == RequestStatus.CLOSED


def test_it_deletes_the_id_copy_of_a_request_closed_before_verification_r_dsr_9(caseworker, adult):
    request = log_request(caseworker, adult, id_document=SimpleUploadedFile("id.jpg", b"\xff\xd8 jpeg"))
    stored, storage = request.id_document.name, request.id_document.storage

    with at(dt.date(2026, 3, 9)):
        closed = subject_request_transition(
            acting_user=caseworker, request=request, new_status=RequestStatus.CLOSED, reason="Withdrawn."
        )

    assert not storage.exists(stored)
    assert (closed.id_document.name, closed.id_document_deleted_at is not None) == ("", True)
    assert DomainEvent.objects.get(verb="subject_request.closed").data["id_copy_deleted"] is True
    with pytest.raises(DomainError, match="finished"):
        subject_request_id_document_attach(
            acting_user=caseworker, request=closed, upload=SimpleUploadedFile("late.jpg", b"late")
        )


def test_it_keeps_an_id_copy_of_a_paused_request_and_verifies_after_resuming(caseworker, adult):
    request = log_request(caseworker, adult)
    with at(dt.date(2026, 3, 3)):
        subject_request_pause(
            acting_user=caseworker, request=request, question="Which years?", asked_on=dt.date(2026, 3, 3)
        )
    attached = subject_request_id_document_attach(
        acting_user=caseworker, request=request, upload=SimpleUploadedFile("id.jpg", b"jpeg")
    )
    assert attached.id_document.storage.exists(attached.id_document.name)

    with at(dt.date(2026, 3, 4)), pytest.raises(DomainError, match="Resume the request"):
        subject_request_identity_verify(
            acting_user=caseworker, request=request, method=IdentityMethod.ID_COPY
        )
    with at(dt.date(2026, 3, 4)):
        subject_request_resume(acting_user=caseworker, request=request, answered_on=dt.date(2026, 3, 4))
        verified = subject_request_identity_verify(
            acting_user=caseworker, request=request, method=IdentityMethod.ID_COPY
        )
    assert not attached.id_document.storage.exists(attached.id_document.name)
    assert verified.id_document.name == ""
