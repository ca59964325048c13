"""The HMAC hash chain over the audit entries: sealing, and the verifier catching tampering.

The tampering is done as an attacker with database access would: raw SQL, bypassing the
application (on PostgreSQL the append-only trigger is not installed in these tests, as
if a superuser had switched it off; test_append_only.py covers the trigger itself).
"""

import datetime
from io import StringIO

import pytest
import time_machine
from auditlog.models import LogEntry
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from core.audit_chain import (
    CONTENT_FIELDS,
    audit_chain_verify,
    audit_seal_pending,
    content_hash,
    content_hashes,
)
from core.models import AuditEntryKind, AuditScrubRecord, AuditSeal, DomainEvent
from core.services import domain_event_record
from core.tasks import audit_seal
from retention.services.scrub import audit_object, audit_scrub_for_objects
from tests.factories import PersonFactory, RecordFactory

pytestmark = pytest.mark.django_db

LOG, EVENT = AuditEntryKind.LOG_ENTRY, AuditEntryKind.DOMAIN_EVENT


@pytest.fixture
def audit_trail(org, owner):
    """Some of both kinds of audit entries: auditlog diffs and domain events."""
    records = [RecordFactory(organisation=org, title=f"Record {n}") for n in range(3)]
    for record in records:
        domain_event_record(acting_user=owner, verb="record.viewed", target=record, reason="Case review")
    return records


def _entry_count() -> int:
    return LogEntry.objects.count() + DomainEvent.objects.count()


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _verify_command() -> tuple[int, str]:
    """Run ``manage.py audit_verify``; return (exit status, what it printed)."""
    out = StringIO()
    try:
        call_command("audit_verify", stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_it_seals_every_entry_of_both_kinds_in_one_chain(audit_trail):
    sealed = audit_seal_pending()

    assert sealed == _entry_count() > 0
    seals = list(AuditSeal.objects.order_by("id"))
    assert {s.kind for s in seals} == {LOG, EVENT}
    assert seals[0].prev_mac == "0" * 64
    assert all(later.prev_mac == earlier.mac for earlier, later in zip(seals, seals[1:], strict=False))
    # The key never reaches the database.
    assert not AuditSeal.objects.filter(mac__contains=settings.AUDIT_HMAC_KEY).exists()


def test_it_seals_each_entry_once_and_chains_new_ones_on(audit_trail, org):
    audit_seal_pending()
    assert audit_seal_pending() == 0

    before = _entry_count()
    RecordFactory(organisation=org)
    assert audit_seal_pending() == _entry_count() - before > 0

    report = audit_chain_verify()
    assert report.ok and report.verified == _entry_count()


def test_it_reports_ok_with_the_number_of_entries(audit_trail):
    status, output = _verify_command()

    assert status == 0
    assert output.splitlines()[0] == f"OK: {_entry_count()} entries verified"
    assert "Chain head: seal" in output


def test_it_seals_pending_entries_before_verifying(audit_trail):
    assert not AuditSeal.objects.exists()

    status, _ = _verify_command()

    assert status == 0
    assert AuditSeal.objects.count() == _entry_count()


def test_it_catches_a_log_entry_changed_in_sql(audit_trail):
    audit_seal_pending()
    entry = LogEntry.objects.order_by("id")[1]

    _sql("UPDATE auditlog_logentry SET object_repr = %s WHERE id = %s", ["Someone else", entry.pk])

    status, output = _verify_command()
    assert status == 1
    assert output.strip() == f"BROKEN at logentry {entry.pk}: the entry was changed after it was sealed"


def test_it_catches_a_changed_actor_or_timestamp(audit_trail, colleague):
    audit_seal_pending()
    entry = LogEntry.objects.order_by("id").first()

    _sql("UPDATE auditlog_logentry SET actor_id = %s WHERE id = %s", [colleague.pk, entry.pk])

    report = audit_chain_verify()
    assert (report.broken_kind, report.broken_id) == (LOG, entry.pk)


def test_it_catches_a_domain_event_changed_in_sql(audit_trail):
    audit_seal_pending()
    event = DomainEvent.objects.order_by("id").last()

    _sql("UPDATE core_domainevent SET reason = %s WHERE id = %s", ["No reason at all", event.pk])

    report = audit_chain_verify()
    assert not report.ok
    assert str(report) == f"BROKEN at event {event.pk}: the entry was changed after it was sealed"


def test_it_reports_the_first_broken_link_of_several(audit_trail):
    audit_seal_pending()
    seals = list(AuditSeal.objects.order_by("id"))
    first, later = seals[2], seals[-1]
    statements = {
        LOG: "UPDATE auditlog_logentry SET object_repr = 'x' WHERE id = %s",
        EVENT: "UPDATE core_domainevent SET verb = 'x' WHERE id = %s",
    }
    for seal in (later, first):
        _sql(statements[seal.kind], [seal.entry_id])

    report = audit_chain_verify()

    assert (report.broken_kind, report.broken_id) == (first.kind, first.entry_id)
    assert report.verified == 2


def test_it_catches_a_deleted_entry(audit_trail):
    audit_seal_pending()
    entry = LogEntry.objects.order_by("id")[2]

    _sql("DELETE FROM auditlog_logentry WHERE id = %s", [entry.pk])

    assert str(audit_chain_verify()) == f"BROKEN at logentry {entry.pk}: the entry was deleted"


def test_it_catches_a_deleted_entry_whose_seal_was_deleted_too(audit_trail):
    """Removing the evidence of the removal breaks the link to the next seal."""
    audit_seal_pending()
    seals = list(AuditSeal.objects.order_by("id"))
    victim, following = seals[1], seals[2]
    _sql("DELETE FROM auditlog_logentry WHERE id = %s", [victim.entry_id])
    _sql("DELETE FROM core_auditseal WHERE id = %s", [victim.pk])

    report = audit_chain_verify()

    assert (report.broken_kind, report.broken_id) == (following.kind, following.entry_id)
    assert report.reason == "the seal before it is missing or was changed"


def test_it_catches_a_reseal_without_the_key(audit_trail):
    """An attacker who changes an entry and recomputes its content hash cannot make the MAC."""
    audit_seal_pending()
    seal = AuditSeal.objects.filter(kind=EVENT).order_by("id").first()
    _sql("UPDATE core_domainevent SET reason = 'Rewritten' WHERE id = %s", [seal.entry_id])
    forged = content_hashes(EVENT, [seal.entry_id])[seal.entry_id]
    _sql("UPDATE core_auditseal SET content_hash = %s WHERE id = %s", [forged, seal.pk])

    report = audit_chain_verify()

    assert (report.broken_kind, report.broken_id) == (EVENT, seal.entry_id)
    assert "does not match its MAC" in report.reason


def test_it_catches_a_wrong_key(audit_trail, settings):
    audit_seal_pending()
    first = AuditSeal.objects.order_by("id").first()
    settings.AUDIT_HMAC_KEY = "another-key-entirely-0123456789abcdef"

    status, output = _verify_command()

    assert status == 1
    assert output.strip() == (
        f"BROKEN at {first.kind} {first.entry_id}: "
        "the seal does not match its MAC (forged, or another AUDIT_HMAC_KEY)"
    )


def test_it_keeps_the_chain_valid_through_a_sanctioned_scrub(audit_trail, org):
    audit_seal_pending()
    record = audit_trail[0]

    scrubbed = audit_scrub_for_objects(acting_user=None, objects=[audit_object(record)], organisation=org)

    assert scrubbed >= 1
    assert AuditScrubRecord.objects.count() == scrubbed
    status, output = _verify_command()
    assert status == 0, output
    assert DomainEvent.objects.filter(verb="audit.scrubbed").exists()


def test_it_catches_a_change_after_a_sanctioned_scrub(audit_trail, org):
    audit_seal_pending()
    record = audit_trail[0]
    audit_scrub_for_objects(acting_user=None, objects=[audit_object(record)], organisation=org)
    entry = LogEntry.objects.get(object_pk=str(record.pk), content_type__model="record")

    _sql("UPDATE auditlog_logentry SET object_repr = 'Put back' WHERE id = %s", [entry.pk])

    report = audit_chain_verify()
    assert (report.broken_kind, report.broken_id) == (LOG, entry.pk)
    assert report.reason == "the entry was changed after it was sealed and after its last sanctioned scrub"


def test_it_catches_a_forged_scrub_record(audit_trail, owner):
    """A scrub record needs the key too: one written in SQL does not excuse a change."""
    audit_seal_pending()
    entry = LogEntry.objects.order_by("id").first()
    _sql("UPDATE auditlog_logentry SET object_repr = 'Rewritten' WHERE id = %s", [entry.pk])
    event = domain_event_record(acting_user=owner, verb="audit.scrubbed")
    forged = AuditScrubRecord.objects.create(
        event=event,
        kind=LOG,
        entry_id=entry.pk,
        content_hash=content_hashes(LOG, [entry.pk])[entry.pk],
        mac="f" * 64,
    )

    report = audit_chain_verify()

    assert (report.broken_kind, report.broken_id) == (LOG, entry.pk)
    assert report.reason.startswith(f"scrub record {forged.pk} does not match its MAC")


def test_it_hashes_the_fields_that_matter():
    assert {
        "content_type_id",
        "object_pk",
        "object_repr",
        "action",
        "changes",
        "actor_id",
        "timestamp",
    } <= set(CONTENT_FIELDS[LOG])
    assert {
        "verb",
        "actor_id",
        "target_type_id",
        "target_id",
        "reason",
        "legal_basis",
        "data",
        "created_at",
    } <= set(CONTENT_FIELDS[EVENT])
    row = dict.fromkeys(CONTENT_FIELDS[EVENT]) | {"verb": "a", "data": {"b": 1, "a": [2]}}
    reordered = row | {"data": {"a": [2], "b": 1}}
    assert content_hash(EVENT, row) == content_hash(EVENT, reordered)
    assert content_hash(EVENT, row) != content_hash(EVENT, row | {"verb": "b"})


def test_it_seals_every_minute_with_celery_beat(audit_trail):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "core.audit_seal" in schedule
    assert schedule["core.audit_seal"].minute == set(range(60))

    assert audit_seal.delay().get() == _entry_count()


def test_it_leaves_entries_older_than_the_lookback_to_the_full_run(org):
    """A very late commit keeps its old timestamp; the full run (audit_verify) seals it."""
    RecordFactory(organisation=org)
    audit_seal_pending(lookback=datetime.timedelta(days=1))
    with time_machine.travel(datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)):
        late = RecordFactory(organisation=org)
    late_entry = LogEntry.objects.get(object_pk=str(late.pk), content_type__model="record")
    late_count = LogEntry.objects.filter(timestamp__year=2020).count()

    assert audit_seal_pending(lookback=datetime.timedelta(days=1)) == 0
    assert audit_seal_pending() == late_count
    assert AuditSeal.objects.filter(kind=LOG, entry_id=late_entry.pk).exists()


@pytest.mark.postgres
def test_it_catches_tampering_around_the_trigger_on_postgresql(append_only, audit_trail):
    """A superuser can switch triggers off for the session; the chain still tells."""
    audit_seal_pending()
    entry = LogEntry.objects.order_by("id").first()

    _sql("SET LOCAL session_replication_role = replica")
    _sql("UPDATE auditlog_logentry SET object_repr = 'Hidden' WHERE id = %s", [entry.pk])
    _sql("SET LOCAL session_replication_role = origin")

    assert audit_chain_verify().broken_id == entry.pk


def test_it_verifies_an_empty_log_and_seals_the_first_entries():
    assert audit_seal_pending() == 0
    assert str(audit_chain_verify()) == "OK: 0 entries verified"

    PersonFactory()

    assert audit_seal_pending() == _entry_count() > 0
    assert audit_chain_verify().ok
