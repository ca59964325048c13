"""Deciding requests with reasons (R-DSR-2..8, R-DSR-13)."""

import datetime as dt

import pytest

from access_control.models import Role
from core.errors import DomainError, InvalidTransition, NotAllowed
from core.models import DomainEvent
from subject_rights.models import (
    Decision,
    ErasureException,
    RefusalGround,
    RequesterRole,
    RequestStatus,
    RequestType,
)
from subject_rights.services import subject_request_decide
from tests.factories import PersonFactory, UserFactory
from tests.subject_rights.conftest import at
from tests.subject_rights.support import request_in_progress

pytestmark = pytest.mark.django_db
DECIDED_ON = dt.date(2026, 3, 20)
FACTS = (
    "The father's criminal case for assault on the child is pending at the court of Den Bosch; "
    "the public prosecutor asked on 12-03-2026 that the report be kept as evidence."
)
PARENT = {
    "requester_role": RequesterRole.REPRESENTATIVE,
    "requester_name": "Eva Jansen",
    "requester_relationship": "mother",
}


def _decide(user, request, **values):
    with at(DECIDED_ON):
        return subject_request_decide(acting_user=user, request=request, **values)


def test_it_records_a_grant_with_its_reasons(caseworker, adult):
    request = request_in_progress(caseworker, adult)

    decided = _decide(
        caseworker, request, decision=Decision.GRANT, reasons="All data about Eva is disclosed."
    )

    assert (decided.status, decided.decision, decided.decided_by, decided.decided_on) == (
        RequestStatus.DECIDED,
        Decision.GRANT,
        caseworker,
        DECIDED_ON,
    )
    assert (decided.refusal_grounds, decided.representative_rights_limited) == ([], False)
    event = DomainEvent.objects.get(verb="subject_request.decided")
    assert (event.reason, event.legal_basis, event.data["on_time"]) == (
        "All data about Eva is disclosed.",
        "GDPR art. 15; R-DSR-2",
        True,
    )


def test_it_refuses_a_decision_without_reasons(caseworker, adult, nothing_saved):
    request = request_in_progress(caseworker, adult)
    with nothing_saved(), pytest.raises(DomainError, match="reasons") as refused:
        _decide(caseworker, request, decision=Decision.GRANT, reasons=" ")
    assert refused.value.field == "reasons"
    with nothing_saved(), pytest.raises(DomainError) as refused:
        _decide(caseworker, request, decision="maybe", reasons="Unsure.")
    assert refused.value.field == "decision"


@pytest.mark.parametrize(
    ("decision", "grounds", "message"),
    [
        (Decision.REFUSE, [], "Choose the ground"),
        (Decision.PARTIAL, [], "Choose the ground"),
        (Decision.GRANT, [RefusalGround.SAFETY], "no grounds"),
        (Decision.REFUSE, ["too_busy"], "Unknown ground"),
        (Decision.REFUSE, [RefusalGround.YOUNG_PERSON_INTERESTS], "representative only"),
        (Decision.REFUSE, [RefusalGround.SIGNIFICANT_INTEREST], "destruction only"),
        (Decision.REFUSE, [RefusalGround.ERASURE_EXCEPTION], "erasure requests only"),
        (Decision.REFUSE, [RefusalGround.LAW_ENFORCEMENT], "police forces only"),
    ],
    ids=[
        "refuse-no-ground",
        "partial-no-ground",
        "grant-with-ground",
        "unknown",
        "r-dsr-8",
        "r-dsr-5",
        "17-3",
        "dpa-part-3",
    ],
)
def test_it_checks_the_grounds_against_the_decision_and_the_request(
    caseworker, adult, nothing_saved, decision, grounds, message
):
    request = request_in_progress(caseworker, adult)
    with nothing_saved(), pytest.raises(DomainError, match=message) as refused:
        _decide(caseworker, request, decision=decision, reasons="Because.", grounds=grounds)
    assert refused.value.field == "grounds"


def test_it_limits_access_to_protect_a_third_party_r_dsr_2(caseworker, adult):
    request = request_in_progress(caseworker, adult)

    decided = _decide(
        caseworker,
        request,
        decision=Decision.PARTIAL,
        reasons="The reporter's identity and the neighbour's statement are withheld.",
        grounds=[RefusalGround.THIRD_PARTY_PRIVACY, RefusalGround.SAFETY, RefusalGround.SAFETY],
    )

    assert decided.refusal_grounds == [RefusalGround.THIRD_PARTY_PRIVACY, RefusalGround.SAFETY]


def test_it_lets_only_a_team_leader_limit_a_representatives_rights_r_dsr_8(
    caseworker, team_leader, dpo, child, nothing_saved
):
    request = request_in_progress(caseworker, child, **PARENT)
    values = {
        "decision": Decision.REFUSE,
        "reasons": "Sam told us of violence by his mother; her access would endanger him.",
        "grounds": [RefusalGround.YOUNG_PERSON_INTERESTS],
    }
    for user in (caseworker, dpo):
        with nothing_saved(), pytest.raises(NotAllowed, match="Only a team leader"):
            _decide(user, request, **values)
    with nothing_saved(), pytest.raises(NotAllowed):
        _decide(caseworker, request, **{**values, "decision": Decision.PARTIAL})

    decided = _decide(team_leader, request, **values)

    assert (decided.representative_rights_limited, decided.decided_by) == (True, team_leader)
    assert (
        DomainEvent.objects.get(verb="subject_request.decided").legal_basis
        == "GDPR art. 15; R-DSR-2; R-DSR-8"
    )


def test_it_lets_a_caseworker_grant_a_representatives_request(caseworker, child):
    request = request_in_progress(caseworker, child, **PARENT)
    assert not _decide(
        caseworker, request, decision=Decision.GRANT, reasons="Disclosed."
    ).representative_rights_limited


def test_it_requires_a_granted_destruction_when_the_report_was_refuted_r_dsr_5(
    caseworker, team_leader, adult, nothing_saved
):
    request = request_in_progress(caseworker, adult, request_type=RequestType.DESTRUCTION)
    refuse = {
        "decision": Decision.REFUSE,
        "reasons": "Kept for the child's protection.",
        "grounds": [RefusalGround.SIGNIFICANT_INTEREST],
        "significant_interest_holder": "Sam Jansen (the child)",
        "significant_interest_facts": FACTS,
    }
    with nothing_saved(), pytest.raises(DomainError, match="refuted the report") as refused:
        _decide(caseworker, request, report_refuted=True, **refuse)
    assert refused.value.field == "decision"
    with (
        nothing_saved(),
        pytest.raises(DomainError, match="Say whether the investigation refuted") as refused,
    ):
        _decide(caseworker, request, **refuse)
    assert refused.value.field == "report_refuted"

    granted = _decide(
        caseworker, request, decision=Decision.GRANT, reasons="The report was refuted.", report_refuted=True
    )
    assert (granted.decision, granted.report_refuted) == (Decision.GRANT, True)


def test_it_refuses_destruction_for_significant_interest_only_with_concrete_facts_r_dsr_13(caseworker, adult):
    request = request_in_progress(caseworker, adult, request_type=RequestType.DESTRUCTION)
    base = {
        "decision": Decision.REFUSE,
        "reasons": "Kept for the child's protection.",
        "grounds": [RefusalGround.SIGNIFICANT_INTEREST],
        "report_refuted": False,
        "significant_interest_holder": "Sam Jansen (the child)",
    }
    for facts in (
        "",
        "Safety.",
        str(RefusalGround.SIGNIFICANT_INTEREST.label),
        "Important for the child later.",
    ):
        with pytest.raises(DomainError, match="concrete facts") as refused:
            _decide(caseworker, request, significant_interest_facts=facts, **base)
        assert refused.value.field == "significant_interest_facts"
    with pytest.raises(DomainError, match="whose significant interest"):
        _decide(
            caseworker,
            request,
            significant_interest_facts=FACTS,
            **{**base, "significant_interest_holder": ""},
        )
    with pytest.raises(DomainError, match="someone else's"):
        _decide(
            caseworker,
            request,
            significant_interest_facts=FACTS,
            **{**base, "significant_interest_holder": "eva jansen"},
        )

    decided = _decide(caseworker, request, significant_interest_facts=FACTS, **base)

    assert (decided.significant_interest_facts, decided.report_refuted) == (FACTS, False)


def test_it_keeps_significant_interest_facts_with_that_ground_only(caseworker, adult):
    request = request_in_progress(caseworker, adult)
    with pytest.raises(DomainError, match="belong with that ground"):
        _decide(
            caseworker, request, decision=Decision.GRANT, reasons="Given.", significant_interest_facts=FACTS
        )
    with pytest.raises(DomainError, match="Only a destruction request"):
        _decide(caseworker, request, decision=Decision.GRANT, reasons="Given.", report_refuted=False)


def test_it_records_the_art_17_3_exception_when_refusing_erasure_r_dsr_6(caseworker, adult, nothing_saved):
    request = request_in_progress(caseworker, adult, request_type=RequestType.ERASURE)
    refuse = {
        "decision": Decision.REFUSE,
        "reasons": "Needed for the pending court case.",
        "grounds": [RefusalGround.OTHER],
    }
    with nothing_saved(), pytest.raises(DomainError, match=r"art\. 17\(3\)") as refused:
        _decide(caseworker, request, **refuse)
    assert refused.value.field == "erasure_exception"
    with nothing_saved(), pytest.raises(DomainError, match="Unknown art"):
        _decide(caseworker, request, erasure_exception="z", **refuse)

    decided = _decide(caseworker, request, erasure_exception=ErasureException.LEGAL_CLAIMS, **refuse)

    assert decided.erasure_exception == ErasureException.LEGAL_CLAIMS
    assert decided.refusal_grounds == [RefusalGround.OTHER, RefusalGround.ERASURE_EXCEPTION]
    assert DomainEvent.objects.get(verb="subject_request.decided").data["erasure_exception"] == "e"


def test_it_refuses_a_manifestly_unfounded_erasure_without_an_exception(caseworker, adult):
    request = request_in_progress(caseworker, adult, request_type=RequestType.ERASURE)
    decided = _decide(
        caseworker,
        request,
        decision=Decision.REFUSE,
        reasons="Fifth identical request.",
        grounds=["manifestly_unfounded"],
    )
    assert decided.erasure_exception == ""


def test_it_refuses_an_erasure_exception_on_another_kind_of_request(caseworker, adult):
    request = request_in_progress(caseworker, adult)
    with pytest.raises(DomainError, match="erasure requests only") as refused:
        _decide(
            caseworker,
            request,
            decision=Decision.REFUSE,
            reasons="No.",
            grounds=[RefusalGround.OTHER],
            erasure_exception=ErasureException.LEGAL_CLAIMS,
        )
    assert refused.value.field == "erasure_exception"


def test_it_lets_a_police_force_restrict_for_law_enforcement(police):
    officer = UserFactory(organisation=police, role=Role.CASEWORKER)
    citizen = PersonFactory(organisation=police, date_of_birth=dt.date(1980, 1, 1))
    request = request_in_progress(officer, citizen)

    decided = _decide(
        officer,
        request,
        decision=Decision.PARTIAL,
        reasons="The intelligence report is withheld while the investigation runs; the rest is given.",
        grounds=[RefusalGround.LAW_ENFORCEMENT],
    )

    assert decided.refusal_grounds == [RefusalGround.LAW_ENFORCEMENT]


def test_it_decides_once(caseworker, adult):
    request = request_in_progress(caseworker, adult)
    _decide(caseworker, request, decision=Decision.GRANT, reasons="Given.")
    with pytest.raises(InvalidTransition, match="is decided"):
        _decide(caseworker, request, decision=Decision.REFUSE, reasons="Changed my mind.", grounds=["other"])


def test_it_reports_a_late_decision_in_the_event(caseworker, adult):
    request = request_in_progress(caseworker, adult, received_on=dt.date(2026, 1, 5))
    decided = _decide(caseworker, request, decision=Decision.GRANT, reasons="Given.")
    assert decided.decided_on > decided.due_on
    assert DomainEvent.objects.get(verb="subject_request.decided").data["on_time"] is False
