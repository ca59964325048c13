"""Destruction certificates: the permanent proof of what a batch disposed of.

A certificate lists the batch's tombstones (no personal data), the method, the legal basis
of the schedules involved and the approvals, with a SHA-256 of the canonical JSON of the
item list so that the list can later be shown unaltered. One per batch (OneToOne), never
deleted; issuing twice returns the first.
"""

import hashlib
import json
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.models import Organisation
from core.errors import DomainError
from core.services import domain_event_record
from retention.models import (
    DestructionCertificate,
    DisposalAction,
    DisposalBatch,
    DisposalItemStatus,
    Tombstone,
)
from retention.pdf import css_string, render_pdf

CERTIFICATE_TEMPLATE = "retention/certificate.html"
ANONYMISATION = "Anonymisation"
TRANSFER = "Transfer to the archive (R-REC-6)"


def item_list_canonical(item_list: list[dict[str, Any]]) -> bytes:
    """The exact bytes the certificate's SHA-256 is taken of."""
    return json.dumps(item_list, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def item_list_sha256(item_list: list[dict[str, Any]]) -> str:
    return hashlib.sha256(item_list_canonical(item_list)).hexdigest()


def disposal_method_for(batch: DisposalBatch) -> str:
    if batch.action == DisposalAction.ANONYMISE:
        return ANONYMISATION
    if batch.action == DisposalAction.TRANSFER:
        return TRANSFER
    return batch.organisation.disposal_method or ANONYMISATION


def _user_name(user) -> str:
    return user.get_full_name() or user.username


def _certificate_number_next(organisation: Organisation, year: int) -> str:
    """``DC-<ORG>-<year>-<seq:05d>``. Call with the organisation row locked."""
    prefix = f"DC-{organisation.slug.upper()}-{year}-"
    numbers = DestructionCertificate.objects.filter(number__startswith=prefix).values_list(
        "number", flat=True
    )
    seq = max((int(n.rsplit("-", 1)[1]) for n in numbers if n.rsplit("-", 1)[1].isdigit()), default=0)
    return f"{prefix}{seq + 1:05d}"


def _item_list(tombstones: list[Tombstone]) -> list[dict[str, Any]]:
    return [
        {
            "reference": t.reference,
            "kind": t.item_kind,
            "record_class": t.record_class_code,
            "schedule_version": str(t.schedule_version) if t.schedule_version else "",
            "action": t.action,
            "due_on": t.due_on.isoformat() if t.due_on else None,
            "disposed_at": timezone.localtime(t.disposed_at).isoformat(timespec="seconds"),
        }
        for t in tombstones
    ]


def _legal_basis(tombstones: list[Tombstone]) -> str:
    versions = {t.schedule_version_id: t.schedule_version for t in tombstones if t.schedule_version}
    lines = [f"{v}: {v.legal_basis}" for _, v in sorted(versions.items())]
    return "\n".join(lines) or "No retention schedule recorded for these items."


def destruction_certificate_issue(*, batch: DisposalBatch, acting_user=None) -> DestructionCertificate:
    """Issue (once) the certificate of ``batch`` and render its PDF."""
    with transaction.atomic():
        batch = DisposalBatch.objects.select_for_update().select_related("organisation").get(pk=batch.pk)
        existing = DestructionCertificate.objects.filter(batch=batch).first()
        if existing is not None:
            return existing
        tombstones = list(
            batch.tombstones.select_related("schedule_version__schedule").order_by("item_kind", "reference")
        )
        if not tombstones:
            raise DomainError(
                _("Nothing in batch %(number)s was disposed of: there is nothing to certify.")
                % {"number": batch.number}
            )
        organisation = Organisation.objects.select_for_update().get(pk=batch.organisation_id)
        item_list = _item_list(tombstones)
        certificate = DestructionCertificate.objects.create(
            organisation=organisation,
            number=_certificate_number_next(organisation, timezone.localdate().year),
            batch=batch,
            method=disposal_method_for(batch),
            legal_basis=_legal_basis(tombstones),
            item_list=item_list,
            item_list_sha256=item_list_sha256(item_list),
        )
        Tombstone.objects.filter(batch=batch).update(certificate=certificate)
        pdf = render_pdf(CERTIFICATE_TEMPLATE, _pdf_context(certificate, batch, item_list))
        certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(pdf), save=True)
        domain_event_record(
            acting_user=acting_user,
            verb="destruction_certificate.issued",
            target=certificate,
            legal_basis=certificate.legal_basis[:255],
            data={"number": certificate.number, "batch": batch.number, "items": len(item_list)},
        )
    return certificate


def _pdf_context(
    certificate: DestructionCertificate, batch: DisposalBatch, item_list: list[dict[str, Any]]
) -> dict[str, Any]:
    skipped = batch.items.filter(
        status__in=(DisposalItemStatus.SKIPPED_HELD, DisposalItemStatus.SKIPPED_CHANGED)
    ).count()
    return {
        "certificate": certificate,
        "organisation": batch.organisation,
        "batch": batch,
        "schedule": batch.schedule,
        "items": item_list,
        "approvals": [
            {"stage": a.stage, "name": _user_name(a.approver), "approved_at": a.approved_at}
            for a in batch.approvals.select_related("approver").order_by("stage")
        ],
        "built_by": _user_name(batch.built_by) if batch.built_by else "The nightly sweep",
        "legal_basis_lines": certificate.legal_basis.splitlines(),
        "skipped_count": skipped,
        "removed_count": batch.items.filter(status=DisposalItemStatus.REMOVED).count(),
        "issued_at": certificate.issued_at,
        "header_left": css_string(batch.organisation.name),
        "header_right": css_string(f"Certificate {certificate.number}"),
    }
