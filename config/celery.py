"""The Celery application. Tasks live in each app's tasks.py and stay thin."""

import os

from celery import Celery

from core import celery_actor

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("retentie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Tasks called with acting_user_id run as that user for django-auditlog.
celery_actor.connect()


@app.task(name="config.ping")
def ping() -> str:
    """A round trip through broker and worker: the CI smoke test and operators call it."""
    return "pong"
