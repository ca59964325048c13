"""Executing approved batches: re-checks, copies (R-REC-4), anonymisation (R-WMO-4), re-runs."""

import datetime as dt
import hashlib
import threading

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from access_control.models import Role
from core.errors import DomainError, InvalidTransition, NotAllowed
from core.models import DomainEvent
from records.models import (
    CopyKind,
    CopyStatus,
    Dossier,
    DossierEntry,
    DossierMember,
    EntryAttachment,
    ItemStatus,
    Person,
    Record,
    RecordSubject,
    SubjectEvent,
)
from retention.models import (
    BatchStatus,
    CopyDestructionTask,
    CopyTaskStatus,
    DestructionCertificate,
    DisposalItem,
    DisposalItemStatus,
    LegalHold,
    Review,
    Tombstone,
)
from retention.services import disposal_items
from retention.services.execution import (
    copy_destruction_confirm,
    disposal_batch_execute,
    disposal_batch_execute_request,
)
from tests.factories import PersonFactory, SubjectEventFactory, UserFactory
from tests.retention.disposal_support import (
    approved,
    build,
    decide,
    electronic,
    officer,
    police_record,
    recompute,
    schedule_action_revise,
    vt_choose_anonymisation,
    vt_dossier,
)

pytestmark = pytest.mark.django_db


def _execute(batch, user=None):
    return disposal_batch_execute(acting_user=user or officer(batch.organisation), batch_id=batch.pk)


def test_it_refuses_to_execute_a_batch_that_is_not_approved(police):
    record = electronic(police)
    recompute(police)
    (batch,) = build(police)

    with pytest.raises(InvalidTransition, match="has not been approved"):
        _execute(batch)
    with pytest.raises(InvalidTransition, match="has not been approved"):
        disposal_batch_execute_request(acting_user=officer(police), batch=batch)

    batch.refresh_from_db()
    assert batch.status == BatchStatus.PROPOSED
    assert Record.objects.filter(pk=record.pk).exists()


def test_it_refuses_execution_by_a_caseworker(police):
    electronic(police)
    recompute(police)
    batch = approved(police)

    with pytest.raises(NotAllowed):
        _execute(batch, UserFactory(organisation=police, role=Role.CASEWORKER))


def test_it_destroys_a_record_with_only_electronic_copies_and_completes_the_batch(police):
    record = electronic(police)
    person = record.subjects.get()
    recompute(police)
    batch = approved(police)

    batch = _execute(batch)

    assert batch.status == BatchStatus.COMPLETED
    assert batch.items_done == 1
    assert not Record.objects.filter(pk=record.pk).exists()
    assert not Person.objects.filter(pk=person.pk).exists()  # in no other record or event
    assert not SubjectEvent.objects.filter(person_id=person.pk).exists()
    item = batch.items.get()
    assert item.status == DisposalItemStatus.DISPOSED
    tombstone = Tombstone.objects.get(batch=batch)
    assert (tombstone.reference, tombstone.record_class_code, tombstone.action) == (
        record.reference,
        "MOPI-3",
        "destroy",
    )
    assert tombstone.schedule_version.schedule.code == "MOPI-3"
    assert [a["stage"] for a in tombstone.approvals] == [1]
    assert tombstone.certificate == batch.certificate


def test_it_keeps_a_person_who_appears_in_another_record(police):
    person = PersonFactory(organisation=police)
    destroyed = electronic(police, person=person)
    kept = police_record(police, "MOPI-1", person=person)
    recompute(police)
    # Group 1 keeps the person's records; this record was decided by review nonetheless.
    decide(destroyed)
    batch = approved(police)

    _execute(batch)

    assert not Record.objects.filter(pk=destroyed.pk).exists()
    assert Person.objects.filter(pk=person.pk).exists()
    assert RecordSubject.objects.filter(record=kept, person=person).exists()


def test_it_skips_an_item_held_after_approval(police):
    held = electronic(police)
    free = electronic(police)
    recompute(police)
    batch = approved(police)
    hold = LegalHold.objects.create(
        organisation=police, reason="Disclosure for trial", authority="cpia", placed_by=officer(police)
    )
    hold.people.add(held.subjects.get())  # held through the person in it

    batch = _execute(batch)

    items = {i.record_id: i for i in batch.items.all()}
    assert items[held.pk].status == DisposalItemStatus.SKIPPED_HELD
    assert Record.objects.filter(pk=held.pk).exists()
    assert held.subjects.exists()
    assert not Record.objects.filter(pk=free.pk).exists()
    assert batch.status == BatchStatus.COMPLETED
    assert [i["reference"] for i in batch.certificate.item_list] == [free.reference]


def test_it_skips_an_item_that_is_no_longer_due(police):
    record = electronic(police)
    recompute(police)
    batch = approved(police)
    # A new event restarts the clear period (MoPI): the record is not due any more.
    SubjectEventFactory(person=record.subjects.get(), occurred_on=timezone.localdate())
    recompute(police)

    batch = _execute(batch)

    assert batch.items.get().status == DisposalItemStatus.SKIPPED_CHANGED
    assert Record.objects.filter(pk=record.pk, status=ItemStatus.LIVE).exists()
    assert batch.status == BatchStatus.COMPLETED
    assert not DestructionCertificate.objects.filter(batch=batch).exists()  # nothing to certify


def test_it_records_the_review_decision_in_the_tombstone_r_rec_5(police):
    record = electronic(police, "MOPI-2")
    recompute(police)
    reviewer = officer(police, first_name="Rhian", last_name="Evans")
    review = decide(record, by=reviewer)
    batch = approved(police)

    _execute(batch)

    assert not Review.objects.filter(pk=review.pk).exists()
    tombstone = Tombstone.objects.get(batch=batch)
    assert tombstone.approvals[0] == {
        "kind": "review",
        "decision": "dispose",
        "by": "Rhian Evans",
        "at": review.decided_at.isoformat(timespec="seconds"),
    }


# --- copies (R-REC-4) -------------------------------------------------------------------------


def test_it_keeps_a_record_with_a_paper_copy_until_its_custodian_confirms_r_rec_4(police):
    record = police_record(police, copies=[CopyKind.ELECTRONIC, CopyKind.PAPER])
    person = record.subjects.get()
    recompute(police)
    batch = approved(police)

    batch = _execute(batch)

    assert batch.status == BatchStatus.AWAITING_COPIES
    assert batch.items_done == 1
    item = batch.items.get()
    assert item.status == DisposalItemStatus.PENDING_COPIES
    record.refresh_from_db()
    assert record.status == ItemStatus.DISPOSAL_PENDING
    assert (record.title, record.description) == ("[destroyed]", "")
    assert not record.subject_links.exists()
    assert not Person.objects.filter(pk=person.pk).exists()
    copies = {c.kind: c.status for c in record.copies.all()}
    assert copies == {
        CopyKind.ELECTRONIC: CopyStatus.DESTROYED,
        CopyKind.PAPER: CopyStatus.DESTRUCTION_REQUESTED,
    }
    task = CopyDestructionTask.objects.get(item=item)
    paper = record.copies.get(kind=CopyKind.PAPER)
    assert (task.copy_kind, task.custodian_id, task.status) == ("paper", paper.custodian_id, "pending")
    assert not DestructionCertificate.objects.filter(batch=batch).exists()
    assert not Tombstone.objects.filter(batch=batch).exists()

    copy_destruction_confirm(
        acting_user=task.custodian, task=task, method="Cross-cut shredding, DIN 66399 P-4"
    )

    assert not Record.objects.filter(pk=record.pk).exists()
    item.refresh_from_db()
    batch.refresh_from_db()
    assert item.status == DisposalItemStatus.DISPOSED
    assert batch.status == BatchStatus.COMPLETED
    assert batch.certificate.item_list[0]["reference"] == record.reference
    assert Tombstone.objects.get(batch=batch).certificate == batch.certificate


def test_it_waits_for_every_copy_before_disposing_r_rec_4(police):
    record = police_record(police, copies=[CopyKind.PAPER, CopyKind.CLOUD])
    recompute(police)
    batch = _execute(approved(police))
    paper, cloud = CopyDestructionTask.objects.filter(item__batch=batch).order_by("copy_kind")[::-1]

    copy_destruction_confirm(acting_user=paper.custodian, task=paper, method="Shredded")

    batch.refresh_from_db()
    assert batch.status == BatchStatus.AWAITING_COPIES
    assert Record.objects.filter(pk=record.pk).exists()

    copy_destruction_confirm(acting_user=officer(police), task=cloud, method="Deleted from the cloud tenant")

    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMPLETED
    assert not Record.objects.filter(pk=record.pk).exists()


def test_it_refuses_a_bad_copy_confirmation(police):
    police_record(police, copies=[CopyKind.PAPER])
    recompute(police)
    batch = _execute(approved(police))
    task = CopyDestructionTask.objects.get(item__batch=batch)

    with pytest.raises(DomainError) as error:
        copy_destruction_confirm(acting_user=task.custodian, task=task, method=" ")
    assert error.value.field == "method"
    with pytest.raises(NotAllowed):
        copy_destruction_confirm(acting_user=UserFactory(organisation=police), task=task, method="Shredded")

    copy_destruction_confirm(acting_user=task.custodian, task=task, method="Shredded")
    with pytest.raises(InvalidTransition, match="already confirmed"):
        copy_destruction_confirm(acting_user=task.custodian, task=task, method="Shredded")

    assert DestructionCertificate.objects.filter(batch=batch).count() == 1
    task.refresh_from_db()
    assert task.status == CopyTaskStatus.CONFIRMED


# --- idempotency and resumption ---------------------------------------------------------------


def test_it_does_nothing_when_a_batch_is_executed_twice(police):
    electronic(police)
    electronic(police)
    recompute(police)
    batch = approved(police)
    first = _execute(batch)
    certificate = first.certificate
    events = DomainEvent.objects.count()

    second = _execute(batch)

    assert second.status == BatchStatus.COMPLETED
    assert DestructionCertificate.objects.filter(batch=batch).get() == certificate
    assert Tombstone.objects.filter(batch=batch).count() == 2
    assert DomainEvent.objects.count() == events
    assert second.items_done == 2


def test_it_refuses_a_second_execution_request_with_a_clear_message(
    police, django_capture_on_commit_callbacks
):
    record = electronic(police)
    recompute(police)
    batch = approved(police)
    requester = officer(police)

    with django_capture_on_commit_callbacks(execute=True):
        disposal_batch_execute_request(acting_user=requester, batch=batch)

    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMPLETED  # the (eager) task ran the execution
    assert not Record.objects.filter(pk=record.pk).exists()
    with pytest.raises(InvalidTransition, match="already been executed"):
        disposal_batch_execute_request(acting_user=requester, batch=batch)


def test_it_completes_a_batch_after_a_crash_mid_batch_with_one_certificate(police, monkeypatch):
    first, second, third = (electronic(police) for _ in range(3))
    recompute(police)
    batch = approved(police)
    real_scrub = disposal_items.audit_scrub_for_objects
    calls = []

    def crash_on_second_item(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        return real_scrub(**kwargs)

    monkeypatch.setattr(disposal_items, "audit_scrub_for_objects", crash_on_second_item)
    with pytest.raises(RuntimeError):
        _execute(batch)

    batch.refresh_from_db()
    assert batch.status == BatchStatus.EXECUTING
    assert batch.items_done == 1
    assert not Record.objects.filter(pk=first.pk).exists()
    assert Record.objects.filter(pk=second.pk).exists()  # its transaction rolled back whole
    assert second.subjects.exists()

    monkeypatch.setattr(disposal_items, "audit_scrub_for_objects", real_scrub)
    batch = _execute(batch)

    assert batch.status == BatchStatus.COMPLETED
    assert batch.items_done == 3
    assert not Record.objects.filter(pk__in=[second.pk, third.pk]).exists()
    assert DestructionCertificate.objects.filter(batch=batch).count() == 1
    assert sorted(i["reference"] for i in batch.certificate.item_list) == sorted(
        r.reference for r in (first, second, third)
    )


# --- dossiers ---------------------------------------------------------------------------------


def _attach(dossier, content=b"safety plan"):
    entry = dossier.entries.first()
    return EntryAttachment.objects.create(
        entry=entry,
        file=ContentFile(content, name="plan.txt"),
        original_name="plan.txt",
        content_type="text/plain",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=entry.author,
    )


def test_it_destroys_a_dossier_its_entries_files_and_members(
    veilig_thuis, django_capture_on_commit_callbacks
):
    dossier = vt_dossier(veilig_thuis, entries=2)
    attachment = _attach(dossier)
    path = attachment.file.name
    person = dossier.people.get()
    recompute(veilig_thuis)
    decide(dossier)
    batch = approved(veilig_thuis)

    with django_capture_on_commit_callbacks(execute=True):
        batch = _execute(batch)

    assert batch.status == BatchStatus.COMPLETED
    assert not Dossier.objects.filter(pk=dossier.pk).exists()
    assert not DossierEntry.objects.filter(dossier_id=dossier.pk).exists()
    assert not EntryAttachment.objects.filter(pk=attachment.pk).exists()
    assert not default_storage.exists(path)
    assert not Person.objects.filter(pk=person.pk).exists()
    tombstone = Tombstone.objects.get(batch=batch)
    assert (tombstone.item_kind, tombstone.reference, tombstone.closed_on) == (
        "dossier",
        dossier.reference,
        dt.date(2005, 6, 30),
    )


def test_it_anonymises_a_dossier_keeping_a_shell_without_names_r_wmo_4(veilig_thuis):
    vt_choose_anonymisation(veilig_thuis)
    dossier = vt_dossier(veilig_thuis, entries=2)
    _attach(dossier)
    person = dossier.people.get()
    household = dossier.household_name
    recompute(veilig_thuis)
    decide(dossier)
    batch = approved(veilig_thuis)

    batch = _execute(batch)

    dossier.refresh_from_db()
    assert dossier.lifecycle == ItemStatus.ANONYMISED
    assert dossier.household_name == "[anonymised]" and household not in dossier.household_name
    assert dossier.summary == ""
    assert set(dossier.entries.values_list("body", flat=True)) == {"[anonymised]"}
    assert not EntryAttachment.objects.filter(entry__dossier=dossier).exists()
    assert not DossierMember.objects.filter(dossier=dossier).exists()
    assert not Person.objects.filter(pk=person.pk).exists()
    assert Tombstone.objects.get(batch=batch).action == "anonymise"
    assert batch.certificate.method == "Anonymisation"


def test_it_anonymises_a_record_keeping_its_shell(police):
    schedule_action_revise(police, "MOPI-3", "anonymise")
    record = electronic(police)
    name = record.subjects.get().full_name
    recompute(police)
    batch = _execute(approved(police))

    record.refresh_from_db()
    assert record.status == ItemStatus.ANONYMISED
    assert record.title == "[anonymised]"
    assert not record.subject_links.exists()
    assert name not in record.title
    assert batch.status == BatchStatus.COMPLETED


# --- concurrency (PostgreSQL) -----------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_skips_an_item_another_worker_has_locked_and_a_rerun_completes_it(police):
    """Two executions never process the same item: SELECT … FOR UPDATE SKIP LOCKED."""
    taken, free = electronic(police), electronic(police)
    recompute(police)
    batch = approved(police)
    taken_item = batch.items.get(record=taken)
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                DisposalItem.objects.select_for_update().get(pk=taken_item.pk)
                locked.set()
                release.wait()
        finally:
            connection.close()

    worker = threading.Thread(target=other_worker)
    worker.start()
    try:
        assert locked.wait(timeout=60), "the other worker never took its lock"
        batch = _execute(batch)

        assert batch.status == BatchStatus.EXECUTING  # the locked item is still to do
        assert Record.objects.filter(pk=taken.pk).exists()
        assert not Record.objects.filter(pk=free.pk).exists()
        taken_item.refresh_from_db()
        assert taken_item.status == DisposalItemStatus.INCLUDED
    finally:
        release.set()
        worker.join()

    batch = _execute(batch)

    assert batch.status == BatchStatus.COMPLETED
    assert not Record.objects.filter(pk=taken.pk).exists()
    assert DestructionCertificate.objects.filter(batch=batch).count() == 1


def test_it_resumes_a_batch_left_executing_by_a_lost_task_message(police, monkeypatch):
    """R-REC-4 / idempotent sweeps: a batch stuck in "executing" (its task never ran) is
    re-queued by the periodic resume and completes with one certificate."""
    import datetime as dt

    from django.utils import timezone

    from retention.models import BatchStatus, BatchStatusChange, DestructionCertificate
    from retention.services import execution
    from tests.retention.disposal_support import approved, electronic, officer, recompute

    electronic(police)
    recompute(police)
    batch = approved(police)
    monkeypatch.setattr(execution, "_enqueue", lambda batch_id, user_id: None)  # the message is lost
    execution.disposal_batch_execute_request(acting_user=officer(police), batch=batch)
    monkeypatch.undo()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.EXECUTING

    assert execution.disposal_batches_resume_stalled() == 0  # not stalled yet
    BatchStatusChange.objects.filter(batch=batch).update(changed_at=timezone.now() - dt.timedelta(hours=1))
    assert execution.disposal_batches_resume_stalled() == 1

    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMPLETED
    assert DestructionCertificate.objects.filter(batch=batch).count() == 1
