"""Building requests in a given state through the services, as a caseworker would."""

import datetime as dt

from subject_rights.models import Channel, IdentityMethod, RequesterRole, RequestType
from subject_rights.services import (
    subject_request_create,
    subject_request_identity_verify,
    subject_request_transition,
)
from tests.subject_rights.conftest import at


def log_request(user, subject, *, received_on=dt.date(2026, 3, 2), **kwargs):
    """A request received and logged on ``received_on``; by default the subject's own access request."""
    values = {
        "acting_user": user,
        "subject": subject,
        "request_type": RequestType.ACCESS,
        "requester_role": RequesterRole.SUBJECT,
        "received_on": received_on,
        "channel": Channel.LETTER,
    }
    values.update(kwargs)
    with at(received_on):
        return subject_request_create(**values)


def request_in_progress(user, subject, *, received_on=dt.date(2026, 3, 2), **kwargs):
    request = log_request(user, subject, received_on=received_on, **kwargs)
    verify = {"acting_user": user, "request": request, "method": IdentityMethod.PHOTO_ID_SEEN}
    if request.requester_role != RequesterRole.SUBJECT:
        verify["representation_proven_on"] = received_on
    with at(received_on):
        return subject_request_identity_verify(**verify)


def awaiting_identity(user, subject, *, received_on=dt.date(2026, 3, 2), **kwargs):
    request = log_request(user, subject, received_on=received_on, **kwargs)
    with at(received_on):
        return subject_request_transition(
            acting_user=user,
            request=request,
            new_status="awaiting_identity",
            reason="Asked for a copy of a passport or driving licence.",
        )
