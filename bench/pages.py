"""Issue 5: a caseworker's list pages and the equivalent API lists at 1,000,000 records
with 10,000 users: `python -m bench.pages` (PostgreSQL only).

The requests go through the whole Django stack in-process (django.test.Client: every
middleware, the involvement filter in SQL, the access log written for the listed rows). For
each page it prints the query count once on a tiny data set (10 rows) and once on the full
one, then p50/p95 over ``--repeat`` requests. Goal: p95 <= 100 ms.
"""

import argparse
import os
import sys

GOAL_MS = 100.0


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()


def _pages() -> list[tuple[str, str, str]]:
    """(label, persona, url): the VT caseworker's dossiers, the police caseworker's records."""
    return [
        ("dossier list page", "vt", "/dossiers/"),
        ("dossier list API (session)", "vt", "/api/v1/dossiers/"),
        ("record list page", "police", "/records/"),
        ("record list API (session)", "police", "/api/v1/records/"),
    ]


def _caseworker(slug: str):
    from access_control.models import User

    return User.objects.filter(username__startswith=f"bench-{slug}-user-", role="caseworker").order_by("pk")[
        0
    ]


def _clients() -> dict:
    from django.test import Client

    clients = {}
    for slug in ("vt", "police"):
        client = Client()
        client.force_login(_caseworker(slug))
        clients[slug] = client
    return clients


def _get(client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return response


def query_counts() -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clients = _clients()
    counts = {}
    for label, persona, url in _pages():
        _get(clients[persona], url)  # warm: session, content types
        with CaptureQueriesContext(connection) as queries:
            _get(clients[persona], url)
        counts[label] = len(queries)
    return counts


def visible_rows(url: str, persona: str) -> int:
    from records.selectors import dossiers_visible_to, records_visible_to

    user = _caseworker(persona)
    rows = dossiers_visible_to(user) if "dossier" in url else records_visible_to(user)
    return rows.count()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=300_000)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--skip-build", action="store_true", help="reuse the data already in the database")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("bench.pages: set DATABASE_URL to a scratch PostgreSQL database", file=sys.stderr)
        return 2
    _setup_django()
    from django.core.management import call_command

    from bench.data import build
    from bench.people import build_people
    from bench.timing import measure, verdict

    call_command("migrate", verbosity=0)
    small_counts = None
    if not args.skip_build:
        # Small: the measured caseworker is involved in all 10 records / all 10 dossiers.
        refs = build(records=10, people=10, dossiers=10, events=10)
        build_people(users=args.users, police=refs["police"], vt=refs["vt"], spread=1)
        small_counts = query_counts()
        refs = build(records=args.records, people=args.people, dossiers=args.dossiers, events=args.events)
        build_people(users=args.users, police=refs["police"], vt=refs["vt"])
    counts = query_counts()
    clients = _clients()
    for label, persona, url in _pages():
        p50, p95 = measure(lambda c=clients[persona], u=url: _get(c, u), repeat=args.repeat)
        small = f"{small_counts[label]} at 10 rows, " if small_counts else ""
        print(
            f"{label} ({url}, caseworker sees {visible_rows(url, persona):,} rows): "
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms; queries: {small}{counts[label]} at full size; "
            f"{verdict(p95, GOAL_MS)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
