"""Records register writes (R-REC-1..4)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.models import Unit, User
from access_control.services import involvement_grant
from core.errors import DomainError
from core.services import domain_event_record
from records.models import (
    CopyKind,
    InformationAsset,
    Person,
    Record,
    RecordCopy,
    RecordFormat,
    RecordSubject,
    SubjectEvent,
    SubjectEventKind,
    SubjectRole,
)
from records.services.inputs import CopyInput, SubjectInput
from records.services.people import person_resolve
from records.services.restrictions import restriction_refuse
from retention import engine
from retention.models import RecordClass


def _require_same_org(obj, organisation, field: str, message: str) -> None:
    if obj is not None and obj.organisation_id != organisation.pk:
        raise DomainError(message, field=field)


def _validate_copy(organisation, copy: CopyInput) -> None:
    if copy.kind not in CopyKind.values:
        raise DomainError(_("Unknown copy kind %(kind)s.") % {"kind": repr(copy.kind)}, field="copies")
    if not copy.location.strip():
        raise DomainError(_("Say where each copy is (system or physical location)."), field="copies")
    if not User.objects.filter(pk=copy.custodian_id, organisation=organisation, is_active=True).exists():
        raise DomainError(_("Each copy needs a custodian from your organisation."), field="copies")


def record_create(
    *,
    acting_user,
    reference: str,
    title: str,
    category: str,
    record_class: RecordClass,
    information_asset: InformationAsset,
    format: str,
    created_on: datetime.date,
    description: str = "",
    language: str = "en",
    special_category: bool = False,
    unit: Unit | None = None,
    closed_on: datetime.date | None = None,
    last_action_on: datetime.date | None = None,
    subjects: list[SubjectInput] = (),
    copies: list[CopyInput] = (),
) -> Record:
    organisation = acting_user.organisation
    reference = reference.strip()
    if not reference:
        raise DomainError(_("Give the record a reference."), field="reference")
    if not title.strip():
        raise DomainError(_("Give the record a title."), field="title")
    # Whole sentences, not a sentence with a noun slotted in, so each language can word them.
    _require_same_org(
        record_class, organisation, "record_class", _("Choose a record class of your own organisation.")
    )
    _require_same_org(
        information_asset,
        organisation,
        "information_asset",
        _("Choose an information asset of your own organisation."),
    )
    _require_same_org(unit, organisation, "unit", _("Choose a unit of your own organisation."))
    if record_class.category != category:
        # R-REC-2: policing-purpose and business records follow different schedules.
        raise DomainError(
            _("The record class belongs to the other category (policing purpose / business)."),
            field="record_class",
        )
    if created_on > timezone.localdate():
        raise DomainError(_("The creation date cannot be in the future."), field="created_on")
    if closed_on and closed_on < created_on:
        raise DomainError(_("The closing date cannot be before the creation date."), field="closed_on")
    if format in (RecordFormat.PAPER, RecordFormat.BOTH) and not any(
        c.kind == CopyKind.PAPER for c in copies
    ):
        # R-REC-1/3: a paper record is registered with its physical location.
        raise DomainError(_("A paper record needs a paper copy with its physical location."), field="copies")
    for copy in copies:
        _validate_copy(organisation, copy)
    if Record.objects.filter(organisation=organisation, reference=reference).exists():
        raise DomainError(_("A record with this reference already exists."), field="reference")

    with transaction.atomic():
        record = Record.objects.create(
            organisation=organisation,
            reference=reference,
            title=title.strip(),
            description=description,
            category=category,
            record_class=record_class,
            information_asset=information_asset,
            unit=unit,
            format=format,
            language=language,
            special_category=special_category,
            created_on=created_on,
            closed_on=closed_on,
            last_action_on=last_action_on,
            created_by=acting_user,
        )
        seen: set[int] = set()
        for subject in subjects:
            person = person_resolve(
                acting_user=acting_user,
                organisation=organisation,
                person=subject.person,
                new_person=subject.new_person,
            )
            _link_subject(record, person, subject.role, seen)
        RecordCopy.objects.bulk_create(
            RecordCopy(record=record, kind=c.kind, location=c.location.strip(), custodian_id=c.custodian_id)
            for c in copies
        )
        involvement_grant(acting_user=acting_user, obj=record, user=acting_user)
        if unit is not None:
            involvement_grant(acting_user=acting_user, obj=record, unit=unit)
        domain_event_record(acting_user=acting_user, verb="record.created", target=record)
        engine.recompute_records([record.pk])
    return record


def _link_subject(record: Record, person: Person, role: str, seen: set[int]) -> RecordSubject:
    if role not in SubjectRole.values:
        raise DomainError(_("Unknown subject role %(role)s.") % {"role": repr(role)}, field="subjects")
    restriction_refuse(person_ids=[person.pk], field="subjects")  # GDPR art. 18
    if person.pk in seen or RecordSubject.objects.filter(record=record, person=person).exists():
        raise DomainError(
            _("%(name)s is already linked to this record.") % {"name": person.full_name}, field="subjects"
        )
    seen.add(person.pk)
    return RecordSubject.objects.create(record=record, person=person, role=role)


def record_subject_add(*, acting_user, record: Record, subject: SubjectInput) -> RecordSubject:
    with transaction.atomic():
        person = person_resolve(
            acting_user=acting_user,
            organisation=record.organisation,
            person=subject.person,
            new_person=subject.new_person,
        )
        link = _link_subject(record, person, subject.role, set())
        domain_event_record(
            acting_user=acting_user, verb="record.subject_added", target=record, data={"person": person.pk}
        )
        # The person's group and clear period may change for all records about them.
        engine.recompute_for_people([person.pk])
    return link


def record_copy_add(*, acting_user, record: Record, copy: CopyInput) -> RecordCopy:
    _validate_copy(record.organisation, copy)
    # GDPR art. 18: a new copy spreads the data of the record's restricted subjects.
    restriction_refuse(person_ids=record.subject_links.values_list("person_id", flat=True), field="copies")
    with transaction.atomic():
        created = RecordCopy.objects.create(
            record=record, kind=copy.kind, location=copy.location.strip(), custodian_id=copy.custodian_id
        )
        domain_event_record(
            acting_user=acting_user, verb="record.copy_added", target=record, data={"copy": created.pk}
        )
    return created


def subject_event_record(
    *,
    acting_user,
    person: Person,
    kind: str,
    occurred_on: datetime.date,
    record: Record | None = None,
    description: str = "",
) -> SubjectEvent:
    """Store a dated event about a person; MoPI clear periods restart from the latest one."""
    if kind not in SubjectEventKind.values:
        raise DomainError(_("Unknown event kind %(kind)s.") % {"kind": repr(kind)}, field="kind")
    if occurred_on > timezone.localdate():
        raise DomainError(_("An event cannot be dated in the future."), field="occurred_on")
    if record is not None and record.organisation_id != person.organisation_id:
        raise DomainError(_("The record and the person belong to different organisations."), field="record")
    restriction_refuse(person_ids=[person.pk], field="kind")  # GDPR art. 18
    with transaction.atomic():
        event = SubjectEvent.objects.create(
            organisation_id=person.organisation_id,
            person=person,
            record=record,
            kind=kind,
            occurred_on=occurred_on,
            description=description,
            recorded_by=acting_user,
        )
        domain_event_record(acting_user=acting_user, verb="subject_event.recorded", target=event)
        # A new event restarts the clear period of every record about the person (MoPI).
        engine.recompute_for_people([person.pk])
    return event
