"""Destruction certificates: content read back from the PDF, the item-list hash, numbering."""

import hashlib
import io
import json

import pytest
from django.utils import timezone
from pypdf import PdfReader

from core.errors import DomainError
from records.models import CopyKind
from retention.models import DestructionCertificate, DisposalItemStatus
from retention.services.batches import disposal_batch_approve
from retention.services.certificates import (
    destruction_certificate_issue,
    item_list_canonical,
    item_list_sha256,
)
from retention.services.execution import disposal_batch_execute
from tests.retention.disposal_support import build, electronic, officer, police_record, recompute

pytestmark = pytest.mark.django_db


def _pdf_text(certificate: DestructionCertificate) -> str:
    with certificate.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def certified(police):
    """A two-stage approved batch of two records, executed."""
    police.name = "Heddlu Dyfed-Powys"
    police.disposal_approvals_required = 2
    police.save()
    records = [electronic(police), police_record(police, copies=[CopyKind.ELECTRONIC])]
    recompute(police)
    (batch,) = build(police, builder=officer(police))
    approvers = [
        officer(police, first_name="Gwen", last_name="Morgan"),
        officer(police, first_name="Dafydd", last_name="Price"),
    ]
    for approver in approvers:
        disposal_batch_approve(acting_user=approver, batch=batch)
    batch = disposal_batch_execute(acting_user=officer(police), batch_id=batch.pk)
    return batch, records


def test_it_issues_a_certificate_with_number_method_and_legal_basis(certified, police):
    batch, records = certified

    certificate = batch.certificate

    assert certificate.number == f"DC-{police.slug.upper()}-{timezone.localdate().year}-00001"
    assert certificate.organisation == police
    assert certificate.method == police.disposal_method
    assert certificate.legal_basis.startswith("MOPI-3 v1: APP Information Management")
    assert [i["reference"] for i in certificate.item_list] == sorted(r.reference for r in records)
    assert set(certificate.item_list[0]) == {
        "reference",
        "kind",
        "record_class",
        "schedule_version",
        "action",
        "due_on",
        "disposed_at",
    }
    assert certificate.item_list[0]["record_class"] == "MOPI-3"
    assert certificate.item_list[0]["due_on"] == "2017-01-01"


def test_it_hashes_the_canonical_json_of_the_item_list(certified):
    certificate = certified[0].certificate

    canonical = json.dumps(certificate.item_list, sort_keys=True, separators=(",", ":")).encode()
    assert item_list_canonical(certificate.item_list) == canonical
    assert certificate.item_list_sha256 == hashlib.sha256(canonical).hexdigest()
    assert item_list_sha256(certificate.item_list) == certificate.item_list_sha256


def test_it_writes_the_certificate_content_into_the_pdf(certified, police):
    batch, records = certified
    certificate = batch.certificate

    text = _pdf_text(certificate)

    assert certificate.pdf.name.startswith("certificates/")
    for expected in (
        certificate.number,
        "Heddlu Dyfed-Powys",
        batch.number,
        *(r.reference for r in records),
        "Gwen Morgan",
        "Dafydd Price",
        certificate.item_list_sha256,
        "MOPI-3",
        police.disposal_method,
        "Page 1 of",
    ):
        assert expected in text, expected


def test_it_never_issues_a_second_certificate_for_a_batch(certified):
    batch = certified[0]
    first = batch.certificate

    again = destruction_certificate_issue(batch=batch)

    assert again == first
    assert DestructionCertificate.objects.count() == 1


def test_it_numbers_certificates_in_sequence_per_organisation(certified, police):
    electronic(police)
    recompute(police)
    (batch,) = build(police, builder=officer(police))
    disposal_batch_approve(acting_user=officer(police), batch=batch)
    disposal_batch_approve(acting_user=officer(police), batch=batch)

    batch = disposal_batch_execute(acting_user=officer(police), batch_id=batch.pk)

    assert batch.certificate.number.endswith("-00002")


def test_it_refuses_a_certificate_for_a_batch_that_disposed_of_nothing(police):
    electronic(police)
    recompute(police)
    (batch,) = build(police)

    with pytest.raises(DomainError, match="nothing to certify"):
        destruction_certificate_issue(batch=batch)

    assert batch.items.get().status == DisposalItemStatus.INCLUDED
    assert not DestructionCertificate.objects.exists()
