"""The disclosure pack, the response letter and the portability export (R-DSR-1, R-DSR-2,
R-DSR-4, R-DSR-14; GDPR arts. 15, 20). The PDF's text layer is read back: what was
redacted must not be in it at all."""

import datetime as dt
import hashlib
import io
import json
import re

import pytest
from pypdf import PdfReader

from core.errors import DomainError
from core.models import DomainEvent
from records.models import EntryKind, EntryNature
from records.services.dossiers import dossier_entry_add
from subject_rights.models import (
    Decision,
    DisclosureOutput,
    OutputKind,
    OutputStatus,
    RedactionProposal,
    RefusalGround,
    RequestType,
)
from subject_rights.services import subject_request_decide
from subject_rights.services.disclosure import (
    ReviewAction,
    disclosure_pack_render,
    disclosure_pack_request,
    portability_export_create,
    redactions_propose,
    response_letter_issue,
)
from tests.subject_rights.conftest import at
from tests.subject_rights.disclosure_factories import household, review_all
from tests.subject_rights.support import request_in_progress

WITHHELD = ("Piet", "Sam", "123456782", "14-02-1984", "14 February 1984")


def pdf_text(output: DisclosureOutput) -> str:
    with output.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def home(veilig_thuis, caseworker):
    return household(veilig_thuis, caseworker)


@pytest.fixture
def eva_request(caseworker, home):
    return request_in_progress(caseworker, home.eva)


@pytest.fixture
def build(django_capture_on_commit_callbacks):
    """Ask for a pack; the Celery task runs eagerly when the request commits."""

    def _build(user, request) -> DisclosureOutput:
        with django_capture_on_commit_callbacks(execute=True):
            output = disclosure_pack_request(acting_user=user, request=request)
        output.refresh_from_db()
        return output

    return _build


def test_the_pack_burns_in_the_redactions_and_numbers_its_pages(caseworker, eva_request, home, build):
    review_all(caseworker, eva_request)

    pack = build(caseworker, eva_request)

    assert pack.status == OutputStatus.READY and pack.progress == 100
    text = pdf_text(pack)
    for withheld in WITHHELD:
        assert withheld not in text, withheld
    # Other subjects' entries are not in Eva's pack at all (R-DSR-1).
    assert "PIET-ONLY" not in text and "SAM-ONLY" not in text and "UNRELATED" not in text
    assert "[redacted: privacy of a third party]" in text
    assert "Eva Jansen reported that" in text  # her own data is there
    assert "111222333" in text  # her own identifier
    pages = len(PdfReader(pack.file.open("rb")).pages)
    assert f"page 1 of {pages}" in text and f"page {pages} of {pages}" in text
    assert text.count(f"Request {eva_request.reference}") >= pages  # in every page's footer
    with pack.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == pack.sha256
    assert pack.redactions_applied == RedactionProposal.objects.filter(request=eva_request).count()
    assert {c["reference"] for c in pack.contents} == {home.dossier.reference, home.record.reference}
    assert DomainEvent.objects.filter(
        verb="subject_request.pack_ready", target_id=str(eva_request.pk)
    ).exists()


def test_disclosed_third_party_data_stays_in_the_pack(caseworker, eva_request, build):
    review_all(caseworker, eva_request, action=ReviewAction.REJECT)
    text = pdf_text(build(caseworker, eva_request))
    assert "Piet Jansen" in text and "[redacted" not in text


def test_the_pack_is_refused_while_a_proposal_is_unreviewed(caseworker, eva_request, build):
    redactions_propose(acting_user=caseworker, request=eva_request)
    with pytest.raises(DomainError) as error:
        build(caseworker, eva_request)
    assert error.value.code == "unreviewed"
    assert not DisclosureOutput.objects.exists()


def test_the_pack_looks_again_for_new_third_party_data_first(caseworker, eva_request, home, build):
    review_all(caseworker, eva_request)
    dossier_entry_add(
        acting_user=caseworker,
        dossier=home.dossier,
        kind=EntryKind.STEP_AGREEMENT,
        nature=EntryNature.FACT,
        body="Agreed with Piet that he stays away.",
        concerns=[home.members.eva],
    )
    with pytest.raises(DomainError) as error:
        build(caseworker, eva_request)
    assert "New third-party data" in error.value.message
    assert RedactionProposal.objects.filter(
        request=eva_request, status="proposed", matched_text="Piet"
    ).exists()


def test_an_own_statement_shows_in_a_later_pack_r_dsr_4(caseworker, eva_request, home, build):
    review_all(caseworker, eva_request)
    first = pdf_text(build(caseworker, eva_request))
    assert "I never drank" not in first

    dossier_entry_add(
        acting_user=caseworker,
        dossier=home.dossier,
        kind=EntryKind.OWN_STATEMENT,
        nature=EntryNature.OPINION,
        body="I never drank during the visits and I disagree with the assessment.",
        concerns=[home.members.eva],
    )
    review_all(caseworker, eva_request)
    later = pdf_text(build(caseworker, eva_request))

    assert "Own statement" in later
    assert "I never drank during the visits and I disagree with the assessment." in later


def test_a_refused_request_gets_no_pack(caseworker, team_leader, eva_request, build):
    with at(eva_request.received_on):
        subject_request_decide(
            acting_user=caseworker,
            request=eva_request,
            decision=Decision.REFUSE,
            reasons="Disclosure would endanger the children.",
            grounds=[RefusalGround.SAFETY],
        )
    with pytest.raises(DomainError):
        build(caseworker, eva_request)
    assert not DisclosureOutput.objects.exists()


def test_the_response_letter_states_the_decision_and_reasons_in_the_organisations_name(
    caseworker, eva_request, build
):
    review_all(caseworker, eva_request)
    pack = build(caseworker, eva_request)
    with at(eva_request.received_on):
        subject_request_decide(
            acting_user=caseworker,
            request=eva_request,
            decision=Decision.PARTIAL,
            reasons="Passages about the other members of the household are withheld.",
            grounds=[RefusalGround.THIRD_PARTY_PRIVACY],
        )
    eva_request.refresh_from_db()

    letter = response_letter_issue(acting_user=caseworker, request=eva_request)

    text = pdf_text(letter)
    assert letter.kind == OutputKind.LETTER and letter.status == OutputStatus.READY
    assert "Veilig Thuis" in text
    assert "granted your request in part" in text
    assert "Passages about the other members of the household are withheld." in text
    assert "Privacy of a third party" in text
    assert pack.sha256 in text.replace(" ", "")
    assert "Autoriteit Persoonsgegevens" in text
    assert f"Request {eva_request.reference}" in text and "page 1 of 1" in text


def test_the_letter_waits_for_a_decision(caseworker, eva_request):
    with pytest.raises(DomainError) as error:
        response_letter_issue(acting_user=caseworker, request=eva_request)
    assert error.value.field == "decision"
    assert not DisclosureOutput.objects.exists()


def test_the_portability_export_is_json_and_csv_with_the_same_redactions(caseworker, home):
    request = request_in_progress(caseworker, home.eva, request_type=RequestType.PORTABILITY)
    review_all(caseworker, request)

    exported = portability_export_create(acting_user=caseworker, request=request)

    by_kind = {output.kind: output for output in exported}
    document = json.loads(by_kind[OutputKind.EXPORT_JSON].file.open("rb").read())
    assert document["subject"]["given_names"] == "Eva"
    assert document["subject"]["identifiers"] == [{"scheme": "bsn", "value": "111222333"}]
    texts = " ".join(" ".join(item["text"].values()) for item in document["items"])
    assert "Eva Jansen reported that" in texts
    csv_text = by_kind[OutputKind.EXPORT_CSV].file.open("rb").read().decode()
    assert csv_text.startswith("section,reference,item,field,value")
    for withheld in WITHHELD + ("PIET-ONLY", "SAM-ONLY"):
        assert withheld not in texts and withheld not in csv_text
    assert all(output.sha256 and output.status == OutputStatus.READY for output in exported)


def test_an_access_request_has_no_export(caseworker, eva_request):
    with pytest.raises(DomainError):
        portability_export_create(acting_user=caseworker, request=eva_request)
    assert not DisclosureOutput.objects.exists()


def test_a_second_pack_waits_for_the_first_unless_the_first_was_lost(caseworker, eva_request):
    review_all(caseworker, eva_request)
    first = disclosure_pack_request(acting_user=caseworker, request=eva_request)  # not run: no commit
    with pytest.raises(DomainError):
        disclosure_pack_request(acting_user=caseworker, request=eva_request)
    DisclosureOutput.objects.filter(pk=first.pk).update(
        requested_at=first.requested_at - dt.timedelta(hours=1)
    )

    second = disclosure_pack_request(acting_user=caseworker, request=eva_request)

    first.refresh_from_db()
    assert first.status == OutputStatus.FAILED and second.status == OutputStatus.QUEUED


def test_a_redelivered_task_leaves_a_finished_pack_alone(caseworker, eva_request, build):
    review_all(caseworker, eva_request)
    pack = build(caseworker, eva_request)
    again = disclosure_pack_render(acting_user=caseworker, output_id=pack.pk)
    assert again.sha256 == pack.sha256 and again.completed_at == pack.completed_at
