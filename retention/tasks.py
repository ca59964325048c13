"""Celery tasks of the retention engine: thin, taking ids, calling services (STYLE.md 3).

Both are safe to redeliver (acks_late): the sweep takes a lock and its steps are
idempotent; a recompute writes the same dates twice.
"""

import datetime

from celery import shared_task

from retention import (
    engine,
    tasks_disposal,  # noqa: F401 - autodiscovery finds only tasks.py; register these too
)
from retention.services.sweep import retention_sweep_run


@shared_task(name="retention.sweep", acks_late=True)
def retention_sweep(organisation_id: int | None = None, today: str | None = None) -> dict:
    """The nightly sweep (beat: CELERY_BEAT_SCHEDULE). ``today`` as YYYY-MM-DD, for re-runs."""
    day = datetime.date.fromisoformat(today) if today else None
    return retention_sweep_run(organisation_id=organisation_id, today=day).as_dict()


@shared_task(name="retention.recompute_people", acks_late=True)
def retention_recompute_people(person_ids: list[int]) -> dict:
    """Recompute these people and every record about them (a new event or subject link)."""
    result = engine.recompute_for_people([int(pk) for pk in person_ids])
    return {"people": result.people, "records": result.records}
