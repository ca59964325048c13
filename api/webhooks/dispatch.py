"""Turn domain events into webhook deliveries (R-REC-4: the source system hears of a
destruction and destroys its own copy).

The services already write a ``core.DomainEvent`` for every change, inside their own
transaction. A receiver of its ``post_save`` writes the deliveries in that same
transaction and enqueues their sending with ``transaction.on_commit``: a change that rolls
back takes its deliveries with it and nothing is sent. Only events of the subscription's
own organisation are delivered to it.
"""

from django.db import transaction
from django.db.models.signals import post_save

from core.models import DomainEvent

DISPATCH_UID = "api.webhooks.dispatch"


def _enqueue(delivery_ids: list[int]) -> None:
    from api.tasks import webhook_deliver

    for delivery_id in delivery_ids:
        webhook_deliver.delay(delivery_id)


def _on_domain_event(sender, instance: DomainEvent, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    from api.services.webhooks import webhook_deliveries_create

    delivery_ids = webhook_deliveries_create(event=instance)
    if delivery_ids:
        transaction.on_commit(lambda: _enqueue(delivery_ids))


def connect() -> None:
    post_save.connect(_on_domain_event, sender=DomainEvent, weak=False, dispatch_uid=DISPATCH_UID)
