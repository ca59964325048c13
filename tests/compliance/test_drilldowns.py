"""The lists behind the figures: each has as many rows as its figure, streams as CSV, logs
what it shows (R-ACC-4), and shows nothing of another organisation."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access_control.models import MatrixRule, Role
from core.models import AccessKind, AccessLogEntry, AccessObject
from tests.compliance.factories import (
    BreakGlassAccessFactory,
    LegalHoldFactory,
    ReviewFactory,
    SubjectRequestFactory,
)
from tests.factories import RecordFactory

pytestmark = pytest.mark.django_db
PERIOD_QUERY = {"from_month": "2026-01", "to_month": "2026-06"}


def _list(client, slug, **query):
    return client.get(reverse("compliance:list", args=[slug]), {**PERIOD_QUERY, **query})


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize(
    ("slug", "query", "expected"),
    [
        ("requests-open", {}, 4),
        ("requests-overdue", {}, 1),
        ("requests-received", {}, 6),
        ("requests-received", {"from_month": "2026-04", "to_month": "2026-04"}, 3),
        ("requests-decided", {}, 3),
        ("requests-decided", {"from_month": "2026-03", "to_month": "2026-03"}, 2),
        ("requests-late", {}, 1),
        ("requests-completed", {}, 2),
        ("past-due-records", {}, 3),
        ("past-due-dossiers", {}, 1),
        ("reviews", {}, 4),
        ("reviews", {"band": "0-30"}, 2),
        ("reviews", {"band": "31-90"}, 1),
        ("reviews", {"band": "91-180"}, 0),
        ("reviews", {"band": "366+"}, 1),
        ("holds", {}, 2),
        ("disposals", {}, 3),
        ("disposals", {"month": "2026-03", "action": "destroy"}, 2),
        ("disposals", {"month": "2026-03", "action": "anonymise"}, 0),
        ("consents-expiring", {}, 1),
        ("consents-withdrawn", {}, 2),
        ("access-volume", {}, 4),
        ("break-glass", {}, 2),
        ("policies-overdue", {}, 2),
        ("breaches-overdue", {}, 1),
        ("agreements-ending", {}, 1),
    ],
)
def test_each_list_has_as_many_rows_as_its_figure(world, login, dpo, slug, query, expected):
    response = _list(login(dpo), slug, **query)

    assert response.status_code == 200
    assert response.context["page"].paginator.count == expected


def test_the_overdue_list_shows_the_overdue_request_and_logs_its_subject(world, login, dpo):
    overdue = world.requests["overdue"]

    response = _list(login(dpo), "requests-overdue")

    content = response.content.decode()
    assert overdue.reference in content
    assert world.requests["paused"].reference not in content
    assert list(
        AccessLogEntry.objects.filter(user=dpo).values_list("object_kind", "object_id", "access")
    ) == [(AccessObject.PERSON, overdue.subject_id, AccessKind.LISTED)]


def test_the_past_due_list_marks_holds_and_batches_and_links_each_record(world, login, dpo):
    response = _list(login(dpo), "past-due-records")

    rows = {cells[0][0]: [text for text, _link in cells] for cells in response.context["table"]}
    assert set(rows) == {"PAST-WAITING", "PAST-HELD", "PAST-BATCH"}
    assert rows["PAST-HELD"][5:] == ["Yes", "No"]
    assert rows["PAST-BATCH"][5:] == ["No", "Yes"]
    assert rows["PAST-WAITING"][3] == 45  # days past 1 May on 15 June
    assert reverse("records:detail", args=[world.records["waiting"].pk]) in response.content.decode()
    logged = set(AccessLogEntry.objects.filter(user=dpo).values_list("object_kind", "object_id"))
    assert logged == {(AccessObject.RECORD, world.records[k].pk) for k in ("waiting", "held", "in_batch")}


def test_the_overdue_csv_holds_every_row_and_logs_each_as_downloaded(world, login, dpo):
    response = _list(login(dpo), "requests-overdue", format="csv")

    rows = _csv(response)
    overdue = world.requests["overdue"]
    assert rows[0] == [
        "Reference",
        "Type",
        "Status",
        "Subject",
        "Received",
        "Deadline",
        "Handler",
        "Days overdue",
    ]
    assert rows[1][0] == overdue.reference
    assert rows[1][4:6] == ["2026-05-01", "2026-06-01"]
    assert rows[1][7] == "14"
    assert len(rows) == 2
    assert response["Content-Disposition"] == 'attachment; filename="requests-overdue-20260615.csv"'
    entry = AccessLogEntry.objects.get(user=dpo)
    assert (entry.object_kind, entry.object_id, entry.access) == (
        AccessObject.PERSON,
        overdue.subject_id,
        AccessKind.DOWNLOADED,
    )
    assert entry.detail == "CSV export: requests-overdue"


def test_the_disposals_csv_needs_no_access_log_and_has_every_tombstone(world, login, auditor):
    rows = _csv(_list(login(auditor), "disposals", format="csv"))

    assert len(rows) == 4
    assert sorted(row[4] for row in rows[1:]) == ["Anonymise", "Destroy", "Destroy"]
    assert not AccessLogEntry.objects.filter(user=auditor).exists()


def test_csv_cells_that_look_like_formulas_are_defused(world, login, dpo):
    world.requests["overdue"].subject.__class__.objects.filter(
        pk=world.requests["overdue"].subject_id
    ).update(given_names="=HYPERLINK(1)")

    rows = _csv(_list(login(dpo), "requests-overdue", format="csv"))

    assert rows[1][3].startswith("'=HYPERLINK(1)")


def test_the_access_volume_list_flags_and_links_to_the_users_access_log(world, login, dpo):
    response = _list(login(dpo), "access-volume")

    first = response.context["table"][0]
    assert first[0] == ("dan", f"{reverse('access_log')}?user={world.users['dan'].pk}")
    assert [text for text, _link in first][3:] == [21, 20, 1, 0, 8.4, "Yes"]


@pytest.mark.parametrize("query", [{"band": "forever"}, {"month": "March"}, {"action": "burn"}])
def test_unknown_list_parameters_answer_404(world, login, dpo, query):
    slug = "reviews" if "band" in query else "disposals"
    assert _list(login(dpo), slug, **query).status_code == 404


def test_an_unknown_list_answers_404(login, dpo):
    assert _list(login(dpo), "everything").status_code == 404


@pytest.mark.parametrize("fmt", ["", "csv"])
def test_a_caseworker_may_neither_read_nor_export_a_list(world, login, caseworker, fmt):
    response = _list(login(caseworker), "requests-overdue", format=fmt)

    assert response.status_code == 403
    assert not AccessLogEntry.objects.filter(user=caseworker).exists()


def test_the_other_organisations_dpo_sees_none_of_the_rows(world, login, outsider_dpo):
    client = login(outsider_dpo)
    for slug in ("requests-overdue", "past-due-records", "reviews", "consents-expiring"):
        response = _list(client, slug)
        assert response.context["page"].paginator.count == 1
    rows = _csv(_list(client, "requests-open", format="csv"))
    assert world.requests["overdue"].reference not in {row[0] for row in rows}
    assert "PAST-WAITING" not in _list(client, "past-due-records").content.decode()


def test_the_break_glass_list_links_to_the_review_and_logs_the_opened_items(world, login, dpo):
    response = _list(login(dpo), "break-glass")

    first = response.context["table"][0]
    assert first[0][1].startswith("/")
    assert "Child at risk tonight" in response.content.decode()
    assert set(AccessLogEntry.objects.filter(user=dpo).values_list("object_kind", "object_id")) == {
        (AccessObject.DOSSIER, 1)
    }


def test_the_dpo_can_open_a_listed_request(world, login, dpo, auditor):
    overdue = world.requests["overdue"]

    dpo_cells = _list(login(dpo), "requests-overdue").context["table"][0]
    auditor_cells = _list(login(auditor), "requests-overdue").context["table"][0]

    assert dpo_cells[0] == (overdue.reference, reverse("subject_rights:request_detail", args=[overdue.pk]))
    assert auditor_cells[0] == (overdue.reference, None)  # auditors do not open requests


def test_a_period_list_keeps_its_own_parameters_when_the_period_changes(world, login, dpo):
    content = _list(login(dpo), "disposals", month="2026-03", action="destroy").content.decode()

    assert '<input type="hidden" name="month" value="2026-03">' in content
    assert '<input type="hidden" name="action" value="destroy">' in content
    assert 'name="from_month" value="2026-01"' in content


@pytest.mark.parametrize("slug", ["requests-overdue", "past-due-records", "reviews", "holds", "break-glass"])
def test_a_list_page_costs_the_same_queries_with_more_rows(world, org, login, dpo, slug):
    client = login(dpo)
    with CaptureQueriesContext(connection) as before:
        _list(client, slug)
    for _ in range(5):
        SubjectRequestFactory(organisation=org, received_on=dt.date(2026, 5, 1), due_on=dt.date(2026, 5, 2))
        RecordFactory(organisation=org, retention_action="destroy", retention_due_on=dt.date(2026, 1, 1))
        ReviewFactory(record=RecordFactory(organisation=org), due_on=dt.date(2026, 1, 1))
        LegalHoldFactory(organisation=org, records=[RecordFactory(organisation=org)])
        BreakGlassAccessFactory(user=world.users["cat"])
    with CaptureQueriesContext(connection) as after:
        response = _list(client, slug)

    assert response.context["page"].paginator.count > 1
    assert len(after.captured_queries) == len(before.captured_queries)


def test_links_lead_only_to_pages_the_reader_may_open(world, login, dpo, auditor):
    dpo_review = _list(login(dpo), "reviews").context["table"][0][0]
    auditor_review = _list(login(auditor), "reviews").context["table"][0][0]
    auditor_hold = _list(login(auditor), "holds").context["table"][0][0]

    assert dpo_review[1].startswith("/retention/reviews/")
    assert auditor_review[1] is None
    assert auditor_hold[1] is None


def test_export_follows_the_authorisation_matrix_r_acc_1(world, org, login, auditor):
    """As shipped, an auditor reads the request lists but may not export them; the audit-type
    lists they may. When management opens the export cell, the export is allowed."""
    client = login(auditor)

    listed = _list(client, "requests-overdue")
    assert listed.status_code == 200
    assert "Download all rows as CSV" not in listed.content.decode()
    assert _list(client, "requests-overdue", format="csv").status_code == 403
    assert not AccessLogEntry.objects.filter(user=auditor, access=AccessKind.DOWNLOADED).exists()
    assert _list(client, "access-volume", format="csv").status_code == 200

    MatrixRule.objects.create(
        organisation=org,
        role=Role.AUDITOR,
        action="export",
        category="subject_requests",
        scope="organisation",
    )
    rows = _csv(_list(login(auditor), "requests-overdue", format="csv"))
    assert rows[1][0] == world.requests["overdue"].reference
