"""Celery task of the disclosure pack. Thin: take ids, re-fetch, call the service.

acks_late (the project default): a worker lost mid-render leaves the message to be
redelivered; the service claims the pack again and a finished pack is left alone.
"""

from celery import shared_task
from django.contrib.auth import get_user_model

from subject_rights.services.disclosure import disclosure_pack_render


@shared_task(name="subject_rights.disclosure_pack_render", acks_late=True)
def disclosure_pack_render_task(output_id: int, acting_user_id: int) -> str:
    acting_user = get_user_model().objects.get(pk=acting_user_id)
    return disclosure_pack_render(acting_user=acting_user, output_id=output_id).status
