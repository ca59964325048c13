"""A Celery app module for test_celery_broker: the project's app plus one probe task.

The worker started by that test loads this module (``celery -A tests.infra.celery_probe``).
"""

from config.celery import app
from core.request_context import current_request_id

__all__ = ["app", "request_id_probe"]


@app.task(name="tests.infra.request_id_probe")
def request_id_probe() -> str:
    return current_request_id()
