"""Shared set-up for the disposal tests: due items, decided reviews, approved batches."""

import datetime as dt
from dataclasses import fields

from django.utils import timezone

from access_control.models import Role
from records.models import CopyKind, DossierStatus, MemberRole
from retention import engine
from retention.models import DisposalBatch, Review, ReviewDecision, ReviewStatus
from retention.services.batches import disposal_batch_approve, disposal_batches_build
from retention.services.schedules import RuleParts, schedule_revise
from tests.factories import (
    DossierEntryFactory,
    DossierFactory,
    DossierMemberFactory,
    PersonFactory,
    RecordCopyFactory,
    RecordFactory,
    RecordSubjectFactory,
    SubjectEventFactory,
    UserFactory,
)
from tests.retention.conftest import record_class


def officer(organisation, **kwargs):
    return UserFactory(organisation=organisation, role=Role.RECORDS_OFFICER, **kwargs)


def police_record(organisation, code="MOPI-3", *, person=None, copies=(), **kwargs):
    """A record about ``person`` (a new one by default) whose clear period ended years ago."""
    person = person or PersonFactory(organisation=organisation)
    cls = record_class(organisation, code)
    record = RecordFactory(
        organisation=organisation,
        record_class=cls,
        category=cls.category,
        created_on=dt.date(2010, 1, 1),
        **kwargs,
    )
    RecordSubjectFactory(record=record, person=person)
    SubjectEventFactory(person=person, record=record, occurred_on=dt.date(2011, 1, 1))
    for kind in copies:
        RecordCopyFactory(record=record, kind=kind, location=f"{kind} store")
    return record


def electronic(organisation, code="MOPI-3", **kwargs):
    return police_record(organisation, code, copies=[CopyKind.ELECTRONIC], **kwargs)


def vt_dossier(organisation, *, entries=1):
    dossier = DossierFactory(
        organisation=organisation,
        record_class=record_class(organisation, "VT-DOSSIER"),
        report_date=dt.date(2004, 1, 10),
        status=DossierStatus.CLOSED,
        closed_on=dt.date(2005, 6, 30),
    )
    parent = DossierMemberFactory(
        dossier=dossier, role=MemberRole.PARENT_CARER, person__date_of_birth=dt.date(1975, 4, 1)
    )
    for _ in range(entries):
        DossierEntryFactory(dossier=dossier, concerns=[parent])
    return dossier


def schedule_action_revise(organisation, code: str, action: str) -> None:
    """A new version of schedule ``code`` with another action, the other rule parts kept."""
    schedule = organisation.retention_schedules.get(code=code)
    current = schedule.current_version
    parts = RuleParts(**{f.name: getattr(current, f.name) for f in fields(RuleParts)} | {"action": action})
    manager = UserFactory(organisation=organisation, role=Role.RECORDS_OFFICER)
    schedule_revise(acting_user=manager, schedule=schedule, parts=parts, change_note=f"Now: {action}.")


def vt_choose_anonymisation(organisation) -> None:
    """The organisation chooses anonymisation over destruction for its dossiers (R-WMO-4)."""
    schedule_action_revise(organisation, "VT-DOSSIER", "anonymise")


def recompute(organisation) -> None:
    engine.recompute_all(organisation_id=organisation.pk)


def decide(item, decision=ReviewDecision.DISPOSE, *, by=None) -> Review:
    """A decided review, as the review service leaves it (R-REC-5: who, when, why)."""
    field = "record" if item._meta.model_name == "record" else "dossier"
    return Review.objects.create(
        organisation=item.organisation,
        **{field: item},
        status=ReviewStatus.DECIDED,
        due_on=item.retention_due_on or dt.date(2020, 1, 1),
        schedule_version=item.retention_version,
        decision=decision,
        justification="No longer needed for a policing purpose.",
        decided_by=by or officer(item.organisation),
        decided_at=timezone.now(),
    )


def build(organisation, *, builder=None) -> list[DisposalBatch]:
    return disposal_batches_build(organisation=organisation, today=timezone.localdate(), acting_user=builder)


def approved(organisation, *, builder=None) -> DisposalBatch:
    """Build the organisation's single batch and approve it as many times as required."""
    (batch,) = build(organisation, builder=builder or officer(organisation))
    for _ in range(batch.approvals_required):
        disposal_batch_approve(acting_user=officer(organisation), batch=batch)
    batch.refresh_from_db()
    return batch
