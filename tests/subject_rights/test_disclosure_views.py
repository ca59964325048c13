"""The disclosure pages: who may open them (the handler, a team leader, the records unit;
never an uninvolved colleague or another organisation), the htmx review row, the pack's
progress and the access-logged downloads (R-DSR-1, R-DSR-2, R-DSR-14, R-ACC-4)."""

import pytest
from django.urls import reverse

from core.models import AccessKind, AccessLogEntry, AccessObject
from subject_rights.models import (
    DisclosureOutput,
    OutputKind,
    OutputStatus,
    RedactionCategory,
    RedactionProposal,
    RedactionReason,
    RedactionStatus,
    SourceKind,
)
from subject_rights.services.disclosure import redaction_add, redactions_propose
from tests.subject_rights.disclosure_factories import RecordsOfficerFactory, household, review_all
from tests.subject_rights.support import request_in_progress


@pytest.fixture
def records_officer(veilig_thuis):
    return RecordsOfficerFactory(organisation=veilig_thuis)


@pytest.fixture
def home(veilig_thuis, caseworker):
    return household(veilig_thuis, caseworker)


@pytest.fixture
def eva_request(caseworker, home):
    return request_in_progress(caseworker, home.eva)


@pytest.fixture
def reviewed(caseworker, eva_request):
    review_all(caseworker, eva_request)
    return eva_request


@pytest.fixture
def ready_pack(caseworker, reviewed, django_capture_on_commit_callbacks):
    from subject_rights.services.disclosure import disclosure_pack_request

    with django_capture_on_commit_callbacks(execute=True):
        output = disclosure_pack_request(acting_user=caseworker, request=reviewed)
    output.refresh_from_db()
    assert output.status == OutputStatus.READY
    return output


def _url(name, request, *extra):
    return reverse(f"subject_rights:{name}", args=[request.pk, *extra])


# --- personas ---------------------------------------------------------------------------


def _pages(request, pack, proposal, manual):
    """Every disclosure URL, its method and the POST data a valid call would send."""
    review = {f"redaction-{proposal.pk}-action": "accept", f"redaction-{proposal.pk}-reason": "safety"}
    add = {
        "add-source": f"entry:{manual.source_id}:body",
        "add-text": "was calm",
        "add-reason": "third_party_privacy",
    }
    return [
        ("get", _url("disclosure_review", request), {}),
        ("get", _url("disclosure_documents", request), {}),
        ("get", _url("disclosure_output_progress", request, pack.pk), {}),
        ("get", _url("disclosure_output_download", request, pack.pk), {}),
        ("post", _url("disclosure_propose", request), {}),
        ("post", _url("disclosure_redaction_review", request, proposal.pk), review),
        ("post", _url("disclosure_redaction_add", request), add),
        ("post", _url("disclosure_redaction_remove", request, manual.pk), {}),
        ("post", _url("disclosure_pack", request), {}),
        ("post", _url("disclosure_letter", request), {}),
        ("post", _url("disclosure_export", request), {}),
    ]


@pytest.fixture
def world(caseworker, home, ready_pack):
    request = ready_pack.request
    proposal = (
        RedactionProposal.objects.filter(request=request).exclude(category=RedactionCategory.MANUAL).first()
    )
    manual = redaction_add(
        acting_user=caseworker,
        request=request,
        source_kind=SourceKind.ENTRY,
        source_id=home.shared.pk,
        source_field="body",
        text="on 3 March",
        reason=RedactionReason.SAFETY,
    )[0]
    return request, ready_pack, proposal, manual


@pytest.mark.parametrize("persona", ["colleague", "outsider"])
def test_it_refuses_an_uninvolved_colleague_and_another_organisation_on_every_page(
    client, request, world, persona
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    subject_request, pack, proposal, manual = world
    before = (RedactionProposal.objects.count(), DisclosureOutput.objects.count())
    statuses = [proposal.status, manual.status]

    for method, url, data in _pages(subject_request, pack, proposal, manual):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (persona, url)

    assert (RedactionProposal.objects.count(), DisclosureOutput.objects.count()) == before
    assert [proposal.__class__.objects.get(pk=p.pk).status for p in (proposal, manual)] == statuses
    assert not AccessLogEntry.objects.filter(user=user).exists()


@pytest.mark.parametrize("persona", ["caseworker", "records_officer", "team_leader"])
def test_it_lets_the_handler_the_records_unit_and_a_team_leader_in(client, request, world, persona):
    client.force_login(request.getfixturevalue(persona))
    subject_request, pack, proposal, manual = world

    for method, url, data in _pages(subject_request, pack, proposal, manual):
        response = getattr(client, method)(url, data)
        if method == "get":
            assert response.status_code == 200, (persona, url, response.status_code)
        else:
            # Done (or refused with a message), and back to a disclosure page.
            assert response.status_code == 302, (persona, url, response.status_code)
            assert response.url.startswith(f"/requests/{subject_request.pk}/disclosure/"), response.url


# --- review page ------------------------------------------------------------------------


def test_the_review_page_highlights_proposals_and_logs_what_it_shows(client, caseworker, eva_request, home):
    redactions_propose(acting_user=caseworker, request=eva_request)
    client.force_login(caseworker)

    response = client.get(_url("disclosure_review", eva_request))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Review redactions" in html
    assert 'class="app-redaction-mark app-redaction-mark--proposed"' in html
    assert "PIET-ONLY" not in html and "SAM-ONLY" not in html  # R-DSR-1
    logged = set(AccessLogEntry.objects.filter(user=caseworker).values_list("object_kind", "object_id"))
    assert (AccessObject.PERSON, home.eva.pk) in logged
    assert (AccessObject.DOSSIER, home.dossier.pk) in logged
    assert (AccessObject.RECORD, home.record.pk) in logged


def test_an_htmx_review_swaps_the_row_and_the_tally(client, caseworker, eva_request):
    redactions_propose(acting_user=caseworker, request=eva_request)
    proposal = RedactionProposal.objects.filter(request=eva_request).first()
    client.force_login(caseworker)

    response = client.post(
        _url("disclosure_redaction_review", eva_request, proposal.pk),
        {f"redaction-{proposal.pk}-action": "reject", f"redaction-{proposal.pk}-note": "She knows."},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="redaction-{proposal.pk}"' in html and "Review saved." in html
    assert 'id="redaction-counts" hx-swap-oob="true"' in html
    # The highlight in the passage takes the colour of the review.
    assert f'<mark id="mark-{proposal.pk}" class="app-redaction-mark app-redaction-mark--rejected"' in html
    proposal.refresh_from_db()
    assert proposal.status == RedactionStatus.REJECTED and proposal.note == "She knows."


def test_a_review_without_a_reason_shows_the_error_and_saves_nothing(client, caseworker, eva_request):
    redactions_propose(acting_user=caseworker, request=eva_request)
    proposal = RedactionProposal.objects.filter(request=eva_request).first()
    client.force_login(caseworker)
    prefix = f"redaction-{proposal.pk}"

    htmx = client.post(
        _url("disclosure_redaction_review", eva_request, proposal.pk),
        {f"{prefix}-action": "accept"},
        HTTP_HX_REQUEST="true",
    )
    assert "Choose why this is withheld." in htmx.content.decode()
    page = client.post(
        _url("disclosure_redaction_review", eva_request, proposal.pk), {f"{prefix}-action": "reject"}
    )
    assert page.status_code == 400
    assert "There is a problem" in page.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == RedactionStatus.PROPOSED


def test_building_the_pack_with_unreviewed_proposals_sends_the_reviewer_back(client, caseworker, eva_request):
    client.force_login(caseworker)

    response = client.post(_url("disclosure_pack", eva_request), follow=True)

    assert response.redirect_chain[-1][0] == _url("disclosure_review", eva_request)
    assert "still need a review" in response.content.decode()
    assert not DisclosureOutput.objects.exists()


def test_the_documents_page_polls_a_pack_being_made(client, caseworker, reviewed):
    pack = DisclosureOutput.objects.create(
        organisation=reviewed.organisation, request=reviewed, kind=OutputKind.PACK, requested_by=caseworker
    )
    DisclosureOutput.objects.filter(pk=pack.pk).update(status=OutputStatus.RENDERING, progress=40)
    client.force_login(caseworker)

    page = client.get(_url("disclosure_documents", reviewed)).content.decode()
    fragment = client.get(_url("disclosure_output_progress", reviewed, pack.pk)).content.decode()

    for html in (page, fragment):
        assert 'hx-trigger="every 1s"' in html and 'value="40"' in html


def test_a_finished_pack_stops_polling_and_offers_the_download(client, caseworker, ready_pack):
    client.force_login(caseworker)
    html = client.get(_url("disclosure_output_progress", ready_pack.request, ready_pack.pk)).content.decode()
    assert "hx-trigger" not in html
    assert _url("disclosure_output_download", ready_pack.request, ready_pack.pk) in html
    assert ready_pack.sha256 in html


def test_the_download_is_access_logged_r_acc_4(client, records_officer, ready_pack, home):
    client.force_login(records_officer)

    response = client.get(_url("disclosure_output_download", ready_pack.request, ready_pack.pk))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment")
    downloads = set(
        AccessLogEntry.objects.filter(user=records_officer, access=AccessKind.DOWNLOADED).values_list(
            "object_kind", "object_id"
        )
    )
    assert downloads == {
        (AccessObject.PERSON, home.eva.pk),
        (AccessObject.DOSSIER, home.dossier.pk),
        (AccessObject.RECORD, home.record.pk),
    }


def test_the_request_panel_shows_the_pack_status(client, caseworker, ready_pack):
    client.force_login(caseworker)
    html = client.get(reverse("subject_rights:request_detail", args=[ready_pack.request_id])).content.decode()
    assert "Disclosure" in html
    assert _url("disclosure_review", ready_pack.request) in html
    assert _url("disclosure_output_download", ready_pack.request, ready_pack.pk) in html


def test_the_review_page_costs_the_same_queries_however_many_entries(client, caseworker, eva_request, home):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import DossierEntryFactory

    client.force_login(caseworker)
    url = _url("disclosure_review", eva_request)

    def queries() -> int:
        redactions_propose(acting_user=caseworker, request=eva_request)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for number in range(5):
        DossierEntryFactory(
            dossier=home.dossier,
            author=caseworker,
            body=f"Visit {number}: Piet was there.",
            concerns=[home.members.eva],
        )
    assert queries() == few


def test_an_htmx_edit_reloads_the_page_to_redraw_the_passage(client, caseworker, eva_request, home):
    redactions_propose(acting_user=caseworker, request=eva_request)
    proposal = RedactionProposal.objects.get(
        request=eva_request, source_kind="entry", matched_text="Piet Jansen"
    )
    client.force_login(caseworker)
    prefix = f"redaction-{proposal.pk}"

    response = client.post(
        _url("disclosure_redaction_review", eva_request, proposal.pk),
        {f"{prefix}-action": "edit", f"{prefix}-reason": "safety", f"{prefix}-text": "Piet Jansen (BSN"},
        HTTP_HX_REQUEST="true",
    )

    assert response["HX-Refresh"] == "true"
    proposal.refresh_from_db()
    assert proposal.status == RedactionStatus.EDITED and proposal.matched_text == "Piet Jansen (BSN"
