"""Retention engine benchmark: `python -m bench.retention` (PostgreSQL only).

Builds the data set (1,000,000 records, ~200,000 people, 100,000 dossiers, events) in the
database named by DATABASE_URL — use a scratch database, it is truncated — and prints:
full recompute seconds, incremental recompute after one new event, disposal batch build,
a hand-written single SQL UPDATE on the same data with the ratio, and peak RSS.
"""

import argparse
import datetime
import os
import resource
import statistics
import sys
import time


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=300_000)
    parser.add_argument("--skip-build", action="store_true", help="reuse the data already in the database")
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ or not os.environ["DATABASE_URL"].startswith("postgres"):
        print("bench.retention: set DATABASE_URL to a scratch PostgreSQL database", file=sys.stderr)
        return 2
    _setup_django()
    from django.core.management import call_command
    from django.db import connection

    from bench.data import build
    from bench.hand_sql import HAND_DUE_FUNCTION, HAND_SQL
    from records.models import Person, Record
    from records.services import subject_event_record
    from retention import engine

    call_command("migrate", verbosity=0)
    if args.skip_build:
        from access_control.models import Organisation, User

        refs = {
            "police": Organisation.objects.get(slug="bench-police"),
            "vt": Organisation.objects.get(slug="bench-vt"),
            "officer": User.objects.get(username="bench-officer"),
        }
    else:
        refs = build(records=args.records, people=args.people, dossiers=args.dossiers, events=args.events)

    started = time.perf_counter()
    result = engine.recompute_all()
    full = time.perf_counter() - started
    print(
        f"full recompute, first run (every row written): {full:.1f} s ({result.people:,} people, "
        f"{result.records:,} records, {result.dossiers:,} dossiers)"
    )
    started = time.perf_counter()
    engine.recompute_all()
    print(
        f"full recompute, nightly re-run (only changed rows written): {time.perf_counter() - started:.1f} s"
    )

    person = (
        Person.objects.filter(organisation=refs["police"], record_links__isnull=False).order_by("pk").first()
    )
    timings = []
    for day in range(5):
        t0 = time.perf_counter()
        subject_event_record(
            acting_user=refs["officer"],
            person=person,
            kind="arrest",
            occurred_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=day),
        )
        timings.append((time.perf_counter() - t0) * 1000)
    print(
        f"incremental recompute after one new event (event + recompute, median of 5): "
        f"{statistics.median(timings):.1f} ms"
    )

    try:
        from retention.services.batches import disposal_batches_build
    except ImportError:
        disposal_batches_build = None
    if disposal_batches_build is not None:
        t0 = time.perf_counter()
        built = []
        for org in (refs["police"], refs["vt"]):
            built += disposal_batches_build(organisation=org, today=datetime.date(2026, 11, 23))
        items = sum(b.items_total for b in built)
        print(
            f"disposal batch build: {time.perf_counter() - t0:.1f} s ({len(built)} batches, {items:,} items)"
        )

    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_engine_result")
        cur.execute(
            "CREATE TABLE bench_engine_result AS "
            "SELECT id, retention_due_on, retention_action, retention_version_id FROM records_record"
        )
        cur.execute(HAND_DUE_FUNCTION)
        t0 = time.perf_counter()
        cur.execute(HAND_SQL)
        hand = time.perf_counter() - t0
        cur.execute(
            "SELECT count(*) FROM records_record r JOIN bench_engine_result e ON e.id = r.id "
            "WHERE r.retention_due_on IS DISTINCT FROM e.retention_due_on "
            "OR r.retention_action IS DISTINCT FROM e.retention_action"
        )
        mismatches = cur.fetchone()[0]
        cur.execute("DROP TABLE bench_engine_result")
    records_seconds = full  # the engine's figure includes people and dossiers: a conservative ratio
    print(
        f"hand-written single SQL UPDATE (records only): {hand:.1f} s; ratio engine/hand: "
        f"{records_seconds / hand:.2f}x; rows where the two disagree: {mismatches:,} of {Record.objects.count():,}"
    )
    print(f"peak RSS: {_rss_mb():.0f} MB")
    engine.recompute_all()  # leave the database as the engine computes it
    return 0


if __name__ == "__main__":
    sys.exit(main())
