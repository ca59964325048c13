"""The data-quality pages (R-REC-8): draw, record findings, close, list with rates, CSV.
Personas: the checking team leader, a records-unit officer, the DPO, a caseworker (refused)
and another organisation's DPO (404)."""

import csv
import io

import pytest
from django.urls import reverse

from compliance.models import Finding, QualitySample, SampleKind, SampleStatus
from compliance.services.sampling import quality_sample_draw, quality_sample_finding_record
from core.models import AccessKind, AccessLogEntry, AccessObject
from tests.factories import RecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(org, unit):
    return RecordFactory.create_batch(6, organisation=org, unit=unit)


@pytest.fixture
def sample(records, team_leader, unit):
    return quality_sample_draw(
        acting_user=team_leader, unit=unit, kind=SampleKind.RECORDS, size=3, seed=77, checker=team_leader
    )


def test_a_team_leader_draws_a_sample_from_the_form(records, login, team_leader, unit):
    client = login(team_leader)
    assert client.get(reverse("compliance:sample_draw")).status_code == 200

    response = client.post(
        reverse("compliance:sample_draw"),
        {"unit": unit.pk, "kind": "records", "size": 4, "checker": team_leader.pk, "seed": ""},
    )

    sample = QualitySample.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("compliance:sample_detail", args=[sample.pk])
    assert sample.items.count() == 4


def test_a_bad_draw_shows_the_error_and_saves_nothing(records, login, team_leader, unit):
    response = login(team_leader).post(
        reverse("compliance:sample_draw"),
        {"unit": unit.pk, "kind": "records", "size": 7, "checker": team_leader.pk},
    )

    assert response.status_code == 200
    assert "has only 6 live records" in response.content.decode()
    assert response.context["error_summary"]
    assert QualitySample.objects.count() == 0


def test_the_sample_page_lists_its_items_and_logs_them(sample, login, team_leader):
    response = login(team_leader).get(reverse("compliance:sample_detail", args=[sample.pk]))

    content = response.content.decode()
    for item in sample.items.all():
        assert item.reference in content
    logged = set(
        AccessLogEntry.objects.filter(user=team_leader).values_list("object_kind", "object_id", "access")
    )
    assert logged == {(AccessObject.RECORD, item.record_id, AccessKind.LISTED) for item in sample.items.all()}
    assert "Record finding" in content


def test_the_checker_records_a_finding_and_a_problem_needs_a_note(sample, login, team_leader):
    item = sample.items.order_by("position").first()
    url = reverse("compliance:sample_item", args=[sample.pk, item.pk])
    client = login(team_leader)

    response = client.post(url, {"finding": "incomplete", "note": ""})
    assert response.status_code == 200
    assert "Say what is wrong" in response.content.decode()
    item.refresh_from_db()
    assert item.finding == ""

    response = client.post(url, {"finding": "incomplete", "note": "Outcome missing."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.finding, item.note) == (Finding.INCOMPLETE, "Outcome missing.")


def test_the_checker_closes_the_sample(sample, login, team_leader):
    for item in sample.items.all():
        quality_sample_finding_record(acting_user=team_leader, item=item, finding=Finding.ACCURATE)

    response = login(team_leader).post(
        reverse("compliance:sample_close", args=[sample.pk]), {"conclusion": "Records are in good order."}
    )

    assert response.status_code == 302
    sample.refresh_from_db()
    assert sample.status == SampleStatus.CLOSED


def test_the_list_shows_the_problem_rate(sample, login, dpo, team_leader):
    first, second = sample.items.order_by("position")[:2]
    quality_sample_finding_record(acting_user=team_leader, item=first, finding=Finding.ACCURATE)
    quality_sample_finding_record(
        acting_user=team_leader, item=second, finding=Finding.OTHER, note="Misfiled."
    )

    response = login(dpo).get(reverse("compliance:sample_list"))

    assert response.status_code == 200
    assert response.context["rows"] == [(response.context["rows"][0][0], "50%")]
    assert "2 / 3" in response.content.decode()


def test_the_list_exports_as_csv_for_the_records_unit(sample, login, records_officer):
    response = login(records_officer).get(reverse("compliance:sample_list"), {"format": "csv"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["reference", "unit", "kind", "status"]
    assert rows[1][0] == sample.reference
    assert rows[1][9] == "77"


def test_the_items_csv_is_access_logged(sample, login, dpo):
    response = login(dpo).get(reverse("compliance:sample_detail", args=[sample.pk]), {"format": "csv"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 4
    downloaded = AccessLogEntry.objects.filter(user=dpo, access=AccessKind.DOWNLOADED)
    assert set(downloaded.values_list("object_id", flat=True)) == set(
        sample.items.values_list("record_id", flat=True)
    )


def test_a_team_leader_reads_but_may_not_export(sample, login, team_leader):
    client = login(team_leader)

    assert client.get(reverse("compliance:sample_list")).status_code == 200
    assert client.get(reverse("compliance:sample_list"), {"format": "csv"}).status_code == 403
    assert (
        client.get(reverse("compliance:sample_detail", args=[sample.pk]), {"format": "csv"}).status_code
        == 403
    )


def test_the_dpo_reads_but_does_not_record_findings(sample, login, dpo):
    item = sample.items.first()
    client = login(dpo)

    assert client.get(reverse("compliance:sample_detail", args=[sample.pk])).status_code == 200
    response = client.post(
        reverse("compliance:sample_item", args=[sample.pk, item.pk]), {"finding": "accurate", "note": ""}
    )
    assert response.status_code == 403
    assert client.get(reverse("compliance:sample_close", args=[sample.pk])).status_code == 403
    assert client.get(reverse("compliance:sample_draw")).status_code == 403


def test_a_caseworker_sees_no_samples(sample, login, caseworker):
    client = login(caseworker)

    assert client.get(reverse("compliance:sample_list")).status_code == 403
    assert client.get(reverse("compliance:sample_detail", args=[sample.pk])).status_code == 403


def test_another_organisations_dpo_gets_404(sample, login, outsider_dpo):
    client = login(outsider_dpo)

    assert client.get(reverse("compliance:sample_detail", args=[sample.pk])).status_code == 404
    assert client.get(reverse("compliance:sample_list")).context["rows"] == []
