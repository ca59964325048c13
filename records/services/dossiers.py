"""Household dossier writes (R-DOS-1..2, R-WMO-5 status)."""

import datetime
import hashlib

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.models import Organisation, Unit
from access_control.services import involvement_grant
from core.errors import DomainError, InvalidTransition
from core.services import domain_event_record
from records.models import (
    Dossier,
    DossierEntry,
    DossierMember,
    DossierStatus,
    DossierStatusChange,
    EntryAttachment,
    EntryKind,
    EntryNature,
    MemberRole,
)
from records.services.inputs import MemberInput
from records.services.people import person_resolve
from records.services.restrictions import restriction_refuse
from retention import engine
from retention.models import RecordClass

# The declared transitions of a dossier's status. Closing needs a closing date; a closed
# dossier can be reopened (it then has no destruction date again, R-WMO-5).
DOSSIER_TRANSITIONS: dict[str, frozenset[str]] = {
    DossierStatus.OPEN: frozenset({DossierStatus.CLOSED}),
    DossierStatus.REOPENED: frozenset({DossierStatus.CLOSED}),
    DossierStatus.CLOSED: frozenset({DossierStatus.REOPENED}),
}

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def dossier_reference_next(organisation: Organisation, year: int) -> str:
    """The next free reference like ``VT-2026-00042``. Call with the organisation row locked."""
    prefix = f"{organisation.slug[:4].upper()}-{year}-"
    # The highest number, not the last string: a reference given by hand may end in text
    # ("VT-2024-IMPORT") or have fewer digits, and must not break or reset the sequence.
    last = (
        Dossier.objects.filter(
            organisation=organisation,
            reference__startswith=prefix,
            reference__regex=rf"^{prefix}[0-9]{{1,9}}$",
        )
        .annotate(number=Cast(Substr("reference", len(prefix) + 1), IntegerField()))
        .aggregate(last=Max("number"))["last"]
    )
    return f"{prefix}{(last or 0) + 1:05d}"


def dossier_report_date_validate(report_date: datetime.date) -> None:
    """Shared by the service and the form, so the form shows it with every other error."""
    if report_date > timezone.localdate():
        raise DomainError(_("The report date cannot be in the future."), field="report_date")


def dossier_create(
    *,
    acting_user,
    household_name: str,
    report_date: datetime.date,
    members: list[MemberInput],
    report_text: str = "",
    report_source: str = "",
    unit: Unit | None = None,
    record_class: RecordClass | None = None,
    reference: str = "",
) -> Dossier:
    """Open a dossier for one household (R-DOS-1) with its members and, if given, the report."""
    organisation = acting_user.organisation
    if not household_name.strip():
        raise DomainError(_("Give the household a name."), field="household_name")
    dossier_report_date_validate(report_date)
    if not members:
        raise DomainError(_("Add at least one household member."), field="members")
    # One whole sentence per field, so each language can word it as a sentence.
    for obj, field, message in (
        (unit, "unit", _("Choose a unit of your own organisation.")),
        (record_class, "record_class", _("Choose a record class of your own organisation.")),
    ):
        if obj is not None and obj.organisation_id != organisation.pk:
            raise DomainError(message, field=field)
    reference = reference.strip()
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        if reference:
            if Dossier.objects.filter(organisation=organisation, reference=reference).exists():
                raise DomainError(_("A dossier with this reference already exists."), field="reference")
        else:
            reference = dossier_reference_next(organisation, report_date.year)
        dossier = Dossier.objects.create(
            organisation=organisation,
            reference=reference,
            household_name=household_name.strip(),
            report_date=report_date,
            unit=unit,
            record_class=record_class,
            created_by=acting_user,
        )
        added = [_member_add(acting_user, dossier, member) for member in members]
        if report_text.strip():
            _entry_create(
                acting_user,
                dossier,
                kind=EntryKind.REPORT,
                nature=EntryNature.FACT,
                body=report_text,
                source=report_source,
                concerns=added,
            )
        involvement_grant(acting_user=acting_user, obj=dossier, user=acting_user)
        if unit is not None:
            involvement_grant(acting_user=acting_user, obj=dossier, unit=unit)
        domain_event_record(acting_user=acting_user, verb="dossier.created", target=dossier)
        engine.recompute_dossiers([dossier.pk])
    return dossier


def _member_add(acting_user, dossier: Dossier, member: MemberInput) -> DossierMember:
    if member.role not in MemberRole.values:
        raise DomainError(_("Unknown member role %(role)s.") % {"role": repr(member.role)}, field="members")
    person = person_resolve(
        acting_user=acting_user,
        organisation=dossier.organisation,
        person=member.person,
        new_person=member.new_person,
    )
    restriction_refuse(person_ids=[person.pk], field="members")  # GDPR art. 18
    if DossierMember.objects.filter(dossier=dossier, person=person).exists():
        raise DomainError(
            _("%(name)s is already a member of this household.") % {"name": person.full_name},
            field="members",
        )
    return DossierMember.objects.create(dossier=dossier, person=person, role=member.role)


def dossier_member_add(*, acting_user, dossier: Dossier, member: MemberInput) -> DossierMember:
    with transaction.atomic():
        added = _member_add(acting_user, dossier, member)
        domain_event_record(
            acting_user=acting_user,
            verb="dossier.member_added",
            target=dossier,
            data={"member": added.pk, "role": added.role},
        )
        engine.recompute_dossiers([dossier.pk])  # a new youngest child can extend R-WMO-2
    return added


def _entry_create(
    acting_user,
    dossier: Dossier,
    *,
    kind: str,
    nature: str,
    body: str,
    concerns: list[DossierMember],
    source: str = "",
    not_current_contact: bool = False,
    recipient: str = "",
    subject_request=None,
    statement_about: DossierEntry | None = None,
) -> DossierEntry:
    if not kind:
        raise DomainError(_("Choose the kind of entry."), field="kind")
    if kind not in EntryKind.values:
        raise DomainError(_("Unknown entry kind %(kind)s.") % {"kind": repr(kind)}, field="kind")
    if nature not in EntryNature.values:
        # R-DOS-2: every entry says whether it is a fact or an opinion.
        raise DomainError(_("Say whether the entry is a fact or an opinion."), field="nature")
    if not body.strip():
        raise DomainError(_("The entry needs text."), field="body")
    if not concerns:
        # Needed so each subject later sees only their own parts (R-DSR-1).
        raise DomainError(_("Choose the members this entry concerns."), field="concerns")
    if any(member.dossier_id != dossier.pk for member in concerns):
        raise DomainError(_("An entry can only concern members of this dossier."), field="concerns")
    if kind == EntryKind.SHARED_WITH_THIRD_PARTY and not recipient.strip():
        raise DomainError(_("Say to whom the information was given."), field="recipient")
    if statement_about is not None and statement_about.dossier_id != dossier.pk:
        raise DomainError(_("An own statement can only be about an entry of this dossier."), field="entry")
    # GDPR art. 18: no new entries about a restricted person, except at their own request.
    restriction_refuse(
        person_ids=[member.person_id for member in concerns],
        consenting=subject_request.subject_id if subject_request is not None else None,
        field="concerns",
    )
    entry = DossierEntry.objects.create(
        dossier=dossier,
        kind=kind,
        nature=nature,
        body=body.strip(),
        source=source.strip(),
        not_current_contact=not_current_contact,
        recipient=recipient.strip(),
        author=acting_user,
        subject_request=subject_request,
        statement_about=statement_about,
    )
    entry.concerns.set(concerns)
    return entry


def dossier_entry_add(
    *,
    acting_user,
    dossier: Dossier,
    kind: str,
    nature: str,
    body: str,
    concerns: list[DossierMember],
    source: str = "",
    not_current_contact: bool = False,
    recipient: str = "",
    attachments: list[UploadedFile] = (),
    subject_request=None,
    statement_about: DossierEntry | None = None,
) -> DossierEntry:
    for upload in attachments:
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise DomainError(
                _("%(name)s is larger than %(size)s MB.")
                % {"name": upload.name, "size": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
                field="attachments",
            )
    stored: list[EntryAttachment] = []
    try:
        with transaction.atomic():
            entry = _entry_create(
                acting_user,
                dossier,
                kind=kind,
                nature=nature,
                body=body,
                concerns=concerns,
                source=source,
                not_current_contact=not_current_contact,
                recipient=recipient,
                subject_request=subject_request,
                statement_about=statement_about,
            )
            for upload in attachments:
                stored.append(_attachment_store(acting_user, entry, upload))
            domain_event_record(
                acting_user=acting_user,
                verb="dossier.entry_added",
                target=dossier,
                data={
                    "entry": entry.pk,
                    **({"subject_request": subject_request.pk} if subject_request else {}),
                },
            )
    except Exception:
        # The rows rolled back; the files written to storage must not linger as orphans.
        for attachment in stored:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return entry


def _attachment_store(acting_user, entry: DossierEntry, upload: UploadedFile) -> EntryAttachment:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = EntryAttachment(
        entry=entry,
        original_name=upload.name[:255],
        content_type=(upload.content_type or "")[:127],
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=acting_user,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment


def _dossier_transition(
    *, acting_user, dossier: Dossier, new_status: str, reason: str, closed_on: datetime.date | None
) -> Dossier:
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if new_status not in DOSSIER_TRANSITIONS.get(locked.status, frozenset()):
            raise InvalidTransition(
                _("A dossier that is %(old)s cannot become %(new)s.")
                % {
                    "old": locked.get_status_display().lower(),
                    "new": DossierStatus(new_status).label.lower(),
                }
            )
        old_status = locked.status
        locked.status = new_status
        locked.closed_on = closed_on
        locked.save(update_fields=["status", "closed_on", "updated_at"])
        DossierStatusChange.objects.create(
            dossier=locked,
            old_status=old_status,
            new_status=new_status,
            closed_on=closed_on,
            reason=reason,
            changed_by=acting_user,
        )
        domain_event_record(
            acting_user=acting_user,
            verb=f"dossier.{new_status}",
            target=locked,
            reason=reason,
            data={"from": old_status, "closed_on": closed_on.isoformat() if closed_on else None},
        )
        engine.recompute_dossiers([locked.pk])  # R-WMO-1 runs from closing; R-WMO-5 when open
        locked.refresh_from_db()
    return locked


def dossier_close(*, acting_user, dossier: Dossier, closed_on: datetime.date, reason: str = "") -> Dossier:
    """Close processing of the report; the WMO retention clock runs from this year (R-WMO-1)."""
    if closed_on is None:
        raise DomainError(_("Give the closing date."), field="closed_on")
    if closed_on < dossier.report_date:
        raise DomainError(_("The closing date cannot be before the report date."), field="closed_on")
    if closed_on > timezone.localdate():
        raise DomainError(_("The closing date cannot be in the future."), field="closed_on")
    return _dossier_transition(
        acting_user=acting_user,
        dossier=dossier,
        new_status=DossierStatus.CLOSED,
        reason=reason,
        closed_on=closed_on,
    )


def dossier_reopen(*, acting_user, dossier: Dossier, reason: str) -> Dossier:
    """Reopen a closed dossier; it has no destruction date until closed again (R-WMO-5)."""
    if not reason.strip():
        raise DomainError(_("Give the reason for reopening."), field="reason")
    return _dossier_transition(
        acting_user=acting_user,
        dossier=dossier,
        new_status=DossierStatus.REOPENED,
        reason=reason,
        closed_on=None,
    )
