"""Reviews, disposal batches and destruction certificates through the API: read only, the
client personas, the PDF download (access-logged, R-ACC-4), nothing to approve here."""

import pytest

from access_control.models import OrganisationKind
from api.scopes import Scope
from api.services import api_client_create, api_token_issue
from core.models import AccessKind, AccessLogEntry, AccessObject
from records.models import CopyKind
from retention.services.batches import disposal_batch_approve
from retention.services.execution import disposal_batch_execute
from retention.services.schedules import schedules_install_defaults
from tests.api.conftest import Caller, ids, problem
from tests.factories import OrganisationFactory
from tests.retention.disposal_support import build, decide, electronic, officer, police_record, recompute

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(db):
    organisation = OrganisationFactory(
        slug="dyfed", kind=OrganisationKind.POLICE_FORCE, jurisdiction="GB-WLS"
    )
    schedules_install_defaults(acting_user=officer(organisation), organisation=organisation)
    return organisation


def caller(organisation, scopes, name="RMS") -> Caller:
    client = api_client_create(acting_user=None, organisation=organisation, name=name, scopes=scopes)
    return Caller(client, api_token_issue(acting_user=None, client=client).plaintext)


@pytest.fixture
def executed(police):
    """A batch of one record, approved and executed: completed with its certificate."""
    electronic(police)
    recompute(police)
    (batch,) = build(police, builder=officer(police))
    for _ in range(batch.approvals_required):
        disposal_batch_approve(acting_user=officer(police), batch=batch)
    return disposal_batch_execute(acting_user=officer(police), batch_id=batch.pk)


def test_it_reads_batches_with_items_approvals_and_certificate(police, executed, other_org):
    rms = caller(police, [Scope.RETENTION_READ])
    foreign = caller(other_org, list(Scope.values), name="foreign")

    assert ids(rms.get("/api/v1/disposal-batches/")) == [executed.pk]
    assert ids(rms.get("/api/v1/disposal-batches/", {"status": "proposed"})) == []
    body = rms.get(f"/api/v1/disposal-batches/{executed.pk}/").json()
    assert body["status"] == "completed" and body["certificate"] == executed.certificate.pk
    assert [i["status"] for i in body["items"]] == ["disposed"]
    assert len(body["approvals"]) == executed.approvals_required
    problem(foreign.get(f"/api/v1/disposal-batches/{executed.pk}/"), 404)
    assert ids(foreign.get("/api/v1/disposal-batches/")) == []
    problem(caller(police, [Scope.RECORDS_READ], name="no retention").get("/api/v1/disposal-batches/"), 403)


def test_it_offers_no_way_to_approve_a_batch(police, executed):
    rms = caller(police, list(Scope.values))
    url = f"/api/v1/disposal-batches/{executed.pk}/"

    assert rms.post(f"{url}approve/", {}).status_code == 404
    assert rms.patch(url, {"status": "approved"}).status_code == 405


def test_it_reads_a_certificate_and_downloads_its_pdf_logged(police, executed, other_org):
    rms = caller(police, [Scope.RETENTION_READ])
    certificate = executed.certificate
    url = f"/api/v1/destruction-certificates/{certificate.pk}/"

    meta = rms.get(url)
    pdf = rms.get(f"{url}pdf/", HTTP_ACCEPT="application/pdf", HTTP_X_PURPOSE="Audit of disposal")

    assert meta.json()["number"] == certificate.number and meta.json()["has_pdf"] is True
    assert meta.json()["item_list_sha256"] == certificate.item_list_sha256
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    logged = AccessLogEntry.objects.filter(object_kind=AccessObject.CERTIFICATE, object_id=certificate.pk)
    assert sorted(logged.values_list("access", "purpose")) == [
        (AccessKind.DOWNLOADED, "Audit of disposal"),
        (AccessKind.OPENED, ""),
    ]
    problem(caller(other_org, list(Scope.values), name="foreign").get(f"{url}pdf/"), 404)


def test_it_reads_reviews_and_logs_the_items_they_show(police):
    record = police_record(police, "MOPI-1", copies=[CopyKind.ELECTRONIC])
    recompute(police)
    review = decide(record)
    rms = caller(police, [Scope.RETENTION_READ])

    listed = rms.get("/api/v1/reviews/", {"status": "decided"})
    one = rms.get(f"/api/v1/reviews/{review.pk}/")

    assert ids(listed) == [review.pk]
    assert one.json()["item_reference"] == record.reference and one.json()["decision"] == "dispose"
    assert set(
        AccessLogEntry.objects.filter(object_kind=AccessObject.RECORD).values_list("object_id", "access")
    ) == {(record.pk, AccessKind.LISTED), (record.pk, AccessKind.OPENED)}
    problem(rms.get("/api/v1/reviews/", {"status": "maybe"}), 400)


def test_it_keeps_reviews_from_clients_without_the_scope_and_other_organisations(police, other_org):
    record = police_record(police, "MOPI-1", copies=[CopyKind.ELECTRONIC])
    recompute(police)
    review = decide(record)

    problem(caller(police, [Scope.DSR_READ], name="dsr only").get(f"/api/v1/reviews/{review.pk}/"), 403)
    foreign = caller(other_org, list(Scope.values), name="foreign")
    problem(foreign.get(f"/api/v1/reviews/{review.pk}/"), 404)
    assert ids(foreign.get("/api/v1/reviews/")) == []
    assert not AccessLogEntry.objects.exists()
