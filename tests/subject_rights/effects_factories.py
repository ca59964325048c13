"""Households, records and decided requests for the effect tests (R-DSR-3..10).

Everything is built through the services where a rule depends on it (requests are logged,
verified and decided as a caseworker would); plain rows use the shared factories.
"""

import datetime as dt
from types import SimpleNamespace

from auditlog.models import LogEntry

from core.models import DomainEvent
from records.models import (
    DataCorrection,
    Dossier,
    DossierEntry,
    DossierMember,
    EntryKind,
    EntryNature,
    MemberRole,
    Person,
    PersonRestriction,
    RecipientNotification,
    Record,
    RecordSubject,
    RepresentativeLimitation,
    RightsInformation,
    SubjectDataRemoval,
    SubjectEvent,
)
from retention.models import DisposalBatch, Tombstone
from subject_rights.models import Decision, RequestStatusChange, SubjectRequest
from subject_rights.services import subject_request_decide
from tests.factories import (
    DossierEntryFactory,
    DossierFactory,
    DossierMemberFactory,
    PersonFactory,
    RecordFactory,
    RecordSubjectFactory,
    SubjectEventFactory,
)
from tests.subject_rights.conftest import at
from tests.subject_rights.support import request_in_progress

RECEIVED = dt.date(2026, 3, 2)
DECIDED = dt.date(2026, 3, 10)

TRACKED = (
    Person,
    Dossier,
    DossierMember,
    DossierEntry,
    Record,
    RecordSubject,
    SubjectEvent,
    PersonRestriction,
    SubjectDataRemoval,
    DataCorrection,
    RecipientNotification,
    RightsInformation,
    RepresentativeLimitation,
    DisposalBatch,
    Tombstone,
    SubjectRequest,
    RequestStatusChange,
    DomainEvent,
    LogEntry,
)


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in TRACKED}


def decided(user, subject, request_type, *, decision=Decision.GRANT, decider=None, logged=None, **decide):
    """A request of ``request_type`` about ``subject``, logged by ``user`` (with ``logged``
    intake fields) and decided with ``decide``."""
    request = request_in_progress(
        user, subject, received_on=RECEIVED, request_type=request_type, **(logged or {})
    )
    values = {"reasons": "Checked against the file and the subject's account."}
    if decision != Decision.GRANT:
        values["grounds"] = decide.pop("grounds", ["other"])
    values.update(decide)
    with at(DECIDED):
        return subject_request_decide(
            acting_user=decider or user, request=request, decision=decision, **values
        )


def household(organisation, subject, *, author):
    """A household dossier: the subject (a parent), their partner and a child.

    Entries: one about the subject only (with a shared-with-third-party entry about them to
    the GGD), one about the child only, and the report about everyone.
    """
    dossier = DossierFactory(organisation=organisation, reference="VT-2026-00001", household_name="Jansen")
    me = DossierMemberFactory(dossier=dossier, person=subject, role=MemberRole.PARENT_CARER)
    partner = DossierMemberFactory(
        dossier=dossier,
        # A fixed adult date of birth: a random one could make the partner a child (R-DSR-7).
        person=PersonFactory(
            organisation=organisation,
            given_names="Piet",
            family_name="Jansen",
            date_of_birth=dt.date(1982, 3, 14),
        ),
        role=MemberRole.PARENT_CARER,
    )
    kid = DossierMemberFactory(
        dossier=dossier,
        person=PersonFactory(
            organisation=organisation,
            given_names="Sam",
            family_name="Jansen",
            date_of_birth=dt.date(2016, 5, 10),
        ),
        role=MemberRole.CHILD,
    )
    entry = lambda **kw: DossierEntryFactory(dossier=dossier, author=author, **kw)  # noqa: E731
    return SimpleNamespace(
        dossier=dossier,
        me=me,
        partner=partner,
        kid=kid,
        report=entry(kind=EntryKind.REPORT, body="Neighbour reported shouting.", concerns=[me, partner, kid]),
        mine=entry(kind=EntryKind.INVESTIGATION, body="Eva works nights at the hospital.", concerns=[me]),
        opinion=entry(
            kind=EntryKind.SAFETY_ASSESSMENT,
            nature=EntryNature.OPINION,
            body="Eva seems unable to cope.",
            concerns=[me],
        ),
        shared=entry(
            kind=EntryKind.SHARED_WITH_THIRD_PARTY,
            body="Summary given to the GGD.",
            recipient="GGD Brabant-Zuidoost",
            concerns=[me],
        ),
        kids=entry(kind=EntryKind.STEP_AGREEMENT, body="Sam goes to after-school care.", concerns=[kid]),
    )


def sole_dossier(organisation, subject, *, author, reference="VT-2026-00009"):
    dossier = DossierFactory(organisation=organisation, reference=reference, household_name="Alone")
    me = DossierMemberFactory(dossier=dossier, person=subject, role=MemberRole.PARENT_CARER)
    DossierEntryFactory(dossier=dossier, author=author, body="Only about the subject.", concerns=[me])
    return dossier


def records_about(organisation, subject):
    """A record about the subject alone, and one shared with someone else (with events)."""
    own = RecordFactory(
        organisation=organisation, reference="REC-OWN", record_class__organisation=organisation
    )
    RecordSubjectFactory(record=own, person=subject)
    shared = RecordFactory(
        organisation=organisation, reference="REC-SHARED", record_class__organisation=organisation
    )
    RecordSubjectFactory(record=shared, person=subject)
    RecordSubjectFactory(record=shared, person=PersonFactory(organisation=organisation))
    event = SubjectEventFactory(person=subject, record=shared, organisation=organisation)
    return SimpleNamespace(own=own, shared=shared, event=event)
