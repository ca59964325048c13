"""The steps a demo request goes through, each one a call to the real service.

A demo request is identified by its ``details`` text within its organisation: when a request
with that text exists, nothing is done for it, so ``seed_demo`` run twice adds nothing. All
dates are relative to ``today``; where a service stamps today itself (decisions, fulfilment)
the demo simply lets it.
"""

import datetime
from dataclasses import dataclass

from access_control.models import User
from records.demo.common import acting_as
from records.models import Person
from subject_rights.models import RequesterRole, RequestStatus, SubjectRequest
from subject_rights.services import (
    subject_request_create,
    subject_request_extend,
    subject_request_identity_verify,
    subject_request_pause,
    subject_request_transition,
)


@dataclass(frozen=True)
class DemoRequest:
    """One request as the requester sent it; ``details`` is also its idempotency key."""

    request_type: str
    subject: Person
    details: str
    received_days_ago: int
    channel: str
    requester_role: str = RequesterRole.SUBJECT
    requester_name: str = ""
    requester_relationship: str = ""
    requester_contact: str = ""


def demo_request_exists(organisation_id: int, details: str) -> bool:
    return SubjectRequest.objects.filter(organisation_id=organisation_id, details=details).exists()


def received(actor: User, spec: DemoRequest, *, today: datetime.date) -> SubjectRequest:
    """Log the request as received (R-DSR-7 capacity and entitlement are checked here)."""
    with acting_as(actor):
        return subject_request_create(
            acting_user=actor,
            subject=spec.subject,
            request_type=spec.request_type,
            requester_role=spec.requester_role,
            requester_name=spec.requester_name,
            requester_relationship=spec.requester_relationship,
            requester_contact=spec.requester_contact,
            details=spec.details,
            received_on=today - datetime.timedelta(days=spec.received_days_ago),
            channel=spec.channel,
        )


def verified(actor: User, request: SubjectRequest, *, method: str, note: str = "") -> SubjectRequest:
    """Identity (and for a representative or agent, their authority) checked on receipt (R-DSR-9)."""
    proven = request.received_on if request.requester_role != RequesterRole.SUBJECT else None
    with acting_as(actor):
        return subject_request_identity_verify(
            acting_user=actor, request=request, method=method, note=note, representation_proven_on=proven
        )


def awaiting_identity(actor: User, request: SubjectRequest, *, asked: str) -> SubjectRequest:
    with acting_as(actor):
        return subject_request_transition(
            acting_user=actor, request=request, new_status=RequestStatus.AWAITING_IDENTITY, reason=asked
        )


def paused(actor: User, request: SubjectRequest, *, question: str, asked_on: datetime.date) -> SubjectRequest:
    with acting_as(actor):
        return subject_request_pause(acting_user=actor, request=request, question=question, asked_on=asked_on)


def extended(
    actor: User, request: SubjectRequest, *, reason: str, notified_on: datetime.date
) -> SubjectRequest:
    with acting_as(actor):
        return subject_request_extend(
            acting_user=actor, request=request, reason=reason, notified_on=notified_on
        )


def fulfilled(actor: User, request: SubjectRequest) -> SubjectRequest:
    with acting_as(actor):
        return subject_request_transition(
            acting_user=actor, request=request, new_status=RequestStatus.FULFILLED
        )
