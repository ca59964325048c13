"""The nightly retention sweep: recompute dates, open due reviews, build disposal batches.

Per organisation, in that order, each step set-based and idempotent: the database state is
the truth, so a sweep killed half-way is completed by the next run and a re-run changes
nothing. One sweep at a time: a PostgreSQL session advisory lock (released by the server
if the worker dies), or on other databases a cache entry with a timeout. A second sweep
that finds the lock taken does no work and says so.
"""

import datetime
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from access_control.models import Organisation
from retention import engine
from retention.services.reviews import reviews_open_due, reviews_withdraw_stale

logger = logging.getLogger(__name__)

# Any fixed 64-bit number works; it only has to be the same for every sweep process.
ADVISORY_LOCK_KEY = 0x7265_7465_6E74_6965  # "retentie"
CACHE_LOCK_KEY = "retention:sweep:lock"
# Longer than any sweep; a crashed one frees the lock after this.
CACHE_LOCK_SECONDS = 6 * 60 * 60


@dataclass
class SweepSummary:
    already_running: bool = False
    organisations: int = 0
    people: int = 0
    records: int = 0
    dossiers: int = 0
    reviews_opened: int = 0
    batches_built: int = 0
    seconds: float = 0.0
    failed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        if self.already_running:
            return "Another retention sweep is already running; nothing done."
        text = (
            f"{self.organisations} organisation(s): recomputed {self.people} people, {self.records} "
            f"records, {self.dossiers} dossiers; opened {self.reviews_opened} reviews; built "
            f"{self.batches_built} disposal batches in {self.seconds:.1f} s."
        )
        if self.failed:
            text += f" Failed: {', '.join(self.failed)} (see the log)."
        return text


@contextmanager
def sweep_lock() -> Iterator[bool]:
    """Yield True when this process holds the sweep lock, False when another sweep has it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
            acquired = cursor.fetchone()[0]
        try:
            yield acquired
        finally:
            if acquired:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
        return
    acquired = cache.add(CACHE_LOCK_KEY, timezone.now().isoformat(), CACHE_LOCK_SECONDS)
    try:
        yield acquired
    finally:
        if acquired:
            cache.delete(CACHE_LOCK_KEY)


def _sweep_organisation(organisation: Organisation, today: datetime.date, summary: SweepSummary) -> None:
    # Imported here: batch building lives in its own module and imports the selectors.
    from retention.services.batches import disposal_batches_build

    recomputed = engine.recompute_all(organisation_id=organisation.pk)
    summary.people += recomputed.people
    summary.records += recomputed.records
    summary.dossiers += recomputed.dossiers
    reviews_withdraw_stale(organisation=organisation, today=today)
    summary.reviews_opened += reviews_open_due(organisation=organisation, today=today)
    batches = disposal_batches_build(organisation=organisation, today=today, acting_user=None)
    summary.batches_built += len(batches)


def retention_sweep_run(
    *, organisation_id: int | None = None, today: datetime.date | None = None
) -> SweepSummary:
    """Run the sweep for one organisation or all of them. One organisation's failure is
    logged and reported, and does not stop the others."""
    today = today or timezone.localdate()
    organisations = Organisation.objects.order_by("pk")
    if organisation_id is not None:
        organisations = organisations.filter(pk=organisation_id)
    started = time.monotonic()
    with sweep_lock() as acquired:
        if not acquired:
            logger.info("Retention sweep skipped: another sweep holds the lock.")
            return SweepSummary(already_running=True)
        summary = SweepSummary()
        for organisation in organisations:
            summary.organisations += 1
            try:
                _sweep_organisation(organisation, today, summary)
            except Exception:
                logger.exception("Retention sweep failed for organisation %s.", organisation.slug)
                summary.failed.append(organisation.slug)
        summary.seconds = time.monotonic() - started
    logger.info("Retention sweep: %s", summary)
    return summary
