"""Issue 7: the API as a client sees it at 1,000,000 records: `python -m bench.api_load`
(PostgreSQL only; run `python -m bench.pages` or `python -m bench.retention` first to build
the data, or pass --build).

Starts gunicorn (``--workers``, default 4) on a free local port against DATABASE_URL, with
the API throttle raised out of the way, and talks HTTP to it with a bearer token of an API
client holding ``records:read``:

- p50/p95 of a filtered list (first page of 25) and of a detail read (random records), one
  request at a time;
- requests per second with ``--clients`` (default 4) threads hammering each for
  ``--seconds``.

Goals: p95 <= 50 ms for the detail, <= 100 ms for the list.
"""

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time

DETAIL_GOAL_MS, LIST_GOAL_MS = 50.0, 100.0
LISTS = {
    "filtered list (record_class=MOPI-2, status=live)": "/api/v1/records/?record_class=MOPI-2&status=live",
    "filtered list (MOPI-1 created in 2010)": (
        "/api/v1/records/?record_class=MOPI-1&created_on_after=2010-01-01&created_on_before=2010-12-31"
    ),
}


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _token() -> str:
    from access_control.models import Organisation
    from api.models import ApiClient
    from api.scopes import Scope
    from api.services import api_client_create, api_token_issue

    police = Organisation.objects.get(slug="bench-police")
    client = ApiClient.objects.filter(organisation=police, name="bench-api-client").first()
    if client is None:
        client = api_client_create(
            acting_user=None, organisation=police, name="bench-api-client", scopes=[Scope.RECORDS_READ]
        )
    return api_token_issue(acting_user=None, client=client).plaintext


class Server:
    """gunicorn on a free port; stopped (by its own pid) when the benchmark ends."""

    def __init__(self, workers: int):
        self.port = _free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            "API_THROTTLE_RATE": "100000000/minute",
        }
        command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", str(workers)]
        command += ["--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"]
        self.process = subprocess.Popen(command, env=env)  # noqa: S603 - our own interpreter and module
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get("/health/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise SystemExit("gunicorn did not answer /health/ within 60 s")

    def get(self, path: str, token: str | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _checked(server: Server, path: str, token: str) -> bytes:
    status, body = server.get(path, token)
    if status != 200:
        raise SystemExit(f"{path} answered {status}: {body[:300]!r}")
    return body


def _throughput(server: Server, paths, token: str, *, clients: int, seconds: float) -> float:
    done = [0] * clients
    errors: list[str] = []
    stop_at = time.monotonic() + seconds

    def hammer(index: int) -> None:
        rng = random.Random(index)  # noqa: S311 - load generation, not security
        while time.monotonic() < stop_at:
            status, _ = server.get(rng.choice(paths), token)
            if status != 200:
                errors.append(str(status))
                return
            done[index] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=hammer, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"throughput run failed: HTTP {errors[0]}")
    return sum(done) / (time.monotonic() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--build", action="store_true", help="build the data set first (bench/data.py)")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("bench.api_load: set DATABASE_URL to a scratch PostgreSQL database", file=sys.stderr)
        return 2
    _setup_django()
    from django.core.management import call_command
    from django.db import connection

    from bench.data import build
    from bench.timing import measure, verdict
    from records.models import Record

    call_command("migrate", verbosity=0)
    if args.build:
        build(
            records=args.records,
            people=args.records // 5,
            dossiers=args.records // 10,
            events=args.records * 3 // 10,
        )
    token = _token()
    ids = list(Record.objects.filter(organisation__slug="bench-police").values_list("pk", flat=True)[::997])
    connection.close()
    print(
        f"{Record.objects.count():,} records; API client with records:read; gunicorn --workers {args.workers}"
    )
    connection.close()
    rng = random.Random(7)  # noqa: S311
    detail_paths = [f"/api/v1/records/{pk}/" for pk in rng.sample(ids, min(500, len(ids)))]
    server = Server(args.workers)
    try:
        rows = json.loads(_checked(server, next(iter(LISTS.values())), token))["results"]
        print(f"first page of the list: {len(rows)} rows")
        for label, path in LISTS.items():
            p50, p95 = measure(lambda p=path: _checked(server, p, token), repeat=args.repeat)
            print(f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms; {verdict(p95, LIST_GOAL_MS)}")
        p50, p95 = measure(lambda: _checked(server, rng.choice(detail_paths), token), repeat=args.repeat)
        print(
            f"detail read (random records): p50 {p50:.1f} ms, p95 {p95:.1f} ms; {verdict(p95, DETAIL_GOAL_MS)}"
        )
        for label, paths in (("detail reads", detail_paths), ("filtered lists", list(LISTS.values()))):
            rps = _throughput(server, paths, token, clients=args.clients, seconds=args.seconds)
            print(f"throughput, {args.clients} concurrent clients, {label}: {rps:.0f} requests/s")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
