"""Objections in a given state for the R-CON-7 tests, built through the services as a
caseworker would: logged, identity verified, then weighed."""

import datetime as dt

from auditlog.models import LogEntry

from core.models import DomainEvent
from records.models import DossierEntry, PersonRestriction
from subject_rights.models import (
    Consent,
    ObjectionOutcome,
    ObjectionWeighing,
    ProcessingBasis,
    RequesterRole,
    RequestStatusChange,
    RequestType,
    SubjectRequest,
)
from subject_rights.services.objections import objection_weigh
from tests.subject_rights.conftest import at
from tests.subject_rights.support import request_in_progress

RECEIVED = dt.date(2026, 3, 2)
WEIGHED = dt.date(2026, 3, 16)

PROCESSING = "Sharing the monthly attendance summary with the municipality's youth team."
OBJECTOR_GROUNDS = "The summary was used against me in a custody dispute; the youth team is not involved."
COMPELLING = "The youth team carries out the child-protection measure and needs to know of absences."

TRACKED = (
    ObjectionWeighing,
    SubjectRequest,
    RequestStatusChange,
    PersonRestriction,
    Consent,
    DossierEntry,
    DomainEvent,
    LogEntry,
)


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in TRACKED}


def objection(user, subject, **logged):
    """An objection about ``subject``, logged and verified on RECEIVED, ready to be weighed."""
    values = {"request_type": RequestType.OBJECTION, "details": OBJECTOR_GROUNDS}
    values.update(logged)
    return request_in_progress(user, subject, received_on=RECEIVED, **values)


def by_representative(user, child, parent):
    return objection(
        user,
        child,
        requester_role=RequesterRole.REPRESENTATIVE,
        requester_name=parent.full_name,
        requester_relationship="Mother",
    )


def weigh(user, request, **values):
    """Weigh ``request`` on WEIGHED; by default the organisation continues, with its grounds."""
    arguments = {
        "acting_user": user,
        "request": request,
        "processing": PROCESSING,
        "basis": ProcessingBasis.PUBLIC_TASK,
        "objector_grounds": OBJECTOR_GROUNDS,
        "compelling_grounds": COMPELLING,
        "outcome": ObjectionOutcome.CONTINUE,
        "reasons": "The child's safety outweighs the objection; the summary holds attendance only.",
    }
    arguments.update(values)
    with at(WEIGHED):
        return objection_weigh(**arguments)
