"""Transfer to an archive (R-REC-6): the export package of one record or dossier.

The package is a zip with ``metadata.json`` (the item, its people, copies, events, entries),
``files/`` (the dossier's attachments) and ``manifest.txt``: one ``<sha256>  <path>`` line
per file, the format ``sha256sum -c`` reads, so the archive can verify what it received.
"""

import datetime
import hashlib
import io
import json
import zipfile
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import get_valid_filename

from core.errors import DomainError
from records.models import Dossier, EntryAttachment, Person, Record
from retention.explain import explain

PACKAGE_FORMAT = "retentie-archive-package/1"


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _person(person: Person) -> dict[str, Any]:
    return {
        "given_names": person.given_names,
        "family_name": person.family_name,
        "date_of_birth": _date(person.date_of_birth),
        "identifiers": [{"scheme": i.scheme, "value": i.value} for i in person.identifiers.all()],
    }


def _retention(item: Record | Dossier) -> dict[str, Any]:
    version = item.retention_version
    return {
        "due_on": _date(item.retention_due_on),
        "action": item.retention_action,
        "schedule_version": str(version) if version else None,
        "legal_basis": version.legal_basis if version else None,
        "explanation": explain(item),
    }


def _record_metadata(record: Record) -> tuple[dict[str, Any], list[EntryAttachment]]:
    return {
        "kind": "record",
        "reference": record.reference,
        "title": record.title,
        "description": record.description,
        "category": record.category,
        "record_class": {"code": record.record_class.code, "name": record.record_class.name},
        "information_asset": record.information_asset.name,
        "format": record.format,
        "language": record.language,
        "created_on": _date(record.created_on),
        "closed_on": _date(record.closed_on),
        "last_action_on": _date(record.last_action_on),
        "retention": _retention(record),
        "subjects": [
            {**_person(link.person), "role": link.role}
            for link in record.subject_links.select_related("person").prefetch_related("person__identifiers")
        ],
        "copies": [
            {"kind": c.kind, "location": c.location, "custodian": c.custodian.username, "status": c.status}
            for c in record.copies.select_related("custodian")
        ],
        "events": [
            {"kind": e.kind, "occurred_on": _date(e.occurred_on), "description": e.description}
            for e in record.events.order_by("occurred_on", "pk")
        ],
    }, []


def _attachment_path(attachment: EntryAttachment) -> str:
    return f"files/{attachment.pk}-{get_valid_filename(attachment.original_name) or 'file'}"


def _dossier_metadata(dossier: Dossier) -> tuple[dict[str, Any], list[EntryAttachment]]:
    attachments: list[EntryAttachment] = []
    entries = []
    for entry in dossier.entries.select_related("author").prefetch_related("attachments", "concerns__person"):
        entry_attachments = list(entry.attachments.all())
        attachments.extend(entry_attachments)
        entries.append(
            {
                "kind": entry.kind,
                "nature": entry.nature,
                "body": entry.body,
                "source": entry.source,
                "not_current_contact": entry.not_current_contact,
                "recipient": entry.recipient,
                "concerns": [m.person.full_name for m in entry.concerns.all()],
                "author": entry.author.username,
                "created_at": entry.created_at.isoformat(),
                "attachments": [
                    {
                        "original_name": a.original_name,
                        "content_type": a.content_type,
                        "size": a.size,
                        "sha256": a.sha256,
                        "path": _attachment_path(a),
                    }
                    for a in entry_attachments
                ],
            }
        )
    metadata = {
        "kind": "dossier",
        "reference": dossier.reference,
        "household_name": dossier.household_name,
        "report_date": _date(dossier.report_date),
        "status": dossier.status,
        "closed_on": _date(dossier.closed_on),
        "summary": dossier.summary,
        "record_class": dossier.record_class.code if dossier.record_class else None,
        "retention": _retention(dossier),
        "members": [
            {**_person(m.person), "role": m.role}
            for m in dossier.members.select_related("person").prefetch_related("person__identifiers")
        ],
        "entries": entries,
        "status_changes": [
            {
                "from": c.old_status,
                "to": c.new_status,
                "closed_on": _date(c.closed_on),
                "reason": c.reason,
                "changed_at": c.changed_at.isoformat(),
            }
            for c in dossier.status_changes.order_by("changed_at", "pk")
        ],
    }
    return metadata, attachments


def _read(attachment: EntryAttachment) -> bytes:
    with attachment.file.open("rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != attachment.sha256:
        # Never hand the archive a file that differs from what was uploaded.
        raise DomainError(
            f"Attachment {attachment.pk} does not match its recorded checksum; it cannot be transferred."
        )
    return content


def archive_package_build(*, item: Record | Dossier) -> bytes:
    """The zip package of ``item`` (a record or a dossier) for the archive."""
    if isinstance(item, Record):
        metadata, attachments = _record_metadata(item)
    elif isinstance(item, Dossier):
        metadata, attachments = _dossier_metadata(item)
    else:
        raise DomainError("Only records and dossiers can be transferred to the archive.")
    metadata = {
        "format": PACKAGE_FORMAT,
        "organisation": {"name": item.organisation.name, "slug": item.organisation.slug},
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        **metadata,
    }
    files: dict[str, bytes] = {
        "metadata.json": json.dumps(metadata, indent=2, ensure_ascii=False, sort_keys=True).encode("utf-8")
    }
    for attachment in attachments:
        files[_attachment_path(attachment)] = _read(attachment)
    manifest = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(files.items())
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for path, data in files.items():
            package.writestr(path, data)
        package.writestr("manifest.txt", manifest)
    return buffer.getvalue()


def archive_package_path(item: Record | Dossier) -> str:
    return f"archive/{item.organisation.slug}/{get_valid_filename(item.reference)}.zip"


def archive_package_store(*, item: Record | Dossier) -> str:
    """Build and store the package; return its storage name.

    A re-run (after a crash) replaces a package an earlier attempt left behind, so the
    archive never receives two versions under two names.
    """
    content = archive_package_build(item=item)
    name = archive_package_path(item)
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(content))
