"""Scrub the personal values django-auditlog copied of objects a sanctioned disposal removed.

django-auditlog stores field values (old and new) in every LogEntry, so destroying a record
would leave its personal data alive in the audit table. After a destruction or an
anonymisation the values of those entries are replaced; the entries themselves stay, so the
fact that each event happened, when and by whom, and which fields changed, remains.

This is the ONLY place that updates audit entries: on PostgreSQL a trigger refuses every
other UPDATE of the audit tables (core/audit_append_only.py) and lets this one through only
while it has switched on the transaction-local ``retentie.audit_scrub`` setting. Each entry
it rewrites gets a scrub record (core/audit_chain.py), so the audit hash chain can tell
this sanctioned change from tampering; the ``audit.scrubbed`` event says who and why.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.dispatch import Signal

from core import audit_append_only
from core.audit_chain import audit_scrub_record
from core.services import domain_event_record

SCRUBBED = "[scrubbed]"
DESTROYED_REPR = "[destroyed]"
SCRUB_CHUNK_SIZE = 500

AuditObject = tuple[int, str]  # (ContentType id, primary key as text)

# Sent by ``audit_scrub_for_objects`` with ``objects`` (the audit keys of what a sanctioned
# disposal removed or anonymised), inside its transaction, before the scrub. Other apps
# that copied personal text out of those rows (e.g. the redaction proposals of subject
# requests, which hold a third party's name) remove their copies and return the audit keys
# of the rows they removed, so that their history is scrubbed in the same pass. Retention
# stays unaware of those apps.
personal_data_removed = Signal()


def audit_object(instance: models.Model) -> AuditObject:
    """The (content type id, pk) that django-auditlog files ``instance``'s entries under."""
    return ContentType.objects.get_for_model(type(instance)).pk, str(instance.pk)


def audit_objects(queryset: models.QuerySet) -> list[AuditObject]:
    """The audit keys of every row of ``queryset`` (one query, no instances built)."""
    content_type_id = ContentType.objects.get_for_model(queryset.model).pk
    return [(content_type_id, str(pk)) for pk in queryset.values_list("pk", flat=True)]


def _scrub_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dict):
        if value.get("type") == "m2m":
            # Keep what kind of change it was and how many objects; drop their names.
            return {**value, "objects": [SCRUBBED for _ in value.get("objects") or ()]}
        return {key: _scrub_value(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_scrub_value(inner) for inner in value]
    return SCRUBBED


def _scrub_changes(changes: Any) -> Any:
    if not isinstance(changes, dict):
        return SCRUBBED if changes else changes
    # Field names stay: they say which fields changed, not what they held.
    return {field: _scrub_value(value) for field, value in changes.items()}


def _scrub_serialized(data: Any) -> Any:
    if not isinstance(data, dict):
        return None
    fields = data.get("fields")
    return {**data, "fields": _scrub_changes(fields) if isinstance(fields, dict) else {}}


def _scrub_mentions(changes: Any, mentions: set[str]) -> tuple[Any, bool]:
    """Replace, in many-to-many changes only, the listed objects that were removed."""
    if not isinstance(changes, dict):
        return changes, False
    changed = False
    result = {}
    for field, value in changes.items():
        if isinstance(value, dict) and value.get("type") == "m2m":
            objects = [SCRUBBED if o in mentions else o for o in value.get("objects") or ()]
            changed |= objects != list(value.get("objects") or ())
            value = {**value, "objects": objects}
        result[field] = value
    return result, changed


def _entries(content_type_id: int, pks: set[str]) -> Iterator[list[LogEntry]]:
    ordered = sorted(pks)
    for start in range(0, len(ordered), SCRUB_CHUNK_SIZE):
        yield list(
            LogEntry.objects.filter(
                content_type_id=content_type_id, object_pk__in=ordered[start : start + SCRUB_CHUNK_SIZE]
            ).only("pk", "changes", "changes_text", "serialized_data", "additional_data", "object_repr")
        )


def _by_type(objects: Iterable[AuditObject]) -> dict[int, set[str]]:
    grouped: dict[int, set[str]] = defaultdict(set)
    for content_type_id, pk in objects:
        grouped[int(content_type_id)].add(str(pk))
    return grouped


def audit_scrub_for_objects(
    *,
    acting_user,
    objects: list[AuditObject],
    organisation=None,
    reason: str = "",
    mentions: Iterable[str] = (),
    mentioned_in: Iterable[AuditObject] = (),
) -> int:
    """Replace the personal values in every audit entry of ``objects``; return how many.

    Call inside the transaction of the disposal, after the rows are deleted or emptied, so
    that the entries django-auditlog wrote for those very deletions are scrubbed too.
    ``mentioned_in`` are rows that live on (legal holds) whose many-to-many entries list
    removed rows by name: there only the ``mentions`` (those display strings) are replaced.
    """
    counts: Counter[str] = Counter()
    rewritten: list[int] = []
    with transaction.atomic():
        copies = personal_data_removed.send(sender=audit_scrub_for_objects, objects=objects)
        objects = [*objects, *(key for _receiver, keys in copies for key in keys or ())]
        audit_append_only.scrub_allow(connection)
        for content_type_id, pks in _by_type(objects).items():
            label = ContentType.objects.get_for_id(content_type_id).model
            for entries in _entries(content_type_id, pks):
                for entry in entries:
                    entry.changes = _scrub_changes(entry.changes)
                    entry.changes_text = SCRUBBED if entry.changes_text else ""
                    entry.serialized_data = _scrub_serialized(entry.serialized_data)
                    entry.additional_data = None
                    entry.object_repr = DESTROYED_REPR
                LogEntry.objects.bulk_update(
                    entries,
                    ["changes", "changes_text", "serialized_data", "additional_data", "object_repr"],
                    batch_size=SCRUB_CHUNK_SIZE,
                )
                counts[label] += len(entries)
                rewritten.extend(entry.pk for entry in entries)
        mentions = set(mentions)
        mentioned = 0
        for content_type_id, pks in _by_type(mentioned_in if mentions else ()).items():
            for entries in _entries(content_type_id, pks):
                touched = []
                for entry in entries:
                    entry.changes, changed = _scrub_mentions(entry.changes, mentions)
                    if changed:
                        touched.append(entry)
                LogEntry.objects.bulk_update(touched, ["changes"], batch_size=SCRUB_CHUNK_SIZE)
                mentioned += len(touched)
                rewritten.extend(entry.pk for entry in touched)
        audit_append_only.scrub_forbid(connection)
        event = domain_event_record(
            acting_user=acting_user,
            verb="audit.scrubbed",
            organisation=organisation,
            reason=reason,
            data={
                "objects": len(objects),
                "entries": sum(counts.values()),
                "by_model": dict(counts),
                "mentions_scrubbed": mentioned,
            },
        )
        audit_scrub_record(event=event, log_entry_ids=rewritten)
    return sum(counts.values()) + mentioned
