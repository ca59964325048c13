"""Writing domain events. Call inside the service's transaction."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.models import DomainEvent
from core.request_context import current_request_id


def domain_event_record(
    *,
    acting_user,
    verb: str,
    target: models.Model | None = None,
    organisation=None,
    reason: str = "",
    legal_basis: str = "",
    data: dict[str, Any] | None = None,
) -> DomainEvent:
    if organisation is None and target is not None:
        organisation = getattr(target, "organisation", None)
    return DomainEvent.objects.create(
        organisation=organisation,
        actor=acting_user if getattr(acting_user, "pk", None) else None,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        reason=reason,
        legal_basis=legal_basis,
        request_id=current_request_id(),
        data=data or {},
    )
