"""R-ACC-4: every read of a person, record or dossier is logged, in one INSERT per request."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.access_log import access_log_flush, access_log_record
from core.models import AccessChannel, AccessKind, AccessLogEntry, AccessObject
from records.models import CopyKind
from retention.services.execution import disposal_batch_execute
from tests.factories import DossierFactory, RecordFactory, grant
from tests.retention.disposal_support import approved, officer, police_record, recompute

pytestmark = pytest.mark.django_db


def _inserts(queries) -> list[str]:
    return [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "core_accesslogentry"')
    ]


def _dossiers(owner, count: int) -> None:
    for _ in range(count):
        grant(owner, DossierFactory(organisation=owner.organisation))


def _get(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, queries


def test_it_logs_every_row_of_a_list_page_in_one_insert_r_acc_4(login, owner):
    _dossiers(owner, 3)
    client = login(owner)
    _, few = _get(client, reverse("dossiers:list"))
    assert AccessLogEntry.objects.count() == 3
    _dossiers(owner, 27)

    response, many = _get(client, reverse("dossiers:list"))

    shown = {d.pk for d in response.context["page"].object_list}
    logged = AccessLogEntry.objects.filter(access=AccessKind.LISTED).order_by("-id")[: len(shown)]
    assert len(shown) == 25  # the first page of 30
    assert {e.object_id for e in logged} == shown
    assert len(_inserts(few)) == len(_inserts(many)) == 1
    assert len(many.captured_queries) == len(few.captured_queries)


def test_it_logs_the_records_list(login, owner, record):
    login(owner).get(reverse("records:list"))

    entry = AccessLogEntry.objects.get()
    assert (entry.object_kind, entry.object_id, entry.access) == (AccessObject.RECORD, record.pk, "listed")


def test_it_logs_who_what_when_and_how_for_a_dossier_page(login, owner, dossier):
    response, queries = _get(login(owner), reverse("dossiers:detail", kwargs={"pk": dossier.pk}))

    opened = AccessLogEntry.objects.get(object_kind=AccessObject.DOSSIER)
    assert opened.object_id == dossier.pk
    assert opened.access == AccessKind.OPENED
    assert opened.user == owner and opened.organisation == owner.organisation
    assert opened.channel == AccessChannel.WEB
    assert opened.request_id == response["X-Request-ID"]
    # The people shown on the page are logged too, with the dossier they were seen on.
    people = AccessLogEntry.objects.filter(object_kind=AccessObject.PERSON)
    assert {e.object_id for e in people} == {m.person_id for m in dossier.members.all()}
    assert {e.detail for e in people} == {f"dossier {dossier.reference}"}
    assert len(_inserts(queries)) == 1


def test_it_logs_a_record_page_once(login, owner, record):
    _get(login(owner), reverse("records:detail", kwargs={"pk": record.pk}))

    assert AccessLogEntry.objects.filter(object_kind=AccessObject.RECORD, object_id=record.pk).count() == 1


def test_it_logs_an_attachment_download_under_its_dossier(login, owner, dossier, attachment):
    response, queries = _get(login(owner), reverse("dossiers:attachment", kwargs={"pk": attachment.pk}))

    assert b"".join(response.streaming_content) == b"%PDF-1.4 school report"
    entry = AccessLogEntry.objects.get()
    assert (entry.object_kind, entry.object_id) == (AccessObject.DOSSIER, dossier.pk)
    assert entry.access == AccessKind.DOWNLOADED
    assert entry.detail == f"attachment {attachment.pk}"
    assert len(_inserts(queries)) == 1


def test_it_logs_the_dashboard_lists(login, owner, dossier, record):
    login(owner).get(reverse("dashboard"))

    logged = set(AccessLogEntry.objects.values_list("object_kind", "object_id"))
    assert logged == {(AccessObject.DOSSIER, dossier.pk), (AccessObject.RECORD, record.pk)}


@pytest.mark.parametrize("persona", ["colleague", "outsider"])
def test_it_logs_nothing_for_a_refused_read(login, request, dossier, attachment, persona):
    client = login(request.getfixturevalue(persona))

    # A colleague of the same organisation is refused with the break-glass offer (403),
    # an outsider with the plain 404 (R-ACC-5); neither read is logged.
    refused = 403 if persona == "colleague" else 404
    assert client.get(reverse("dossiers:detail", kwargs={"pk": dossier.pk})).status_code == refused
    assert client.get(reverse("dossiers:attachment", kwargs={"pk": attachment.pk})).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_it_keeps_the_purpose_given(login, owner, dossier):
    client = login(owner)
    client.get(reverse("dossiers:detail", kwargs={"pk": dossier.pk}), {"purpose": "Safety  assessment"})
    client.get(
        reverse("dossiers:detail", kwargs={"pk": dossier.pk}), headers={"X-Access-Purpose": "Court order"}
    )

    purposes = AccessLogEntry.objects.filter(object_kind=AccessObject.DOSSIER).values_list(
        "purpose", flat=True
    )
    assert sorted(purposes) == ["Court order", "Safety assessment"]


def test_it_marks_api_reads_as_api(owner, org):
    record = RecordFactory(organisation=org)
    request = RequestFactory().get("/api/v1/records/")
    request.user = owner

    access_log_record(request, [record], AccessObject.RECORD, access=AccessKind.LISTED)
    access_log_flush(request, HttpResponse(status=200))

    assert AccessLogEntry.objects.get().channel == AccessChannel.API


@pytest.mark.parametrize("status", [302, 404, 500])
def test_it_writes_nothing_when_the_response_failed(owner, org, status):
    request = RequestFactory().get("/dossiers/1/")
    request.user = owner
    access_log_record(request, [DossierFactory(organisation=org)], AccessObject.DOSSIER)

    assert access_log_flush(request, HttpResponse(status=status)) == 0
    assert not AccessLogEntry.objects.exists()


def test_it_ignores_anonymous_requests(org):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/dossiers/")
    request.user = AnonymousUser()
    access_log_record(request, [DossierFactory(organisation=org)], AccessObject.DOSSIER)

    assert access_log_flush(request, HttpResponse()) == 0


def test_it_logs_a_certificate_download(client, police):
    """The destruction certificate lists what was destroyed: reading it is logged too."""
    police_record(police, copies=[CopyKind.ELECTRONIC])
    recompute(police)
    records_officer = officer(police)
    batch = disposal_batch_execute(acting_user=records_officer, batch_id=approved(police).pk)
    client.force_login(records_officer)

    response = client.get(reverse("retention:certificate_pdf", kwargs={"pk": batch.certificate.pk}))

    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.object_kind, entry.object_id) == (AccessObject.CERTIFICATE, batch.certificate.pk)
    assert entry.access == AccessKind.DOWNLOADED
