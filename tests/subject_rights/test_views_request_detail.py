"""The request detail page and its actions: identity (R-DSR-9), pause and resume, extension
with its notice letter (R-DSR-11), the moves of the transition table and the decision
(R-DSR-2, R-DSR-8), with access logging (R-ACC-4) and the three personas (R-ACC-5)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from access_control.models import Role
from core.models import AccessKind, AccessLogEntry, AccessObject
from subject_rights.models import Decision, RequesterRole, RequestStatus
from tests.factories import UserFactory
from tests.subject_rights.conftest import at, row_counts
from tests.subject_rights.screen_factories import page_text
from tests.subject_rights.support import awaiting_identity, log_request, request_in_progress

pytestmark = pytest.mark.django_db

RECEIVED = dt.date(2026, 3, 2)
LATER = dt.date(2026, 3, 10)


def _url(name: str, request) -> str:
    return reverse(f"subject_rights:{name}", kwargs={"pk": request.pk})


def _get(client, user, url, day=LATER):
    client.force_login(user)
    with at(day):
        return client.get(url)


def _post(client, user, url, data, day=LATER):
    client.force_login(user)
    with at(day):
        return client.post(url, data)


@pytest.fixture
def records_officer(veilig_thuis):
    return UserFactory(organisation=veilig_thuis, role=Role.RECORDS_OFFICER)


@pytest.fixture
def logged(caseworker, adult):
    return log_request(caseworker, adult, received_on=RECEIVED, details="Everything about me.")


# --- Reading ------------------------------------------------------------------------------


def test_it_shows_the_handler_parties_clock_moves_and_history(client, caseworker, logged):
    response = _get(client, caseworker, _url("request_detail", logged))

    text = page_text(response)
    assert response.status_code == 200
    for phrase in (
        "Access request about Eva Jansen",
        "The subject themself",
        "Everything about me.",
        "2 April 2026",  # the same day number in the next month (R-DSR-11)
        "23 days left",
        "Aged 39 on the date of receipt",
        "Status changes",
    ):
        assert phrase in text
    # The allowed moves from "received", as the transition table declares them.
    assert [move.status for move in response.context["moves"]] == [
        RequestStatus.AWAITING_IDENTITY,
        RequestStatus.IN_PROGRESS,
        RequestStatus.PAUSED,
        RequestStatus.CLOSED,
    ]
    assert "Record the decision" not in text.split("What can happen next")[1].split("Identity (R-DSR-9)")[0]
    assert "subject_rights/disclosure/_panel.html" not in text  # the panels are included, not named


def test_it_refuses_the_page_to_an_uninvolved_colleague_and_an_outsider(client, colleague, outsider, logged):
    for user in (colleague, outsider):
        assert _get(client, user, _url("request_detail", logged)).status_code == 404
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("role", [Role.DPO, Role.TEAM_LEADER, Role.RECORDS_OFFICER])
def test_it_shows_the_page_to_organisation_wide_roles(client, veilig_thuis, logged, role):
    user = UserFactory(organisation=veilig_thuis, role=role)

    response = _get(client, user, _url("request_detail", logged))

    assert response.status_code == 200
    # The records unit reads requests; it does not handle them.
    assert response.context["can_act"] is (role != Role.RECORDS_OFFICER)


def test_it_logs_the_subject_as_opened_r_acc_4(client, caseworker, logged):
    _get(client, caseworker, _url("request_detail", logged))

    entry = AccessLogEntry.objects.get()
    assert (entry.object_kind, entry.object_id, entry.access, entry.user) == (
        AccessObject.PERSON,
        logged.subject_id,
        AccessKind.OPENED,
        caseworker,
    )
    assert entry.detail == f"subject request {logged.reference}"


def test_it_shows_an_overdue_request_as_overdue(client, caseworker, logged):
    response = _get(client, caseworker, _url("request_detail", logged), day=dt.date(2026, 4, 5))

    assert "Overdue by 3 days" in page_text(response)


# --- Identity (R-DSR-9) -------------------------------------------------------------------


def test_it_records_the_identity_verification_and_deletes_the_id_copy(client, caseworker, logged):
    _post(
        client,
        caseworker,
        _url("request_id_document", logged),
        {"iddoc-upload": SimpleUploadedFile("passport.jpg", b"\xff\xd8 passport")},
    )
    logged.refresh_from_db()
    stored = logged.id_document.name
    storage = logged.id_document.storage
    assert stored and storage.exists(stored)

    response = _post(
        client, caseworker, _url("request_identity", logged), {"identity-method": "photo_id_seen"}
    )

    logged.refresh_from_db()
    assert response.status_code == 302
    assert logged.status == RequestStatus.IN_PROGRESS
    assert (logged.identity_method, logged.identity_verified_by) == ("photo_id_seen", caseworker)
    assert not logged.id_document
    assert not storage.exists(stored)
    page = page_text(_get(client, caseworker, _url("request_detail", logged)))
    assert "Photo ID seen in person" in page
    assert "Deleted on" in page


def test_it_refuses_an_incomplete_verification_with_the_reason_and_changes_nothing(
    client, caseworker, logged
):
    before = row_counts()

    other = _post(client, caseworker, _url("request_identity", logged), {"identity-method": "other"})
    missing = _post(client, caseworker, _url("request_identity", logged), {})

    assert "Describe how the identity was verified." in page_text(other)
    assert missing.context["identity_form"].errors["method"]
    logged.refresh_from_db()
    assert logged.status == RequestStatus.RECEIVED
    assert row_counts() == before


def test_it_asks_a_representative_to_show_their_right_to_act(client, caseworker, child):
    request = log_request(
        caseworker,
        child,
        requester_role=RequesterRole.REPRESENTATIVE,
        requester_name="Anna Jansen",
        requester_relationship="mother",
    )

    refused = _post(
        client, caseworker, _url("request_identity", request), {"identity-method": "photo_id_seen"}
    )
    accepted = _post(
        client,
        caseworker,
        _url("request_identity", request),
        {"identity-method": "photo_id_seen", "identity-representation_proven_on": "2026-03-05"},
    )

    assert "showed they may act for Sam Jansen" in page_text(refused)
    assert accepted.status_code == 302


def test_it_starts_the_clock_when_the_evidence_asked_for_arrives_r_dsr_11(client, caseworker, adult):
    request = awaiting_identity(caseworker, adult)

    page = page_text(_get(client, caseworker, _url("request_detail", request)))
    _post(
        client,
        caseworker,
        _url("request_identity", request),
        {"identity-method": "id_copy", "identity-evidence_received_on": "2026-03-09"},
    )

    request.refresh_from_db()
    assert "Not yet: waiting for what was asked for" in page
    assert (request.clock_started_on, request.due_on) == (dt.date(2026, 3, 9), dt.date(2026, 4, 9))


# --- Moves of the transition table --------------------------------------------------------


def test_it_asks_for_identity_evidence_and_closes_with_a_reason(client, caseworker, logged):
    _post(
        client,
        caseworker,
        _url("request_transition", logged),
        {
            "awaiting_identity-new_status": "awaiting_identity",
            "awaiting_identity-reason": "Asked for a passport copy.",
        },
    )
    logged.refresh_from_db()
    assert logged.status == RequestStatus.AWAITING_IDENTITY

    refused = _post(client, caseworker, _url("request_transition", logged), {"closed-new_status": "closed"})
    logged.refresh_from_db()
    assert "Give the reason for closing the request." in page_text(refused)
    assert logged.status == RequestStatus.AWAITING_IDENTITY

    _post(
        client,
        caseworker,
        _url("request_transition", logged),
        {"closed-new_status": "closed", "closed-reason": "The requester withdrew the request."},
    )
    logged.refresh_from_db()
    assert logged.status == RequestStatus.CLOSED
    page = _get(client, caseworker, _url("request_detail", logged))
    assert page.context["moves"] == []
    assert "The requester withdrew the request." in page_text(page)


def test_it_refuses_a_move_the_table_does_not_allow(client, caseworker, logged):
    response = _post(
        client, caseworker, _url("request_transition", logged), {"fulfilled-new_status": "fulfilled"}
    )

    logged.refresh_from_db()
    assert logged.status == RequestStatus.RECEIVED
    assert response.status_code == 200
    assert "it cannot become fulfilled" in page_text(response)


def test_it_refuses_actions_to_the_colleague_outsider_and_records_unit(
    client, colleague, outsider, records_officer, logged
):
    data = {"closed-new_status": "closed", "closed-reason": "No."}
    assert _post(client, colleague, _url("request_transition", logged), data).status_code == 404
    assert _post(client, outsider, _url("request_transition", logged), data).status_code == 404
    assert _post(client, records_officer, _url("request_transition", logged), data).status_code == 403
    assert (
        _post(
            client, records_officer, _url("request_identity", logged), {"identity-method": "other"}
        ).status_code
        == 403
    )
    logged.refresh_from_db()
    assert logged.status == RequestStatus.RECEIVED


# --- Pause and resume (R-DSR-11) ----------------------------------------------------------


def test_it_pauses_for_clarification_and_adds_the_paused_days_on_resume(client, caseworker, adult):
    request = request_in_progress(caseworker, adult)

    _post(
        client,
        caseworker,
        _url("request_pause", request),
        {"pause-question": "Which years do you mean?", "pause-asked_on": "2026-03-05"},
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.PAUSED
    paused_page = page_text(_get(client, caseworker, _url("request_detail", request)))
    assert "Which years do you mean?" in paused_page
    assert "Clock not running" in paused_page

    _post(client, caseworker, _url("request_resume", request), {"resume-answered_on": "2026-03-09"})
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    assert request.paused_days == 5  # 5, 6, 7, 8 and 9 March: both ends count
    assert request.due_on == dt.date(2026, 4, 7)  # Thu 02-04 + 5 paused days


def test_it_refuses_a_pause_without_a_question(client, caseworker, logged):
    before = row_counts()

    response = _post(client, caseworker, _url("request_pause", logged), {"pause-asked_on": "2026-03-05"})

    assert response.context["pause_form"].errors["question"]
    assert row_counts() == before


# --- Extension and its notice letter (R-DSR-11) -------------------------------------------


def test_it_extends_with_a_reason_and_offers_the_notice_letter_as_pdf(client, caseworker, adult):
    request = request_in_progress(caseworker, adult)

    _post(
        client,
        caseworker,
        _url("request_extend", request),
        {"extend-reason": "Records in three systems must be searched.", "extend-notified_on": "2026-03-10"},
    )
    request.refresh_from_db()
    letter = _get(client, caseworker, _url("request_extension_letter", request))

    assert request.status == RequestStatus.EXTENDED
    assert request.extended_due_on is not None
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(letter.content)).pages[0].extract_text().split())
    assert "Records in three systems must be searched." in text  # the reasons, told (R-DSR-11)
    assert f"we will answer by {request.extended_due_on:%-d %B %Y}" in text
    assert request.reference in text
    assert AccessLogEntry.objects.filter(access=AccessKind.DOWNLOADED, object_id=adult.pk).exists()


def test_it_refuses_an_extension_after_the_deadline_has_passed(client, caseworker, adult):
    request = request_in_progress(caseworker, adult)
    before = row_counts()

    response = _post(
        client,
        caseworker,
        _url("request_extend", request),
        {"extend-reason": "Too much work.", "extend-notified_on": "2026-04-02"},
        day=dt.date(2026, 4, 3),
    )

    assert "a deadline that has passed cannot be extended" in page_text(response)
    assert row_counts() == before


def test_it_has_no_letter_for_a_request_that_was_not_extended(client, caseworker, logged, colleague):
    assert _get(client, caseworker, _url("request_extension_letter", logged)).status_code == 404
    assert _get(client, colleague, _url("request_extension_letter", logged)).status_code == 404


# --- Decision (R-DSR-2, R-DSR-8) ----------------------------------------------------------


def test_it_refuses_a_decision_without_reasons_and_records_one_with_reasons(client, caseworker, adult):
    request = request_in_progress(caseworker, adult)
    before = row_counts()

    refused = _post(client, caseworker, _url("request_decision", request), {"decision-decision": "grant"})
    assert refused.context["decision_form"].errors["reasons"]
    assert row_counts() == before

    _post(
        client,
        caseworker,
        _url("request_decision", request),
        {
            "decision-decision": "partial",
            "decision-reasons": "The notes of the statement by the neighbour are withheld.",
            "decision-grounds": ["third_party_privacy"],
        },
    )
    request.refresh_from_db()
    assert (request.status, request.decision) == (RequestStatus.DECIDED, Decision.PARTIAL)
    page = page_text(_get(client, caseworker, _url("request_detail", request)))
    assert "Privacy of a third party" in page
    assert "The notes of the statement by the neighbour are withheld." in page


def test_it_shows_why_only_a_team_leader_limits_a_representative_r_dsr_8(
    client, caseworker, team_leader, child
):
    request = request_in_progress(
        caseworker,
        child,
        requester_role=RequesterRole.REPRESENTATIVE,
        requester_name="Anna Jansen",
        requester_relationship="mother",
    )
    data = {
        "decision-decision": "refuse",
        "decision-reasons": "Sam's safety requires it.",
        "decision-grounds": ["young_person_interests"],
    }

    refused = _post(client, caseworker, _url("request_decision", request), data)
    request.refresh_from_db()
    assert "Only a team leader can limit or refuse" in page_text(refused)
    assert request.decision == ""

    _post(client, team_leader, _url("request_decision", request), data)
    request.refresh_from_db()
    assert request.decision == Decision.REFUSE
    assert request.representative_rights_limited


def test_it_asks_only_the_questions_of_the_request_type(client, caseworker, adult):
    access = request_in_progress(caseworker, adult)

    form = _get(client, caseworker, _url("request_detail", access)).context["decision_form"]

    assert "erasure_exception" not in form.fields
    assert "report_refuted" not in form.fields


def test_a_get_on_an_action_goes_back_to_the_detail_page(client, caseworker, logged):
    response = _get(client, caseworker, _url("request_pause", logged))

    assert response.status_code == 302
    assert response.url == _url("request_detail", logged)


def test_it_refuses_destruction_on_a_significant_interest_without_facts_r_dsr_13(client, caseworker, adult):
    request = request_in_progress(caseworker, adult, request_type="destruction")
    url = _url("request_decision", request)
    data = {
        "decision-decision": "refuse",
        "decision-reasons": "Keeping the file protects the children.",
        "decision-grounds": ["significant_interest"],
        "decision-report_refuted": "no",
        "decision-significant_interest_holder": "The youngest child",
        "decision-significant_interest_facts": "Significant interest",
    }
    before = row_counts()

    form = _get(client, caseworker, _url("request_detail", request)).context["decision_form"]
    refused = _post(client, caseworker, url, data)

    assert "report_refuted" in form.fields  # only destruction asks it (R-DSR-5)
    assert "Record the concrete facts" in page_text(refused)
    assert row_counts() == before
    data["decision-significant_interest_facts"] = (
        "The child is in a protection order until 2030 and the file documents the abuse she suffered."
    )
    _post(client, caseworker, url, data)
    request.refresh_from_db()
    assert request.decision == Decision.REFUSE


def _pause_and_resume(client, user, request, asked: dt.date) -> None:
    _post(
        client,
        user,
        _url("request_pause", request),
        {"pause-question": "Which years?", "pause-asked_on": asked.isoformat()},
        day=asked,
    )
    answered = asked + dt.timedelta(days=1)
    _post(
        client,
        user,
        _url("request_resume", request),
        {"resume-answered_on": answered.isoformat()},
        day=answered,
    )


def _queries(client, user, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert _get(client, user, url, day=dt.date(2026, 3, 25)).status_code == 200
    return len(queries.captured_queries)


def test_it_reads_the_history_without_a_query_per_row(client, caseworker, adult):
    request = request_in_progress(caseworker, adult)
    url = _url("request_detail", request)
    _pause_and_resume(client, caseworker, request, dt.date(2026, 3, 5))
    _queries(client, caseworker, url)  # warm the session
    one_pause = _queries(client, caseworker, url)

    for day in (12, 19):
        _pause_and_resume(client, caseworker, request, dt.date(2026, 3, day))

    assert _queries(client, caseworker, url) == one_pause


def test_only_the_handler_downloads_the_id_copy_and_only_until_verification(
    client, caseworker, colleague, records_officer, logged
):
    _post(
        client,
        caseworker,
        _url("request_id_document", logged),
        {"iddoc-upload": SimpleUploadedFile("passport.jpg", b"\xff\xd8 passport")},
    )
    url = _url("request_id_document_download", logged)

    download = _get(client, caseworker, url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"\xff\xd8 passport"
    assert download["Content-Disposition"].startswith("attachment")
    assert _get(client, colleague, url).status_code == 404
    assert _get(client, records_officer, url).status_code == 403

    _post(client, caseworker, _url("request_identity", logged), {"identity-method": "id_copy"})
    assert _get(client, caseworker, url).status_code == 404
