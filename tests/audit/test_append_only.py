"""On PostgreSQL the audit tables are append-only; only the sanctioned scrub may UPDATE
auditlog entries, and it leaves its own audit entry (core/audit_append_only.py)."""

import pytest
from auditlog.models import LogEntry
from django.db import DatabaseError, connection, transaction

from core.audit_append_only import SCRUB_SETTING
from core.audit_chain import audit_chain_verify, audit_seal_pending
from core.models import AuditScrubRecord, DomainEvent
from core.services import domain_event_record
from records.models import CopyKind
from retention.services.execution import disposal_batch_execute
from retention.services.scrub import DESTROYED_REPR, audit_object, audit_scrub_for_objects
from tests.factories import RecordFactory
from tests.retention.disposal_support import approved, officer, police_record, recompute

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

APPEND_ONLY = "audit entries are append-only"


def _sql(statement: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def _refused(statement: str, params=()) -> None:
    # A savepoint, so the test's transaction survives the refusal.
    with pytest.raises(DatabaseError, match=APPEND_ONLY), transaction.atomic():
        _sql(statement, params)


@pytest.fixture
def audit_rows(org, owner):
    record = RecordFactory(organisation=org, title="Burglary report")
    event = domain_event_record(acting_user=owner, verb="record.viewed", target=record)
    audit_seal_pending()
    entry = LogEntry.objects.filter(object_pk=str(record.pk), content_type__model="record").get()
    return record, entry, event


def test_it_installs_a_trigger_on_every_audit_table(append_only):
    rows = _sql(
        "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'audit_append_only' ORDER BY 1"
    )

    assert [row[0] for row in rows] == [
        "auditlog_logentry",
        "core_auditscrubrecord",
        "core_auditseal",
        "core_domainevent",
    ]


def test_it_refuses_to_update_or_delete_an_auditlog_entry(append_only, audit_rows):
    _, entry, _ = audit_rows

    _refused("UPDATE auditlog_logentry SET object_repr = 'x' WHERE id = %s", [entry.pk])
    _refused("DELETE FROM auditlog_logentry WHERE id = %s", [entry.pk])

    entry.refresh_from_db()
    assert entry.object_repr != "x"


def test_it_refuses_to_update_or_delete_a_domain_event(append_only, audit_rows):
    _, _, event = audit_rows

    _refused("UPDATE core_domainevent SET reason = 'x' WHERE id = %s", [event.pk])
    _refused("DELETE FROM core_domainevent WHERE id = %s", [event.pk])


def test_it_refuses_to_rewrite_the_seals(append_only, audit_rows):
    _refused("UPDATE core_auditseal SET mac = 'x'")
    _refused("DELETE FROM core_auditseal")


def test_it_refuses_an_orm_update_too(append_only, audit_rows):
    _, entry, event = audit_rows

    with pytest.raises(DatabaseError, match=APPEND_ONLY), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(object_repr="x")
    with pytest.raises(DatabaseError, match=APPEND_ONLY), transaction.atomic():
        DomainEvent.objects.filter(pk=event.pk).delete()


def test_it_still_accepts_new_entries(append_only, org):
    before = LogEntry.objects.count()

    RecordFactory(organisation=org)

    assert LogEntry.objects.count() > before


def test_it_never_lets_the_scrub_setting_delete(append_only, audit_rows):
    _, entry, event = audit_rows
    _sql("SELECT set_config(%s, 'on', true)", [SCRUB_SETTING])

    _refused("DELETE FROM auditlog_logentry WHERE id = %s", [entry.pk])
    # Domain events are never scrubbed: the setting does not open them at all.
    _refused("UPDATE core_domainevent SET reason = 'x' WHERE id = %s", [event.pk])


def test_it_lets_the_sanctioned_scrub_update_and_leaves_its_entry(append_only, audit_rows, org):
    record, entry, _ = audit_rows

    audit_scrub_for_objects(acting_user=None, objects=[audit_object(record)], organisation=org)

    entry.refresh_from_db()
    assert entry.object_repr == DESTROYED_REPR
    event = DomainEvent.objects.get(verb="audit.scrubbed")
    assert AuditScrubRecord.objects.filter(event=event, entry_id=entry.pk).exists()
    # The permission ended with the scrub, before the rest of the transaction.
    assert _sql("SELECT current_setting(%s, true)", [SCRUB_SETTING]) == [("off",)]
    _refused("UPDATE auditlog_logentry SET object_repr = 'x' WHERE id = %s", [entry.pk])
    assert audit_chain_verify().ok


def test_it_runs_a_whole_disposal_with_the_triggers_on(append_only, police):
    """The destruction path (execution, then the scrub) needs no other audit UPDATE."""
    record = police_record(police, copies=[CopyKind.ELECTRONIC], title="Theft by Quartermaine")
    recompute(police)
    audit_seal_pending()

    disposal_batch_execute(acting_user=officer(police), batch_id=approved(police).pk)

    entries = LogEntry.objects.filter(object_pk=str(record.pk), content_type__model="record")
    assert {entry.object_repr for entry in entries} == {DESTROYED_REPR}
    assert DomainEvent.objects.filter(verb="audit.scrubbed").exists()
    assert audit_chain_verify().ok


@pytest.mark.django_db(transaction=True)
def test_it_closes_the_scrub_setting_with_its_transaction(append_only, audit_rows, org):
    record, entry, _ = audit_rows
    with transaction.atomic():
        _sql("SELECT set_config(%s, 'on', true)", [SCRUB_SETTING])
        _sql("UPDATE auditlog_logentry SET cid = 'scrub-test' WHERE id = %s", [entry.pk])

    audit_scrub_for_objects(acting_user=None, objects=[audit_object(record)], organisation=org)

    # A new transaction: the transaction-local setting is gone.
    with transaction.atomic():
        assert _sql("SELECT current_setting(%s, true)", [SCRUB_SETTING])[0][0] in ("", None, "off")
        _refused("UPDATE auditlog_logentry SET object_repr = 'x' WHERE id = %s", [entry.pk])
