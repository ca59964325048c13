"""Celery tasks of disposal execution. Thin: take ids, re-fetch, call the service.

acks_late (also the project default): a worker killed mid-batch leaves the message to be
redelivered, and the service resumes the batch from the database state.
"""

from celery import shared_task
from django.contrib.auth import get_user_model

from retention.services.execution import disposal_batch_execute, disposal_batches_resume_stalled


@shared_task(name="retention.disposal_batch_execute", acks_late=True)
def disposal_batch_execute_task(batch_id: int, acting_user_id: int) -> str:
    acting_user = get_user_model().objects.get(pk=acting_user_id)
    batch = disposal_batch_execute(acting_user=acting_user, batch_id=batch_id)
    return batch.status


@shared_task(name="retention.disposal_batches_resume_stalled")
def disposal_batches_resume_stalled_task() -> int:
    return disposal_batches_resume_stalled()
