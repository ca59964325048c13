"""Transfer to the archive (R-REC-6): the export package and the transferred item."""

import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.errors import DomainError
from records.models import EntryAttachment, ItemStatus, Record
from retention.models import BatchStatus, DisposalItemStatus, ReviewDecision, Tombstone
from retention.services.execution import disposal_batch_execute
from retention.services.transfer import archive_package_build, archive_package_path
from tests.retention.disposal_support import approved, decide, officer, police_record, recompute, vt_dossier

pytestmark = pytest.mark.django_db


def _attach(entry, content: bytes, name: str) -> EntryAttachment:
    return EntryAttachment.objects.create(
        entry=entry,
        file=ContentFile(content, name=name),
        original_name=name,
        content_type="application/octet-stream",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=entry.author,
    )


def _unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def _manifest(files: dict[str, bytes]) -> dict[str, str]:
    lines = files["manifest.txt"].decode().splitlines()
    return {path: digest for digest, path in (line.split("  ", 1) for line in lines)}


def test_it_packages_a_dossier_with_metadata_files_and_a_checksum_manifest_r_rec_6(veilig_thuis):
    dossier = vt_dossier(veilig_thuis, entries=2)
    first, second = dossier.entries.all()
    report = _attach(first, b"%PDF-1.4 report", "Report 2004.pdf")
    photo = _attach(second, b"\x89PNG photo", "photo.png")

    files = _unzip(archive_package_build(item=dossier))

    manifest = _manifest(files)
    assert set(manifest) == set(files) - {"manifest.txt"}
    for path, digest in manifest.items():
        assert hashlib.sha256(files[path]).hexdigest() == digest
    assert files[f"files/{report.pk}-Report_2004.pdf"] == b"%PDF-1.4 report"
    assert files[f"files/{photo.pk}-photo.png"] == b"\x89PNG photo"
    metadata = json.loads(files["metadata.json"])
    assert (metadata["kind"], metadata["reference"], metadata["household_name"]) == (
        "dossier",
        dossier.reference,
        dossier.household_name,
    )
    assert metadata["members"][0]["family_name"] == dossier.people.get().family_name
    assert [e["body"] for e in metadata["entries"]] == [first.body, second.body]
    assert metadata["entries"][0]["attachments"][0]["path"] == f"files/{report.pk}-Report_2004.pdf"
    assert metadata["organisation"]["slug"] == veilig_thuis.slug


def test_it_packages_a_record_with_its_subjects_copies_and_events(police):
    record = police_record(police, "CORP-POLICY", closed_on=dt.date(2012, 1, 1))

    files = _unzip(archive_package_build(item=record))

    metadata = json.loads(files["metadata.json"])
    assert metadata["kind"] == "record"
    assert metadata["title"] == record.title
    assert metadata["subjects"][0]["family_name"] == record.subjects.get().family_name
    assert metadata["events"][0]["occurred_on"] == "2011-01-01"
    assert set(_manifest(files)) == {"metadata.json"}


def test_it_refuses_to_package_an_attachment_that_fails_its_checksum(veilig_thuis):
    dossier = vt_dossier(veilig_thuis)
    attachment = _attach(dossier.entries.get(), b"original", "note.txt")
    EntryAttachment.objects.filter(pk=attachment.pk).update(sha256="0" * 64)

    with pytest.raises(DomainError, match="checksum"):
        archive_package_build(item=dossier)


def test_it_transfers_a_reviewed_record_to_the_archive_and_marks_it_transferred_r_rec_6(police):
    record = police_record(police, "CORP-POLICY", closed_on=dt.date(2012, 1, 1))
    recompute(police)
    decide(record, ReviewDecision.TRANSFER)
    batch = approved(police)

    batch = disposal_batch_execute(acting_user=officer(police), batch_id=batch.pk)

    record.refresh_from_db()
    assert record.status == ItemStatus.TRANSFERRED
    assert record.subjects.exists()  # the archive holds it now; nothing was destroyed
    assert batch.items.get().status == DisposalItemStatus.DISPOSED
    path = archive_package_path(record)
    assert path == f"archive/{police.slug}/{record.reference}.zip"
    with default_storage.open(path, "rb") as handle:
        files = _unzip(handle.read())
    assert json.loads(files["metadata.json"])["reference"] == record.reference
    assert Tombstone.objects.get(batch=batch).action == "transfer"
    assert batch.status == BatchStatus.COMPLETED
    assert batch.certificate.method == "Transfer to the archive (R-REC-6)"
    assert not Record.objects.filter(status=ItemStatus.LIVE, pk=record.pk).exists()
