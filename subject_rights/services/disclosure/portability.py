"""The portability export (GDPR art. 20): the subject's data, structured and machine-readable,
as JSON and as CSV. The same scope and the same reviewed redactions as the disclosure pack
(R-DSR-1; art. 20(4): the export must not harm other people's rights)."""

import csv
import io
import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from subject_rights.models import DisclosureOutput, OutputKind, OutputStatus, SubjectRequest
from subject_rights.services.disclosure.common import (
    EXPORT_TYPES,
    require_disclosure_handler,
    require_disclosure_request,
    require_not_refused,
)
from subject_rights.services.disclosure.content import DisclosureContent, disclosure_content
from subject_rights.services.disclosure.outputs import output_store
from subject_rights.services.disclosure.redactions import redactions_propose

CSV_COLUMNS = ("section", "reference", "item", "field", "value")


def export_document(request: SubjectRequest, content: DisclosureContent) -> dict:
    scope = content.scope
    subject = scope.subject
    return {
        "format": "retentie-portability/1",
        "request": {
            "reference": request.reference,
            "type": request.request_type,
            "organisation": request.organisation.name,
            "made_at": timezone.now().isoformat(timespec="seconds"),
        },
        "subject": {
            "given_names": subject.given_names,
            "family_name": subject.family_name,
            "date_of_birth": subject.date_of_birth.isoformat() if subject.date_of_birth else None,
            "identifiers": [{"scheme": i.scheme, "value": i.value} for i in scope.identifiers],
        },
        "dossier_memberships": [
            {
                "dossier": m.dossier.reference,
                "role": m.role,
                "report_date": m.dossier.report_date.isoformat(),
                "status": m.dossier.status,
            }
            for m in scope.memberships
        ],
        "items": [
            {
                "kind": c.item.kind,
                "id": c.item.pk,
                "reference": c.item.reference,
                "facts": {key: value for key, _label, value in c.item.facts},
                "text": {name: c.plain(name) for name in c.fields},
                "redactions": c.redactions,
            }
            for c in content.items
        ],
    }


def export_csv(document: dict) -> str:
    """One row per value: easy to open in a spreadsheet and to load elsewhere."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    subject = document["subject"]
    for name in ("given_names", "family_name", "date_of_birth"):
        writer.writerow(("subject", "", "", name, subject[name] or ""))
    for identifier in subject["identifiers"]:
        writer.writerow(("subject", "", "identifier", identifier["scheme"], identifier["value"]))
    for membership in document["dossier_memberships"]:
        for name in ("role", "report_date", "status"):
            writer.writerow(("dossier_membership", membership["dossier"], "", name, membership[name]))
    for item in document["items"]:
        label = f"{item['kind']}:{item['id']}"
        for name, value in item["facts"].items():
            writer.writerow((item["kind"], item["reference"], label, name, value))
        for name, value in item["text"].items():
            writer.writerow((item["kind"], item["reference"], label, name, value))
    return buffer.getvalue()


def portability_export_create(*, acting_user, request: SubjectRequest) -> list[DisclosureOutput]:
    """Make the JSON and CSV exports of ``request`` (a portability request)."""
    require_disclosure_handler(acting_user, request)
    require_disclosure_request(request)
    if request.request_type not in EXPORT_TYPES:
        raise DomainError(_("Only a portability request is answered with a data export."))
    require_not_refused(request)
    redactions_propose(acting_user=acting_user, request=request)
    content = disclosure_content(request=request)
    document = export_document(request, content)
    files = (
        (
            OutputKind.EXPORT_JSON,
            "json",
            "application/json",
            json.dumps(document, ensure_ascii=False, indent=2),
        ),
        (OutputKind.EXPORT_CSV, "csv", "text/csv", export_csv(document)),
    )
    outputs = []
    with transaction.atomic():
        for kind, extension, content_type, text in files:
            output = DisclosureOutput.objects.create(
                organisation_id=request.organisation_id,
                request=request,
                kind=kind,
                status=OutputStatus.RENDERING,
                requested_by=acting_user,
            )
            outputs.append(
                output_store(
                    output,
                    data=text.encode("utf-8"),
                    file_name=f"{request.reference}-export-{output.pk}.{extension}",
                    content_type=content_type,
                    contents=content.index(),
                    redactions=content.redactions,
                    acting_user=acting_user,
                )
            )
    return outputs
