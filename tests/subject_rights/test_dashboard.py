"""Dashboard figures for the DPO (open by state, due soon, overdue, timeliness, days to close)
and who sees which requests (owner, colleague, outsider)."""

import datetime as dt

import pytest
from django.http import Http404

from access_control.models import Role
from subject_rights.models import Decision, RequestStatus, RequestType
from subject_rights.selectors import (
    destructions_overdue,
    request_average_days_to_close,
    request_timeliness,
    requests_due_soon,
    requests_open_by_status,
    requests_overdue,
    subject_request_figures,
    subject_request_get_for_user,
    subject_request_list,
)
from subject_rights.services import (
    deadline_policies_install_defaults,
    subject_request_decide,
    subject_request_extend,
    subject_request_pause,
    subject_request_transition,
)
from tests.factories import UserFactory
from tests.subject_rights.conftest import at
from tests.subject_rights.support import awaiting_identity, log_request, request_in_progress

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 4, 10)  # a Friday
MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def _decided(user, subject, received_on, decided_on, decision=Decision.GRANT):
    request = request_in_progress(user, subject, received_on=received_on)
    with at(decided_on):
        grounds = [] if decision == Decision.GRANT else ["other"]
        return subject_request_decide(
            acting_user=user, request=request, decision=decision, reasons="Answered.", grounds=grounds
        )


def _finish(user, request, on, status, reason=""):
    with at(on):
        return subject_request_transition(acting_user=user, request=request, new_status=status, reason=reason)


@pytest.fixture
def register(caseworker, adult):
    """One request in each situation the dashboard distinguishes, as on 10-04-2026."""
    requests = {
        "due_today": request_in_progress(caseworker, adult, received_on=dt.date(2026, 3, 10)),  # due 10-04
        "due_in_7_days": request_in_progress(
            caseworker, adult, received_on=dt.date(2026, 3, 17)
        ),  # due 17-04
        "due_in_10_days": request_in_progress(
            caseworker, adult, received_on=dt.date(2026, 3, 18)
        ),  # 18-04 Sat → 20-04
        "overdue": request_in_progress(caseworker, adult, received_on=dt.date(2026, 3, 9)),  # due 09-04
        "awaiting_identity": awaiting_identity(caseworker, adult, received_on=dt.date(2026, 2, 2)),
        "received_overdue": log_request(caseworker, adult, received_on=dt.date(2026, 2, 2)),  # due 02-03
    }
    paused = request_in_progress(caseworker, adult, received_on=dt.date(2026, 3, 2))
    with at(dt.date(2026, 3, 5)):
        requests["paused"] = subject_request_pause(
            acting_user=caseworker, request=paused, question="Which years?", asked_on=dt.date(2026, 3, 5)
        )
    extended = request_in_progress(caseworker, adult, received_on=dt.date(2026, 1, 31))
    with at(dt.date(2026, 2, 20)):
        requests["extended"] = subject_request_extend(
            acting_user=caseworker, request=extended, reason="Complex."
        )
    requests["decided_on_time"] = _finish(
        caseworker,
        _decided(caseworker, adult, dt.date(2026, 3, 2), dt.date(2026, 3, 20)),
        dt.date(2026, 3, 25),
        RequestStatus.FULFILLED,
    )
    requests["decided_late"] = _finish(
        caseworker,
        _decided(caseworker, adult, dt.date(2026, 1, 5), dt.date(2026, 3, 20), Decision.REFUSE),
        dt.date(2026, 3, 26),
        RequestStatus.CLOSED,
        "Refusal sent.",
    )
    requests["decided_open"] = _decided(caseworker, adult, dt.date(2026, 1, 5), dt.date(2026, 2, 9))  # late
    return requests


def test_it_counts_open_requests_by_state(dpo, register):
    assert requests_open_by_status(user=dpo) == {
        RequestStatus.RECEIVED: 1,
        RequestStatus.AWAITING_IDENTITY: 1,
        RequestStatus.IN_PROGRESS: 4,
        RequestStatus.PAUSED: 1,
        RequestStatus.EXTENDED: 1,
        RequestStatus.DECIDED: 1,
    }


def test_it_lists_requests_due_within_seven_days_including_today(dpo, register):
    assert list(requests_due_soon(user=dpo, on=ON)) == [register["due_today"], register["due_in_7_days"]]


def test_it_lists_overdue_requests_with_a_running_clock_only(dpo, register):
    # Not the paused one, not the one awaiting identity, not the extended one (due 30-04).
    assert list(requests_overdue(user=dpo, on=ON)) == [register["received_overdue"], register["overdue"]]
    assert register["extended"] not in requests_overdue(user=dpo, on=dt.date(2026, 4, 30))
    assert register["extended"] in requests_overdue(user=dpo, on=dt.date(2026, 5, 1))


def test_it_gives_the_on_time_rate_over_a_period(dpo, register):
    timeliness = request_timeliness(user=dpo, start=MARCH[0], end=MARCH[1])
    assert (timeliness.decided, timeliness.on_time, timeliness.rate) == (2, 1, 0.5)
    assert request_timeliness(user=dpo, start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 28)).rate == 0.0
    assert request_timeliness(user=dpo, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)).rate is None


def test_it_gives_the_average_days_from_receipt_to_completion(dpo, register):
    # 02-03 → 25-03 is 23 days; 05-01 → 26-03 is 80 days.
    assert request_average_days_to_close(user=dpo, start=MARCH[0], end=MARCH[1]) == 51.5
    assert (
        request_average_days_to_close(user=dpo, start=dt.date(2026, 4, 1), end=dt.date(2026, 4, 30)) is None
    )


def test_it_lists_destruction_requests_not_carried_out_in_three_months_r_dsr_5(caseworker, dpo, adult):
    deadline_policies_install_defaults(acting_user=dpo, organisation=caseworker.organisation)
    late = request_in_progress(
        caseworker, adult, received_on=dt.date(2025, 12, 1), request_type=RequestType.DESTRUCTION
    )
    with at(dt.date(2025, 12, 20)):
        subject_request_decide(
            acting_user=caseworker,
            request=late,
            decision=Decision.GRANT,
            reasons="Refuted.",
            report_refuted=True,
        )
    done = request_in_progress(
        caseworker, adult, received_on=dt.date(2025, 12, 1), request_type=RequestType.DESTRUCTION
    )
    with at(dt.date(2025, 12, 20)):
        subject_request_decide(
            acting_user=caseworker,
            request=done,
            decision=Decision.GRANT,
            reasons="Refuted.",
            report_refuted=True,
        )
    _finish(caseworker, done, dt.date(2026, 2, 1), RequestStatus.FULFILLED)

    assert late.destroy_by == dt.date(2026, 3, 1)
    assert list(destructions_overdue(user=dpo, on=dt.date(2026, 3, 2))) == [late]
    assert list(destructions_overdue(user=dpo, on=dt.date(2026, 3, 1))) == []


def test_it_gathers_the_figures_in_six_queries(dpo, register, django_assert_num_queries):
    with django_assert_num_queries(6):
        figures = subject_request_figures(user=dpo, start=MARCH[0], end=MARCH[1], on=ON)

    assert (figures.due_soon, figures.overdue, figures.destructions_overdue) == (2, 2, 0)
    assert (figures.timeliness.rate, figures.average_days_to_close) == (0.5, 51.5)
    assert sum(figures.open_by_status.values()) == 9


def test_it_counts_only_what_the_user_may_see(
    caseworker, colleague, outsider, team_leader, register, veilig_thuis, adult
):
    system = UserFactory(organisation=veilig_thuis, role=Role.API_CLIENT)
    logged_by_system = log_request(system, adult)

    assert sum(requests_open_by_status(user=colleague).values()) == 0
    assert sum(requests_open_by_status(user=outsider).values()) == 0
    assert sum(requests_open_by_status(user=caseworker).values()) == 9
    assert sum(requests_open_by_status(user=team_leader).values()) == 10
    assert logged_by_system not in subject_request_list(user=caseworker)
    assert requests_overdue(user=colleague, on=ON).count() == 0


def test_it_finds_a_request_for_the_owner_a_team_leader_and_the_dpo_only(
    caseworker, colleague, outsider, team_leader, dpo, adult
):
    request = log_request(caseworker, adult)

    for user in (caseworker, team_leader, dpo):
        assert subject_request_get_for_user(user=user, pk=request.pk) == request
    for user in (colleague, outsider):
        with pytest.raises(Http404):
            subject_request_get_for_user(user=user, pk=request.pk)
    with pytest.raises(Http404):
        subject_request_get_for_user(user=caseworker, pk=request.pk + 1000)


def test_it_filters_the_list_by_status_and_type(caseworker, adult):
    access = log_request(caseworker, adult)
    erasure = log_request(caseworker, adult, request_type=RequestType.ERASURE)

    assert list(subject_request_list(user=caseworker, request_type=RequestType.ERASURE)) == [erasure]
    assert set(subject_request_list(user=caseworker, status=RequestStatus.RECEIVED)) == {access, erasure}
    assert list(subject_request_list(user=caseworker, status=RequestStatus.CLOSED)) == []
