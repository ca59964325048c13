"""Records: list with filters, detail with copies/subjects/events, register, edit with
If-Match, add copies/subjects/events; the three client personas and bad input."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from access_control.models import Role
from api.scopes import Scope
from records.models import CopyKind, Record, RecordCopy, RecordSubject, SubjectEvent
from tests.api.conftest import ids, problem
from tests.factories import (
    PersonFactory,
    RecordCopyFactory,
    RecordFactory,
    SubjectEventFactory,
    UserFactory,
    grant,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/records/"


def detail(record) -> str:
    return f"{URL}{record.pk}/"


@pytest.fixture
def custodian(org):
    return UserFactory(organisation=org, username="archivist", role=Role.RECORDS_OFFICER)


def create_body(policing_class, asset, custodian, **overrides) -> dict:
    return {
        "reference": "CMS-2024-001",
        "title": "Custody record 14",
        "category": "policing",
        "record_class": policing_class.code,
        "information_asset": asset.pk,
        "format": "both",
        "created_on": "2024-02-01",
        "subjects": [
            {"role": "suspect", "new_person": {"given_names": "Tom", "family_name": "Hendriks"}},
        ],
        "copies": [
            {"kind": "paper", "location": "Archive room 2, box 14", "custodian": custodian.username},
            {"kind": "electronic", "location": "Niche RMS", "custodian": custodian.username},
        ],
        **overrides,
    }


# --- reading ---


def test_it_lists_the_organisations_records_for_a_client_with_the_read_scope(
    owner, foreign, record, foreign_record
):
    """R-ACC-5 for clients: the read scope reaches the organisation's register, nothing else."""
    assert ids(owner.get(URL)) == [record.pk]
    assert ids(foreign.get(URL)) == [foreign_record.pk]


def test_it_reads_a_record_with_its_copies_subjects_and_events(owner, record, custodian):
    """R-REC-3: a record knows all its copies."""
    RecordCopyFactory(record=record, kind=CopyKind.PAPER, location="Box 3", custodian=custodian)
    subject = record.subject_links.get().person
    SubjectEventFactory(person=subject, record=record, kind="arrest", occurred_on=datetime.date(2024, 1, 5))

    response = owner.get(detail(record))

    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == "REC-API-1" and body["record_class"] == "POL-API"
    assert [c["location"] for c in body["copies"]] == ["Box 3"]
    assert body["copies"][0]["custodian"] == "archivist"
    assert [s["person"]["id"] for s in body["subjects"]] == [subject.pk]
    assert [(e["kind"], e["occurred_on"]) for e in body["events"]] == [("arrest", "2024-01-05")]
    assert response["ETag"].startswith('"')


def test_it_refuses_a_client_with_another_scope(make_caller, org, record):
    caller = make_caller(org, [Scope.DOSSIERS_READ, Scope.DOSSIERS_WRITE])

    problem(caller.get(URL), 403)
    problem(caller.get(detail(record)), 403)
    problem(caller.post(URL, {}), 403)
    problem(caller.get(f"{detail(record)}retention/"), 403)


def test_it_answers_404_for_another_organisations_record(foreign, record):
    problem(foreign.get(detail(record)), 404)
    problem(foreign.get(f"{detail(record)}retention/"), 404)
    problem(foreign.patch(detail(record), {"title": "x"}, HTTP_IF_MATCH="*"), 404)
    problem(foreign.post(f"{detail(record)}copies/", {}), 404)


def test_it_filters_the_list(owner, org, record, policing_class):
    other = RecordFactory(organisation=org, reference="REC-API-2", created_on=datetime.date(2023, 6, 1))
    Record.objects.filter(pk=other.pk).update(retention_due_on=datetime.date(2030, 1, 1))

    assert ids(owner.get(URL, {"reference": "REC-API-2"})) == [other.pk]
    assert ids(owner.get(URL, {"record_class": "POL-API"})) == [record.pk]
    assert ids(owner.get(URL, {"created_on_after": "2024-01-01"})) == []
    assert ids(owner.get(URL, {"created_on_before": "2023-12-31"})) == [record.pk, other.pk]
    assert ids(
        owner.get(URL, {"retention_due_on_after": "2029-12-31", "retention_due_on_before": "2030-01-01"})
    ) == [other.pk]
    assert ids(owner.get(URL, {"category": "policing"})) == [record.pk, other.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"category": "secret"}, "category"),
        ({"created_on_after": "soon"}, "created_on"),
        ({"status": "x"}, "status"),
    ],
)
def test_it_answers_a_bad_filter_with_400(owner, params, field):
    errors = problem(owner.get(URL, params), 400)["errors"]

    assert any(key.startswith(field) for key in errors), errors


def test_it_lists_in_a_constant_number_of_queries(owner, org, policing_class):
    """3 rows or 30: the same queries (no query per row)."""
    RecordFactory.create_batch(3, organisation=org, record_class=policing_class)
    owner.get(URL)  # first call of the minute notes last_used_at

    with CaptureQueriesContext(connection) as few:
        assert len(ids(owner.get(URL, {"page_size": 50}))) == 3
    RecordFactory.create_batch(27, organisation=org, record_class=policing_class)
    with CaptureQueriesContext(connection) as many:
        assert len(ids(owner.get(URL, {"page_size": 50}))) == 30

    assert len(few) == len(many)


# --- registering ---


def test_it_registers_a_record_with_subjects_and_copies(owner, org, policing_class, asset, custodian):
    """R-REC-1/3: registered with its asset, subjects and every copy (paper with location)."""
    response = owner.post(URL, create_body(policing_class, asset, custodian))

    assert response.status_code == 201, response.content
    record = Record.objects.get(pk=response.json()["id"])
    assert record.organisation == org and record.created_by == owner.api_client.user
    assert sorted(record.copies.values_list("kind", flat=True)) == ["electronic", "paper"]
    assert record.subject_links.get().person.family_name == "Hendriks"
    assert response.json()["copies"][0]["custodian"] == "archivist"
    assert response["Location"].endswith(detail(record))


def test_it_lets_a_write_only_client_register_and_read_back_what_it_created(
    make_caller, org, policing_class, asset, custodian
):
    caller = make_caller(org, [Scope.RECORDS_WRITE])

    response = caller.post(URL, create_body(policing_class, asset, custodian))

    assert response.status_code == 201, response.content
    assert response.json()["reference"] == "CMS-2024-001"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reference": ""}, "reference"),
        ({"category": "business"}, "record_class"),  # R-REC-2: the class is of the other category
        ({"record_class": "NOPE"}, "record_class"),
        ({"information_asset": 10**30}, "information_asset"),
        ({"information_asset": "abc"}, "information_asset"),
        ({"created_on": "2999-01-01"}, "created_on"),
        ({"copies": []}, "copies"),  # R-REC-3: a paper record needs its paper copy
        ({"copies": [{"kind": "paper", "location": "x", "custodian": "nobody"}]}, "copies.0.custodian"),
        ({"subjects": [{"role": "suspect"}]}, "subjects.0.person"),
        ({"subjects": [{"role": "boss", "person": 1}]}, "subjects.0.role"),
        ({"subjects": "Tom"}, "subjects"),
        ({"title": 5}, "title"),
        ({"unknown": 1}, "unknown"),
    ],
)
def test_it_answers_bad_input_with_field_errors(owner, policing_class, asset, custodian, overrides, field):
    before = Record.objects.count()

    errors = problem(owner.post(URL, create_body(policing_class, asset, custodian, **overrides)), 400).get(
        "errors", {}
    )

    if field is not None:
        assert field in errors, errors
    assert Record.objects.count() == before


def test_it_refuses_a_reference_that_exists_already(owner, record, policing_class, asset, custodian):
    body = create_body(policing_class, asset, custodian, reference=record.reference)

    assert "reference" in problem(owner.post(URL, body), 400)["errors"]


def test_it_refuses_an_asset_of_another_organisation_as_not_found(
    owner, other_org, policing_class, custodian
):
    from tests.factories import InformationAssetFactory

    foreign_asset = InformationAssetFactory(organisation=other_org)
    body = create_body(policing_class, foreign_asset, custodian)

    assert "information_asset" in problem(owner.post(URL, body), 400)["errors"]


# --- changing: grants, ETag / If-Match ---


def test_it_changes_the_title_with_the_current_etag(owner, record):
    grant(owner.api_client.user, record)
    etag = owner.get(detail(record))["ETag"]

    response = owner.patch(detail(record), {"title": "Custody record 14 (corrected)"}, HTTP_IF_MATCH=etag)

    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Custody record 14 (corrected)"
    assert response["ETag"] != etag
    record.refresh_from_db()
    assert record.title == "Custody record 14 (corrected)"


def test_it_refuses_a_change_on_a_stale_etag_with_412(owner, record):
    grant(owner.api_client.user, record)
    etag = owner.get(detail(record))["ETag"]
    assert owner.patch(detail(record), {"description": "first writer"}, HTTP_IF_MATCH=etag).status_code == 200

    problem(owner.patch(detail(record), {"description": "second writer"}, HTTP_IF_MATCH=etag), 412)

    record.refresh_from_db()
    assert record.description == "first writer"


def test_it_requires_if_match_with_428(owner, record):
    grant(owner.api_client.user, record)

    problem(owner.patch(detail(record), {"title": "No precondition"}), 428)


@pytest.mark.parametrize(("body", "field"), [({"title": ""}, "title"), ({"status": "disposed"}, "status")])
def test_it_refuses_a_bad_change(owner, record, body, field):
    grant(owner.api_client.user, record)

    assert field in problem(owner.patch(detail(record), body, HTTP_IF_MATCH="*"), 400)["errors"]


def test_it_answers_404_to_a_change_of_a_record_the_client_is_not_granted(owner, record):
    """Writes on existing records need a grant, as for people (R-ACC-3), even with the scope."""
    problem(owner.patch(detail(record), {"title": "x"}, HTTP_IF_MATCH="*"), 404)
    problem(
        owner.post(f"{detail(record)}copies/", {"kind": "cloud", "location": "S3", "custodian": "x"}), 404
    )


def test_it_adds_a_copy_a_subject_and_an_event(owner, org, record, custodian):
    grant(owner.api_client.user, record)
    person = PersonFactory(organisation=org)

    copy = owner.post(
        f"{detail(record)}copies/", {"kind": "cloud", "location": "Tenant X", "custodian": "archivist"}
    )
    subject = owner.post(f"{detail(record)}subjects/", {"role": "witness", "person": person.pk})
    event = owner.post(
        f"{detail(record)}events/", {"person": person.pk, "kind": "conviction", "occurred_on": "2024-04-01"}
    )

    assert (copy.status_code, subject.status_code, event.status_code) == (201, 201, 201), event.content
    assert RecordCopy.objects.filter(record=record, kind="cloud").exists()
    assert RecordSubject.objects.filter(record=record, person=person, role="witness").exists()
    assert SubjectEvent.objects.filter(record=record, person=person, kind="conviction").exists()


def test_it_refuses_an_event_in_the_future(owner, record):
    grant(owner.api_client.user, record)
    person = record.subject_links.get().person

    body = {"person": person.pk, "kind": "arrest", "occurred_on": "2999-01-01"}
    assert "occurred_on" in problem(owner.post(f"{detail(record)}events/", body), 400)["errors"]
