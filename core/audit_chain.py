"""The HMAC hash chain that makes the audit tamper-evident.

Every audit entry (django-auditlog's LogEntry and our DomainEvent) gets one ``AuditSeal``
row: the SHA-256 of the entry's canonical content, chained to the previous seal by an
HMAC-SHA256 with ``settings.AUDIT_HMAC_KEY``. The key is read from the environment and
never stored in the database, so an entry changed or removed directly in the database
(a rogue administrator, a restored backup, SQL injection) shows up as a broken link when
``manage.py audit_verify`` walks the chain; a forger would need the key to re-seal.

Sealing is a sweep, not a signal: ``audit_seal_pending`` runs every minute (Celery beat)
and at the start of ``audit_verify``; it reads unsealed entries in id order, in chunks,
as one writer at a time (a transaction-scoped advisory lock on PostgreSQL, a cache lock
elsewhere), so the chain never forks.

The sanctioned scrub after a destruction (retention/services/scrub.py) rewrites entries
after they were sealed; it calls ``audit_scrub_record`` so the verifier can tell that
change from tampering (see ``AuditScrubRecord``).

Not detected: removing the newest seals together with their entries (the chain's tail).
Keep the head the verifier prints somewhere outside the database to catch that.
"""

import datetime
import hashlib
import hmac
import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.models import AuditEntryKind, AuditScrubRecord, AuditSeal, DomainEvent

logger = logging.getLogger(__name__)

GENESIS_MAC = "0" * 64
CHUNK_SIZE = 1000
ADVISORY_LOCK_KEY = 0x6175_6469_7473_6561  # "auditsea"
CACHE_LOCK_KEY = "core:audit-seal:lock"
CACHE_LOCK_SECONDS = 15 * 60

# The fields whose change matters, per kind. Everything but the id: an entry is evidence
# of who did what, when, to which object and with which values.
CONTENT_FIELDS: dict[str, tuple[str, ...]] = {
    AuditEntryKind.LOG_ENTRY: (
        "content_type_id",
        "object_pk",
        "object_id",
        "object_repr",
        "serialized_data",
        "action",
        "changes_text",
        "changes",
        "actor_id",
        "actor_email",
        "cid",
        "remote_addr",
        "remote_port",
        "timestamp",
        "additional_data",
    ),
    AuditEntryKind.DOMAIN_EVENT: (
        "organisation_id",
        "actor_id",
        "verb",
        "target_type_id",
        "target_id",
        "reason",
        "legal_basis",
        "request_id",
        "data",
        "created_at",
    ),
}
MODELS = {AuditEntryKind.LOG_ENTRY: LogEntry, AuditEntryKind.DOMAIN_EVENT: DomainEvent}
TIME_FIELDS = {AuditEntryKind.LOG_ENTRY: "timestamp", AuditEntryKind.DOMAIN_EVENT: "created_at"}


# --- Hashing -------------------------------------------------------------------------


def _key() -> bytes:
    key = getattr(settings, "AUDIT_HMAC_KEY", "")
    if not key:
        raise ImproperlyConfigured("Set AUDIT_HMAC_KEY: the audit hash chain needs it.")
    return key.encode("utf-8")


def _json_default(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        # One spelling per instant, whatever the database or time zone hands back.
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    return str(value)


def content_hash(kind: str, row: dict[str, Any]) -> str:
    """SHA-256 of one entry's content fields, as canonical JSON (sorted keys, UTC times)."""
    content = {name: row[name] for name in CONTENT_FIELDS[kind]}
    canonical = json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def seal_mac(key: bytes, *, prev_mac: str, kind: str, entry_id: int, digest: str) -> str:
    message = f"{prev_mac}|{kind}|{entry_id}|{digest}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def scrub_mac(key: bytes, *, event_id: int, kind: str, entry_id: int, digest: str) -> str:
    message = f"scrub|{event_id}|{kind}|{entry_id}|{digest}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def content_hashes(kind: str, entry_ids: Iterable[int]) -> dict[int, str]:
    """Current content hash of each existing entry among ``entry_ids`` (chunked reads)."""
    ids = sorted(set(entry_ids))
    hashes: dict[int, str] = {}
    fields = ("id", *CONTENT_FIELDS[kind])
    for start in range(0, len(ids), CHUNK_SIZE):
        rows = MODELS[kind].objects.filter(pk__in=ids[start : start + CHUNK_SIZE]).values(*fields)
        hashes.update({row["id"]: content_hash(kind, row) for row in rows})
    return hashes


# --- Sealing -------------------------------------------------------------------------


@contextmanager
def _cache_lock() -> Iterator[bool]:
    """Outside PostgreSQL: one sealer per cache. (SQLite also serialises the writes.)"""
    if connection.vendor == "postgresql":
        yield True  # each chunk takes the advisory lock inside its own transaction
        return
    acquired = cache.add(CACHE_LOCK_KEY, timezone.now().isoformat(), CACHE_LOCK_SECONDS)
    try:
        yield acquired
    finally:
        if acquired:
            cache.delete(CACHE_LOCK_KEY)


def _pending(kind: str, *, after_id: int, since: datetime.datetime | None):
    model = MODELS[kind]
    sealed = AuditSeal.objects.filter(kind=kind, entry_id=OuterRef("pk"))
    pending = model.objects.filter(pk__gt=after_id).filter(~Exists(sealed))
    if since is not None:
        pending = pending.filter(**{f"{TIME_FIELDS[kind]}__gte": since})
    return pending.order_by("pk").values("id", *CONTENT_FIELDS[kind])


def _seal_chunk(key: bytes, kind: str, *, after_id: int, since, chunk_size: int) -> list[int]:
    """Seal the next chunk in one transaction; return the entry ids sealed (empty: done)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Held until commit: the head read below stays the head until our seals land.
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        rows = list(_pending(kind, after_id=after_id, since=since)[:chunk_size])
        if not rows:
            return []
        prev_mac = AuditSeal.objects.order_by("-id").values_list("mac", flat=True).first() or GENESIS_MAC
        seals = []
        for row in rows:
            digest = content_hash(kind, row)
            mac = seal_mac(key, prev_mac=prev_mac, kind=kind, entry_id=row["id"], digest=digest)
            seals.append(
                AuditSeal(kind=kind, entry_id=row["id"], content_hash=digest, prev_mac=prev_mac, mac=mac)
            )
            prev_mac = mac
        AuditSeal.objects.bulk_create(seals)
        return [row["id"] for row in rows]


def audit_seal_pending(*, lookback: datetime.timedelta | None = None, chunk_size: int = CHUNK_SIZE) -> int:
    """Seal every audit entry that has no seal yet, in id order; return how many.

    ``lookback`` (the every-minute task) only looks at entries written in that window, so
    the sweep stays cheap on a large log; an entry older than that (a transaction that
    committed very late) is sealed by the next full run, e.g. ``audit_verify``. A kind
    without any seal yet is always swept in full.
    """
    key = _key()
    sealed = 0
    with _cache_lock() as acquired:
        if not acquired:
            logger.info("Audit sealing skipped: another sealer holds the lock.")
            return 0
        for kind in MODELS:
            since = None
            if lookback is not None and AuditSeal.objects.filter(kind=kind).exists():
                since = timezone.now() - lookback
            after_id = 0
            while ids := _seal_chunk(key, kind, after_id=after_id, since=since, chunk_size=chunk_size):
                sealed += len(ids)
                after_id = ids[-1]
    return sealed


# --- The sanctioned scrub ------------------------------------------------------------


def audit_scrub_record(*, event: DomainEvent, log_entry_ids: Iterable[int]) -> int:
    """Record the new content of log entries a sanctioned scrub rewrote (same transaction)."""
    key = _key()
    kind = AuditEntryKind.LOG_ENTRY
    hashes = content_hashes(kind, log_entry_ids)
    AuditScrubRecord.objects.bulk_create(
        [
            AuditScrubRecord(
                event=event,
                kind=kind,
                entry_id=entry_id,
                content_hash=digest,
                mac=scrub_mac(key, event_id=event.pk, kind=kind, entry_id=entry_id, digest=digest),
            )
            for entry_id, digest in sorted(hashes.items())
        ],
        batch_size=CHUNK_SIZE,
    )
    return len(hashes)


# --- Verifying -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    verified: int
    broken_kind: str = ""
    broken_id: int | None = None
    reason: str = ""
    head_seal: int | None = None
    head_mac: str = ""

    @property
    def ok(self) -> bool:
        return not self.reason

    def __str__(self) -> str:
        if self.ok:
            return f"OK: {self.verified} entries verified"
        return f"BROKEN at {self.broken_kind} {self.broken_id}: {self.reason}"


def _latest_scrubs(kind: str, entry_ids: list[int]) -> dict[int, AuditScrubRecord]:
    latest: dict[int, AuditScrubRecord] = {}
    if entry_ids:
        for record in AuditScrubRecord.objects.filter(kind=kind, entry_id__in=entry_ids).order_by("id"):
            latest[record.entry_id] = record
    return latest


def _link_problem(key: bytes, seal: AuditSeal, prev_mac: str) -> str:
    if seal.kind not in MODELS:
        return f"unknown entry kind {seal.kind!r}"
    if not hmac.compare_digest(seal.prev_mac, prev_mac):
        return "the seal before it is missing or was changed"
    expected = seal_mac(
        key, prev_mac=seal.prev_mac, kind=seal.kind, entry_id=seal.entry_id, digest=seal.content_hash
    )
    if not hmac.compare_digest(expected, seal.mac):
        return "the seal does not match its MAC (forged, or another AUDIT_HMAC_KEY)"
    return ""


def _content_problem(key: bytes, seal: AuditSeal, current: str | None, scrub: AuditScrubRecord | None) -> str:
    if current is None:
        return "the entry was deleted"
    if current == seal.content_hash:
        return ""
    if scrub is None:
        return "the entry was changed after it was sealed"
    expected = scrub_mac(
        key, event_id=scrub.event_id, kind=scrub.kind, entry_id=scrub.entry_id, digest=scrub.content_hash
    )
    if not hmac.compare_digest(expected, scrub.mac):
        return f"scrub record {scrub.pk} does not match its MAC (forged, or another AUDIT_HMAC_KEY)"
    if scrub.content_hash != current:
        return "the entry was changed after it was sealed and after its last sanctioned scrub"
    return ""


def _chunk_contents(seals: list[AuditSeal]) -> tuple[dict, dict]:
    """Current content hashes of the sealed entries, and the latest scrub of each changed one."""
    current: dict[tuple[str, int], str] = {}
    scrubs: dict[tuple[str, int], AuditScrubRecord] = {}
    for kind in MODELS:
        sealed = {seal.entry_id: seal.content_hash for seal in seals if seal.kind == kind}
        hashes = content_hashes(kind, sealed)
        current.update({(kind, pk): digest for pk, digest in hashes.items()})
        changed = [pk for pk, digest in hashes.items() if digest != sealed[pk]]
        scrubs.update({(kind, pk): record for pk, record in _latest_scrubs(kind, changed).items()})
    return current, scrubs


def audit_chain_verify(*, chunk_size: int = CHUNK_SIZE) -> ChainReport:
    """Walk every seal in order; report the first broken link, or how many entries hold."""
    key = _key()
    prev_mac = GENESIS_MAC
    verified = 0
    last_id = 0
    while seals := list(AuditSeal.objects.filter(pk__gt=last_id).order_by("pk")[:chunk_size]):
        current, scrubs = _chunk_contents(seals)
        for seal in seals:
            entry = (seal.kind, seal.entry_id)
            reason = _link_problem(key, seal, prev_mac) or _content_problem(
                key, seal, current.get(entry), scrubs.get(entry)
            )
            if reason:
                return ChainReport(
                    verified=verified, broken_kind=seal.kind, broken_id=seal.entry_id, reason=reason
                )
            prev_mac = seal.mac
            verified += 1
        last_id = seals[-1].pk
    return ChainReport(verified=verified, head_seal=last_id or None, head_mac=prev_mac)
