"""Celery tasks of the API app: webhook delivery. Thin: take ids, call the service."""

import datetime

from celery import shared_task
from django.conf import settings

from api.services.webhooks import webhook_deliveries_stalled, webhook_delivery_attempt


class WebhookRetry(Exception):  # noqa: N818 - Celery's autoretry trigger, not a fault
    """The receiver did not take the delivery; try again later."""


@shared_task(
    bind=True,
    name="api.webhook_deliver",
    acks_late=True,
    autoretry_for=(WebhookRetry,),
    # Exponential backoff: WEBHOOK_RETRY_BACKOFF_SECONDS, doubled per failure, capped at an
    # hour; no jitter, so the "next attempt" in the delivery log is the real one.
    retry_backoff=settings.WEBHOOK_RETRY_BACKOFF_SECONDS,
    retry_backoff_max=3600,
    retry_jitter=False,
    # The delivery row counts the attempts and gives up at WEBHOOK_MAX_ATTEMPTS; Celery's own
    # count would restart with a redelivered message.
    max_retries=None,
)
def webhook_deliver(self, delivery_id: int) -> str:
    outcome = webhook_delivery_attempt(delivery_id=delivery_id)
    if outcome.retry:
        raise WebhookRetry(outcome.error)
    return outcome.status


@shared_task(name="api.webhook_deliveries_resume")
def webhook_deliveries_resume() -> int:
    """Beat: re-enqueue pending deliveries whose task message was lost (e.g. broker down)."""
    stalled = webhook_deliveries_stalled(older_than=datetime.timedelta(minutes=10))
    for delivery_id in stalled:
        webhook_deliver.delay(delivery_id)
    return len(stalled)
