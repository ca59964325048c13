"""Each dashboard figure against the hand-built organisation of conftest.world (frozen today).

R-DSR-11 (overdue, on time), R-REC-4/R-WMO-1 (past the destruction date), R-REC-5 (review
backlog), holds, disposals by month and method, R-CON-1 (consents), R-ACC-4 (access volume).
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compliance.selectors.access import access_volume
from compliance.selectors.dashboard import compliance_figures
from compliance.selectors.requests import consent_figures, request_figures
from compliance.selectors.retention import (
    AGE_BANDS_BY_KEY,
    active_holds_by_authority,
    disposals_by_month,
    past_due_figures,
    review_backlog_by_band,
)
from core.errors import NotAllowed
from subject_rights.selectors import requests_overdue
from tests.compliance.conftest import PERIOD, TODAY
from tests.compliance.factories import (
    AccessLogEntryFactory,
    ReviewFactory,
    SubjectRequestFactory,
    TombstoneFactory,
)
from tests.factories import RecordFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_counts_open_and_overdue_requests_of_the_organisation_only(world, dpo):
    figures = request_figures(user=dpo, period=PERIOD, today=TODAY)

    assert figures.open == 4  # overdue, extended, paused, decided-on-time
    assert figures.overdue == 1  # paused has no running clock; extended is not due yet


def test_it_rates_timeliness_of_answers_in_the_period_r_dsr_11(world, dpo):
    figures = request_figures(user=dpo, period=PERIOD, today=TODAY)

    assert (figures.decided, figures.on_time, figures.late) == (3, 2, 1)
    assert figures.on_time_percent == 67
    assert figures.average_days_to_close == 21.0  # (33 + 9) / 2; last year's request is outside


def test_it_breaks_requests_down_by_month(world, dpo):
    months = {m.month: m for m in request_figures(user=dpo, period=PERIOD, today=TODAY).months}

    assert list(months) == [dt.date(2026, n, 1) for n in range(1, 7)]
    march, april, may = months[dt.date(2026, 3, 1)], months[dt.date(2026, 4, 1)], months[dt.date(2026, 5, 1)]
    assert (march.received, march.decided, march.on_time, march.completed) == (1, 2, 1, 1)
    assert march.on_time_percent == 50
    assert march.average_days_to_close == 33.0
    assert (april.received, april.decided, april.on_time, april.average_days_to_close) == (3, 1, 1, 9.0)
    assert (may.received, may.decided, may.on_time_percent, may.average_days_to_close) == (1, 0, None, None)
    assert months[dt.date(2026, 2, 1)].received == 1


def test_it_counts_items_past_their_destruction_date_with_holds_and_batches(world, dpo):
    records, dossiers = past_due_figures(user=dpo, today=TODAY)

    # waiting, held and in a batch; not the one due today, the disposed one or the review
    assert (records.kind, records.total, records.held, records.in_batch, records.waiting) == (
        "record",
        3,
        1,
        1,
        1,
    )
    assert (dossiers.kind, dossiers.total, dossiers.held, dossiers.in_batch) == ("dossier", 1, 0, 0)


def test_it_ages_the_review_backlog_in_bands_r_rec_5(world, dpo):
    bands = {band.key: count for band, count in review_backlog_by_band(user=dpo, today=TODAY)}

    # 5 and 30 days in the first band, 31 days in the second, the decided one not at all
    assert bands == {"0-30": 2, "31-90": 1, "91-180": 0, "181-365": 0, "366+": 1}


def test_it_counts_active_holds_by_authority(world, dpo):
    assert active_holds_by_authority(user=dpo) == [
        ("cpia", "Criminal Procedure and Investigations Act (CPIA)", 1),
        ("litigation", "Litigation", 1),
    ]


def test_it_counts_disposals_by_month_and_method(world, dpo):
    months = {m.month: m.by_action for m in disposals_by_month(user=dpo, period=PERIOD)}

    assert months[dt.date(2026, 3, 1)] == {"destroy": 2, "anonymise": 0, "transfer": 0}
    assert months[dt.date(2026, 4, 1)] == {"destroy": 0, "anonymise": 1, "transfer": 0}
    assert sum(sum(m.values()) for m in months.values()) == 3  # December 2025 is outside


def test_it_counts_consents_ending_soon_and_withdrawn_r_con_1(world, dpo):
    figures = consent_figures(user=dpo, period=PERIOD, today=TODAY)

    # ending by 15 July and still holding: only one (the other ending in June was withdrawn)
    assert (figures.expiring, figures.withdrawn) == (1, 2)


def test_it_flags_users_above_three_times_the_median_r_acc_4(world, dpo):
    volume = access_volume(user=dpo, period=PERIOD)

    assert [(row.username, row.total) for row in volume.rows] == [
        ("dan", 21),
        ("cat", 3),
        ("ann", 2),
        ("bob", 2),
    ]
    assert (volume.users, volume.entries, volume.median, volume.threshold) == (4, 28, 2.5, 7.5)
    assert [row.username for row in volume.flagged] == ["dan"]
    assert (volume.rows[0].opened, volume.rows[0].listed) == (20, 1)


def test_it_flags_nobody_with_fewer_than_three_users(org, dpo, frozen):
    AccessLogEntryFactory.create_batch(100, user=UserFactory(organisation=org))
    AccessLogEntryFactory(user=UserFactory(organisation=org))

    volume = access_volume(user=dpo, period=PERIOD)

    assert volume.median is None
    assert volume.flagged == []


def test_the_other_organisations_dpo_counts_none_of_it(world, outsider_dpo):
    figures = compliance_figures(user=outsider_dpo, period=PERIOD, today=TODAY)

    assert (figures.requests.open, figures.requests.overdue) == (1, 1)
    assert figures.past_due_total == 1
    assert figures.review_backlog_total == 1
    assert figures.active_holds == 1
    assert figures.disposals_total == 1
    assert figures.consents.expiring == 1
    assert figures.access.entries == 50
    assert figures.break_glass.uses == 1
    assert (
        figures.governance.policies_overdue,
        figures.governance.breach_notifications_overdue,
        figures.governance.processor_agreements_ending,
    ) == (1, 1, 1)


def test_it_counts_break_glass_openings_in_the_period_r_acc_5(world, dpo):
    figures = compliance_figures(user=dpo, period=PERIOD, today=TODAY).break_glass

    assert (figures.uses, figures.unreviewed) == (2, 1)  # the December opening is outside


def test_it_counts_the_governance_registers(world, dpo):
    figures = compliance_figures(user=dpo, period=PERIOD, today=TODAY).governance

    assert figures.policies_overdue == 2  # 1 May and 14 June passed; September has not
    assert figures.breach_notifications_overdue == 1  # 14 June is within 72 hours; one decided
    assert figures.processor_agreements_ending == 1  # August; December is later, June has ended


def test_the_whole_dashboard_adds_up(world, auditor):
    figures = compliance_figures(user=auditor, period=PERIOD, today=TODAY)

    assert figures.past_due_total == 4
    assert figures.review_backlog_total == 4
    assert figures.active_holds == 2
    assert figures.disposals_total == 3
    assert figures.disposals_by_method() == {"destroy": 2, "anonymise": 1, "transfer": 0}


@pytest.mark.parametrize("role", ["caseworker", "team_leader", "records_officer"])
def test_it_refuses_the_figures_to_other_roles(world, request, role):
    user = request.getfixturevalue(role)
    with pytest.raises(NotAllowed):
        compliance_figures(user=user, period=PERIOD, today=TODAY)


def test_age_band_bounds_meet_without_gaps():
    assert AGE_BANDS_BY_KEY["0-30"].due_range(TODAY)["due_on__gt"] == dt.date(2026, 5, 15)
    assert AGE_BANDS_BY_KEY["31-90"].due_range(TODAY) == {
        "due_on__lte": dt.date(2026, 5, 15),
        "due_on__gt": dt.date(2026, 3, 16),
    }


def test_the_number_of_queries_does_not_grow_with_the_data(world, org, dpo):
    """Every figure is an aggregate: ten times the rows cost not one query more."""
    with CaptureQueriesContext(connection) as before:
        compliance_figures(user=dpo, period=PERIOD, today=TODAY)
    users = [UserFactory(organisation=org) for _ in range(10)]
    for user in users:
        AccessLogEntryFactory.create_batch(3, user=user)
    for _ in range(10):
        SubjectRequestFactory(organisation=org, received_on=dt.date(2026, 5, 1), due_on=dt.date(2026, 5, 2))
        TombstoneFactory(organisation=org)
        ReviewFactory(record=RecordFactory(organisation=org), due_on=dt.date(2026, 1, 1))
    with CaptureQueriesContext(connection) as after:
        figures = compliance_figures(user=dpo, period=PERIOD, today=TODAY)

    assert figures.requests.overdue == 11
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_overdue_count_agrees_with_the_subject_rights_dashboard(world, dpo):
    """One definition of overdue (R-DSR-11) across the DPO's pages."""
    assert (
        request_figures(user=dpo, period=PERIOD, today=TODAY).overdue
        == requests_overdue(user=dpo, on=TODAY).count()
    )
