"""R-DSR-11: pausing for clarification, resuming, and extending the deadline (a Welsh police
force on the UK GDPR clock; Veilig Thuis on four weeks without extension)."""

import datetime as dt

import pytest

from access_control.models import Role
from core.errors import DomainError, InvalidTransition
from core.models import DomainEvent
from subject_rights.models import Decision, RequestPause, RequestStatus, RequestType
from subject_rights.services import (
    deadline_policies_install_defaults,
    subject_request_decide,
    subject_request_extend,
    subject_request_pause,
    subject_request_resume,
)
from tests.factories import PersonFactory, UserFactory
from tests.subject_rights.conftest import at
from tests.subject_rights.support import awaiting_identity, log_request, request_in_progress

pytestmark = pytest.mark.django_db
QUESTION = "Which years of contact do you want to see?"


@pytest.fixture
def officer(police):
    return UserFactory(organisation=police, role=Role.CASEWORKER)


@pytest.fixture
def citizen(police):
    return PersonFactory(
        organisation=police, given_names="Rhys", family_name="Evans", date_of_birth=dt.date(1980, 1, 1)
    )


def _pause(user, request, asked_on, question=QUESTION):
    with at(asked_on):
        return subject_request_pause(acting_user=user, request=request, question=question, asked_on=asked_on)


def _resume(user, request, answered_on):
    with at(answered_on):
        return subject_request_resume(acting_user=user, request=request, answered_on=answered_on)


def test_it_adds_the_paused_days_and_rolls_past_easter_r_dsr_11(officer, citizen):
    request = request_in_progress(officer, citizen, received_on=dt.date(2026, 3, 2))
    assert request.due_on == dt.date(2026, 4, 2)

    paused = _pause(officer, request, dt.date(2026, 3, 10))
    assert (paused.status, paused.paused_from_status) == (RequestStatus.PAUSED, RequestStatus.IN_PROGRESS)

    resumed = _resume(officer, request, dt.date(2026, 3, 12))

    # 3 paused days: 05-04 is Easter Sunday, 06-04 Easter Monday → Tuesday 07-04-2026.
    assert (resumed.status, resumed.paused_days, resumed.due_on) == (
        RequestStatus.IN_PROGRESS,
        3,
        dt.date(2026, 4, 7),
    )
    pause = RequestPause.objects.get(request=request)
    assert (pause.asked_on, pause.answered_on, pause.days, pause.question) == (
        dt.date(2026, 3, 10),
        dt.date(2026, 3, 12),
        3,
        QUESTION,
    )
    assert list(resumed.status_changes.values_list("new_status", flat=True))[-2:] == [
        RequestStatus.PAUSED,
        RequestStatus.IN_PROGRESS,
    ]
    event = DomainEvent.objects.get(verb="subject_request.in_progress", data__paused_days=3)
    assert event.data["due_on"] == "2026-04-07"


def test_it_counts_a_question_answered_the_same_day_as_one_paused_day(officer, citizen):
    request = request_in_progress(officer, citizen, received_on=dt.date(2026, 3, 2))
    _pause(officer, request, dt.date(2026, 3, 10))

    # 02-04 + 1 = Good Friday → Tuesday 07-04-2026.
    assert _resume(officer, request, dt.date(2026, 3, 10)).due_on == dt.date(2026, 4, 7)


def test_it_adds_up_successive_pauses(officer, citizen):
    request = request_in_progress(officer, citizen, received_on=dt.date(2026, 3, 2))
    _pause(officer, request, dt.date(2026, 3, 4))
    _resume(officer, request, dt.date(2026, 3, 4))
    _pause(officer, request, dt.date(2026, 3, 5))
    resumed = _resume(officer, request, dt.date(2026, 3, 6))

    assert resumed.paused_days == 3
    assert resumed.due_on == dt.date(2026, 4, 7)


def test_it_resumes_a_request_paused_before_work_started_to_received(officer, citizen):
    request = log_request(officer, citizen, received_on=dt.date(2026, 3, 2))
    _pause(officer, request, dt.date(2026, 3, 3))

    assert _resume(officer, request, dt.date(2026, 3, 3)).status == RequestStatus.RECEIVED


@pytest.mark.parametrize(
    ("asked_on", "question", "today", "field", "message"),
    [
        (dt.date(2026, 3, 10), " ", dt.date(2026, 3, 10), "question", "what the requester was asked"),
        (dt.date(2026, 3, 1), QUESTION, dt.date(2026, 3, 10), "asked_on", "before the request was received"),
        (dt.date(2026, 3, 11), QUESTION, dt.date(2026, 3, 10), "asked_on", "future"),
        (dt.date(2026, 4, 3), QUESTION, dt.date(2026, 4, 3), "asked_on", "was due on 02-04-2026"),
        (None, QUESTION, dt.date(2026, 3, 10), "asked_on", "date the clarification was asked"),
    ],
    ids=["no-question", "before-receipt", "future", "after-deadline", "no-date"],
)
def test_it_refuses_a_bad_pause(officer, citizen, nothing_saved, asked_on, question, today, field, message):
    request = request_in_progress(officer, citizen, received_on=dt.date(2026, 3, 2))
    with at(today), nothing_saved(), pytest.raises(DomainError, match=message) as refused:
        subject_request_pause(acting_user=officer, request=request, question=question, asked_on=asked_on)
    assert refused.value.field == field


def test_it_starts_a_new_pause_only_after_the_last_answer(officer, citizen):
    request = request_in_progress(officer, citizen, received_on=dt.date(2026, 3, 2))
    _pause(officer, request, dt.date(2026, 3, 4))
    _resume(officer, request, dt.date(2026, 3, 6))

    with pytest.raises(DomainError, match="answered on 06-03-2026"):
        _pause(officer, request, dt.date(2026, 3, 6))


def test_it_refuses_a_bad_resume(officer, citizen, nothing_saved):
    request = request_in_progress(officer, citizen, received_on=dt.date(2026, 3, 2))
    with nothing_saved(), pytest.raises(DomainError, match="not paused"):
        _resume(officer, request, dt.date(2026, 3, 5))
    _pause(officer, request, dt.date(2026, 3, 10))
    with nothing_saved(), pytest.raises(DomainError, match="before the question"):
        _resume(officer, request, dt.date(2026, 3, 9))
    with at(dt.date(2026, 3, 10)), nothing_saved(), pytest.raises(DomainError, match="future"):
        subject_request_resume(acting_user=officer, request=request, answered_on=dt.date(2026, 3, 11))


def test_it_cannot_pause_a_request_whose_clock_has_not_started(officer, citizen):
    request = awaiting_identity(officer, citizen)
    with pytest.raises(InvalidTransition):
        _pause(officer, request, dt.date(2026, 3, 3))


def test_it_extends_to_start_plus_three_months_and_records_the_notice_r_dsr_11(officer, citizen):
    request = request_in_progress(officer, citizen, received_on=dt.date(2026, 1, 31))
    assert request.due_on == dt.date(2026, 3, 2)

    with at(dt.date(2026, 2, 20)):
        extended = subject_request_extend(
            acting_user=officer,
            request=request,
            reason="Records from three systems and 14 years; the requester asked for all of them.",
            notified_on=dt.date(2026, 2, 19),
        )

    assert extended.status == RequestStatus.EXTENDED
    assert (extended.due_on, extended.extended_due_on, extended.current_due_on) == (
        dt.date(2026, 3, 2),
        dt.date(2026, 4, 30),
        dt.date(2026, 4, 30),
    )
    assert (extended.extension_notified_on, extended.extended_by) == (dt.date(2026, 2, 19), officer)
    event = DomainEvent.objects.get(verb="subject_request.extended")
    assert event.legal_basis == "GDPR art. 12(3); R-DSR-11"
    assert event.data == {
        "from": RequestStatus.IN_PROGRESS,
        "due_on": "2026-03-02",
        "extended_due_on": "2026-04-30",
        "notified_on": "2026-02-19",
    }


def test_it_allows_an_extension_on_the_due_date_itself(officer, citizen):
    request = request_in_progress(officer, citizen, received_on=dt.date(2026, 1, 31))
    with at(dt.date(2026, 3, 2)):
        assert subject_request_extend(
            acting_user=officer, request=request, reason="Complex."
        ).extension_notified_on == (dt.date(2026, 3, 2))


def test_it_refuses_an_extension_after_the_deadline_has_passed_r_dsr_11(officer, citizen, nothing_saved):
    request = request_in_progress(officer, citizen, received_on=dt.date(2026, 1, 31))
    with at(dt.date(2026, 3, 3)), nothing_saved(), pytest.raises(DomainError, match="due on 02-03-2026"):
        subject_request_extend(acting_user=officer, request=request, reason="Complex.")


def test_it_refuses_an_extension_without_reason_or_told_after_the_deadline(officer, citizen, nothing_saved):
    request = request_in_progress(officer, citizen, received_on=dt.date(2026, 1, 31))
    with at(dt.date(2026, 2, 20)), nothing_saved():
        with pytest.raises(DomainError, match="reason for the extension") as refused:
            subject_request_extend(acting_user=officer, request=request, reason="  ")
        assert refused.value.field == "reason"
        with pytest.raises(DomainError, match="future"):
            subject_request_extend(
                acting_user=officer, request=request, reason="Complex.", notified_on=dt.date(2026, 2, 21)
            )


def test_it_extends_only_once_and_only_a_request_in_progress(officer, citizen):
    request = request_in_progress(officer, citizen, received_on=dt.date(2026, 1, 31))
    received = log_request(officer, citizen, received_on=dt.date(2026, 1, 31))
    with at(dt.date(2026, 2, 20)):
        subject_request_extend(acting_user=officer, request=request, reason="Complex.")
        with pytest.raises(InvalidTransition):
            subject_request_extend(acting_user=officer, request=request, reason="Even more complex.")
        with pytest.raises(InvalidTransition):
            subject_request_extend(acting_user=officer, request=received, reason="Complex.")


def test_it_moves_the_extended_date_by_a_later_pause(officer, citizen):
    request = request_in_progress(officer, citizen, received_on=dt.date(2026, 1, 31))
    with at(dt.date(2026, 2, 20)):
        subject_request_extend(acting_user=officer, request=request, reason="Complex.")
    _pause(officer, request, dt.date(2026, 3, 10))
    resumed = _resume(officer, request, dt.date(2026, 3, 12))

    # 30-04 + 3 days = Sunday 03-05, Monday 04-05 a bank holiday → Tuesday 05-05-2026.
    assert (resumed.status, resumed.extended_due_on) == (RequestStatus.EXTENDED, dt.date(2026, 5, 5))
    with at(dt.date(2026, 5, 5)):
        decided = subject_request_decide(
            acting_user=officer, request=request, decision=Decision.GRANT, reasons="All."
        )
    assert decided.decided_on <= decided.current_due_on


def test_it_refuses_an_extension_the_policy_does_not_allow_r_dsr_5(caseworker, dpo, adult):
    deadline_policies_install_defaults(acting_user=dpo, organisation=caseworker.organisation)
    request = request_in_progress(caseworker, adult, request_type=RequestType.DESTRUCTION)
    with at(dt.date(2026, 3, 5)), pytest.raises(DomainError, match="allows no extension"):
        subject_request_extend(acting_user=caseworker, request=request, reason="Complex.")
