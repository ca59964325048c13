"""After a sanctioned destruction the audit log keeps that events happened, not the values."""

import datetime as dt
import json

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core.models import DomainEvent
from records.models import CopyKind, Dossier, Person, Record
from retention.models import DisposalItem, LegalHold
from retention.services.execution import copy_destruction_confirm, disposal_batch_execute
from retention.services.scrub import DESTROYED_REPR, SCRUBBED, audit_object, audit_scrub_for_objects
from tests.factories import DossierMemberFactory, PersonFactory, RecordFactory, RecordSubjectFactory
from tests.retention.disposal_support import (
    approved,
    decide,
    officer,
    police_record,
    recompute,
    vt_choose_anonymisation,
    vt_dossier,
)

pytestmark = pytest.mark.django_db

GIVEN, FAMILY = "Zebedee", "Quartermaine-Oddfellow"


def _mentions(entry: LogEntry, text: str) -> bool:
    blob = json.dumps([entry.changes, entry.serialized_data, entry.additional_data]) + entry.changes_text
    return text in blob or text in entry.object_repr


def _entries_of(model, pk) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_pk=str(pk))
    )


def _subject(organisation) -> Person:
    return PersonFactory(organisation=organisation, given_names=GIVEN, family_name=FAMILY)


def test_it_scrubs_the_subjects_name_from_every_audit_entry_of_a_destroyed_record(police):
    person = _subject(police)
    record = police_record(police, person=person, copies=[CopyKind.ELECTRONIC], title=f"Theft by {FAMILY}")
    recompute(police)
    assert any(_mentions(e, FAMILY) for e in LogEntry.objects.all())  # the audit copied it
    before = {
        "record": len(_entries_of(Record, record.pk)),
        "person": len(_entries_of(Person, person.pk)),
    }

    disposal_batch_execute(acting_user=officer(police), batch_id=approved(police).pk)

    assert not [e.pk for e in LogEntry.objects.all() if _mentions(e, FAMILY) or _mentions(e, GIVEN)]
    record_entries = _entries_of(Record, record.pk)
    person_entries = _entries_of(Person, person.pk)
    # Nothing was deleted: the same entries plus those of the destruction itself.
    assert len(record_entries) > before["record"] and len(person_entries) > before["person"]
    assert {e.object_repr for e in record_entries + person_entries} == {DESTROYED_REPR}
    created = next(e for e in record_entries if e.action == LogEntry.Action.CREATE)
    assert set(created.changes["title"]) == {SCRUBBED}
    assert "reference" in created.changes  # field names stay
    event = DomainEvent.objects.get(verb="audit.scrubbed")
    assert event.data["entries"] >= len(record_entries) + len(person_entries)
    assert event.organisation == police


def test_it_scrubs_a_pending_records_audit_again_when_the_last_copy_is_confirmed(police):
    person = _subject(police)
    record = police_record(police, person=person, copies=[CopyKind.PAPER], title=f"Burglary, {FAMILY}")
    recompute(police)
    batch = disposal_batch_execute(acting_user=officer(police), batch_id=approved(police).pk)
    task = batch.items.get().copy_tasks.get()

    copy_destruction_confirm(acting_user=task.custodian, task=task, method="Shredded")

    assert not Record.objects.filter(pk=record.pk).exists()
    assert not [e.pk for e in LogEntry.objects.all() if _mentions(e, FAMILY)]
    deleted = [e for e in _entries_of(Record, record.pk) if e.action == LogEntry.Action.DELETE]
    assert len(deleted) == 1 and deleted[0].object_repr == DESTROYED_REPR


def test_it_removes_names_from_the_batch_items_explanation(police):
    """A record following a person's group is explained with that person's name; the item
    row outlives the person, so the name goes when the record is destroyed."""
    person = _subject(police)
    record = police_record(police, "MOPI-3", person=person, copies=[CopyKind.ELECTRONIC])
    police_record(police, "MOPI-2", person=person)  # the person is in group 2: a review first
    recompute(police)
    decide(record)
    batch = approved(police)
    item = DisposalItem.objects.get(batch=batch, record=record)
    assert person.full_name in item.explanation

    disposal_batch_execute(acting_user=officer(police), batch_id=batch.pk)

    item.refresh_from_db()
    assert person.full_name not in item.explanation
    assert "a data subject is in Group 2" in item.explanation


def test_it_scrubs_an_anonymised_dossiers_audit_r_wmo_4(veilig_thuis):
    vt_choose_anonymisation(veilig_thuis)
    dossier = vt_dossier(veilig_thuis)
    dossier.household_name = f"Household {FAMILY}"
    dossier.save()
    DossierMemberFactory(dossier=dossier, person=_subject(veilig_thuis), role="child")
    dossier.entries.update(body=f"{GIVEN} told us about the incident.")
    recompute(veilig_thuis)
    decide(dossier)

    disposal_batch_execute(acting_user=officer(veilig_thuis), batch_id=approved(veilig_thuis).pk)

    assert Dossier.objects.filter(pk=dossier.pk).exists()
    assert not [e.pk for e in LogEntry.objects.all() if _mentions(e, FAMILY) or _mentions(e, GIVEN)]
    assert _entries_of(Dossier, dossier.pk)


def test_it_scrubs_only_the_objects_it_is_given(police):
    record = RecordFactory(organisation=police, title=f"Kept, {FAMILY}")
    other = RecordFactory(organisation=police, title=f"Gone, {FAMILY}")
    RecordSubjectFactory(record=other)

    count = audit_scrub_for_objects(acting_user=None, objects=[audit_object(other)], organisation=police)

    assert count == len(_entries_of(Record, other.pk)) == 1
    assert all(_mentions(e, "Kept") for e in _entries_of(Record, record.pk))
    assert not any(_mentions(e, "Gone") for e in _entries_of(Record, other.pk))


def test_it_keeps_m2m_audit_entries_shape_but_not_the_names(police):
    record = RecordFactory(organisation=police, created_on=dt.date(2010, 1, 1))
    entry = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Record),
        object_pk=str(record.pk),
        object_id=record.pk,
        object_repr=str(record),
        action=LogEntry.Action.UPDATE,
        changes={"legal_holds": {"type": "m2m", "operation": "add", "objects": [f"{GIVEN} {FAMILY}"]}},
    )

    audit_scrub_for_objects(acting_user=None, objects=[audit_object(record)])

    entry.refresh_from_db()
    assert entry.changes == {"legal_holds": {"type": "m2m", "operation": "add", "objects": [SCRUBBED]}}


def test_it_scrubs_a_released_holds_audit_of_the_destroyed_person_and_record(police):
    person = _subject(police)
    record = police_record(police, person=person, copies=[CopyKind.ELECTRONIC], title=f"Assault, {FAMILY}")
    bystander = PersonFactory(organisation=police)
    recompute(police)
    hold = LegalHold.objects.create(
        organisation=police, reason="Civil claim", authority="litigation", placed_by=officer(police)
    )
    hold.people.add(person, bystander)
    hold.records.add(record)
    LegalHold.objects.filter(pk=hold.pk).update(released_at=timezone.now(), release_reason="Settled")

    disposal_batch_execute(acting_user=officer(police), batch_id=approved(police).pk)

    hold_entries = _entries_of(LegalHold, hold.pk)
    assert not [e.pk for e in hold_entries if _mentions(e, FAMILY)]
    people_added = next(e for e in hold_entries if "people" in (e.changes or {}))
    assert sorted(people_added.changes["people"]["objects"]) == sorted([SCRUBBED, bystander.full_name])
    assert people_added.object_repr != DESTROYED_REPR  # the hold itself lives on
