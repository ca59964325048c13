"""Which domain events become webhook events, and what their payloads say.

Payloads carry identifiers, references and states, never personal data (names, texts): a
receiver that needs more reads it through the API with its own scopes, and that read is
access-logged. Each payload is built inside the transaction of the domain event, so it
describes the change as it was committed.
"""

from api.webhooks.models import WebhookEvent
from core.models import DomainEvent

_DISPOSAL_VERBS = {
    "disposal_item.destroyed": WebhookEvent.ITEM_DESTROYED,
    "disposal_item.anonymised": WebhookEvent.ITEM_ANONYMISED,
    "disposal_item.transferred": WebhookEvent.ITEM_TRANSFERRED,
}
_HOLD_VERBS = {
    "legal_hold.placed": WebhookEvent.HOLD_PLACED,
    "legal_hold.released": WebhookEvent.HOLD_RELEASED,
}


def _request_status(verb: str) -> str | None:
    from subject_rights.models import RequestStatus

    if not verb.startswith("subject_request."):
        return None
    suffix = verb.removeprefix("subject_request.")
    if suffix == "created":
        return RequestStatus.RECEIVED
    return suffix if suffix in RequestStatus.values else None


def webhook_event_type(event: DomainEvent) -> str | None:
    """The webhook event type ``event`` is reported as, or None if it is not reported."""
    if _request_status(event.verb) is not None:
        return WebhookEvent.SUBJECT_REQUEST_STATUS_CHANGED
    return _DISPOSAL_VERBS.get(event.verb) or _HOLD_VERBS.get(event.verb)


def _subject_request_data(event: DomainEvent) -> dict:
    from subject_rights.models import SubjectRequest

    request = SubjectRequest.objects.get(pk=int(event.target_id))
    return {
        "id": request.pk,
        "reference": request.reference,
        "request_type": request.request_type,
        "status": _request_status(event.verb),
        "previous_status": event.data.get("from", ""),
        "due_on": request.current_due_on.isoformat() if request.current_due_on else None,
    }


def _disposal_data(event: DomainEvent) -> dict:
    from retention.models import DisposalBatch, DisposalItem

    item = DisposalItem.objects.get(pk=event.data["item"])
    batch = DisposalBatch.objects.get(pk=int(event.target_id))
    # The row itself may be gone (destroyed): the receiver knows it by kind and reference.
    return {
        "item_kind": item.item_kind,
        "reference": item.reference,
        "action": event.data.get("action", batch.action),
        "batch": batch.number,
    }


def _hold_data(event: DomainEvent) -> dict:
    from retention.models import LegalHold

    hold = LegalHold.objects.get(pk=int(event.target_id))
    return {
        "id": hold.pk,
        "authority": hold.authority,
        "authority_reference": hold.authority_reference,
        "records": [
            {"id": pk, "reference": ref}
            for pk, ref in hold.records.order_by("pk").values_list("pk", "reference")
        ],
        "dossiers": [
            {"id": pk, "reference": ref}
            for pk, ref in hold.dossiers.order_by("pk").values_list("pk", "reference")
        ],
        "people": list(hold.people.order_by("pk").values_list("pk", flat=True)),
        "is_active": hold.released_at is None,
    }


def webhook_payload(event: DomainEvent, event_type: str) -> dict:
    if event_type == WebhookEvent.SUBJECT_REQUEST_STATUS_CHANGED:
        data = _subject_request_data(event)
    elif event_type in (WebhookEvent.HOLD_PLACED, WebhookEvent.HOLD_RELEASED):
        data = _hold_data(event)
    else:
        data = _disposal_data(event)
    return {
        "event": event_type,
        "occurred_at": event.created_at.isoformat(),
        "domain_event": event.pk,
        "data": data,
    }
