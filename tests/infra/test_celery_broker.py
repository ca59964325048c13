"""The embedded default really delivers: web process -> filesystem broker -> worker.

``make run`` has no Redis: kombu's filesystem transport under VAR_DIR carries the
messages. A worker and a sender run as separate processes on the embedded default
settings, as honcho runs them.
"""

import os
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

SENDER = textwrap.dedent(
    """
    import django

    django.setup()

    from config.celery import ping
    from core.request_context import set_request_id
    from tests.infra.celery_probe import request_id_probe

    print(ping.delay().get(timeout=60))
    # No request active: the task runs under its own id.
    unbound = request_id_probe.delay()
    print("own-id" if unbound.get(timeout=60) == unbound.id else "other-id")
    # Enqueued during a request: the worker runs it under that request's id.
    set_request_id("web-request-7")
    print(request_id_probe.delay().get(timeout=60))
    """
)


@pytest.fixture
def embedded_env(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.pop("CELERY_BROKER_URL", None)
    env.pop("CELERY_RESULT_BACKEND", None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        VAR_DIR=str(tmp_path),
        PYTHONPATH=str(settings.BASE_DIR),
    )
    return env


@pytest.fixture
def worker(embedded_env):
    process = subprocess.Popen(  # noqa: S603 - fixed argument list
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tests.infra.celery_probe",
            "worker",
            "--pool",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ],
        cwd=settings.BASE_DIR,
        env=embedded_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield process
    process.terminate()
    process.wait(timeout=30)


def test_it_delivers_a_task_from_a_web_process_to_the_worker(worker, embedded_env):
    result = subprocess.run(  # noqa: S603 - fixed argument list
        [sys.executable, "-c", SENDER],
        cwd=settings.BASE_DIR,
        env=embedded_env,
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["pong", "own-id", "web-request-7"]
