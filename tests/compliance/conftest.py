"""Personas and a hand-built organisation for the compliance figures.

TODAY is frozen (``frozen`` fixture) and PERIOD is the first half of 2026. ``world`` builds
one organisation with exactly the rows each figure's docstring in the tests counts, and the
same kinds of rows in another organisation, which must never be counted.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine

from access_control.models import OrganisationKind, Role
from compliance.periods import Period
from core.models import AccessKind
from records.models import ItemStatus
from retention.models import (
    BatchStatus,
    DisposalAction,
    DisposalItem,
    DueAction,
    HoldAuthority,
    ReviewStatus,
)
from subject_rights.models import RequestStatus
from tests.compliance.factories import (
    AccessLogEntryFactory,
    BreachFactory,
    BreakGlassAccessFactory,
    ConsentFactory,
    DisposalBatchFactory,
    LegalHoldFactory,
    PolicyFactory,
    ProcessingAgreementFactory,
    ReviewFactory,
    SubjectRequestFactory,
    TombstoneFactory,
    at_noon,
)
from tests.factories import DossierFactory, OrganisationFactory, RecordFactory, UnitFactory, UserFactory

TODAY = dt.date(2026, 6, 15)
PERIOD = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 1))


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 6, 15, 11, tzinfo=dt.UTC), tick=False):
        yield TODAY


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Heddlu Test", slug="heddlutest", kind=OrganisationKind.POLICE_FORCE)


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Elsewhere", slug="elsewhere")


@pytest.fixture
def unit(org):
    return UnitFactory(organisation=org, name="Custody unit")


@pytest.fixture
def dpo(org):
    return UserFactory(
        organisation=org, role=Role.DPO, username="dpo", first_name="Dana", last_name="Officer"
    )


@pytest.fixture
def auditor(org):
    return UserFactory(organisation=org, role=Role.AUDITOR, username="auditor")


@pytest.fixture
def caseworker(org, unit):
    return UserFactory(organisation=org, role=Role.CASEWORKER, username="caseworker", units=[unit])


@pytest.fixture
def team_leader(org, unit):
    return UserFactory(
        organisation=org,
        role=Role.TEAM_LEADER,
        username="leader",
        first_name="Lee",
        last_name="Leader",
        units=[unit],
    )


@pytest.fixture
def records_officer(org):
    return UserFactory(organisation=org, role=Role.RECORDS_OFFICER, username="officer")


@pytest.fixture
def outsider_dpo(other_org):
    return UserFactory(organisation=other_org, role=Role.DPO, username="outsider-dpo")


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@dataclass
class World:
    requests: dict
    records: dict
    reviews: dict
    holds: dict
    consents: dict
    users: dict


def _requests(org) -> dict:
    make = SubjectRequestFactory
    return {
        # open, clock running, deadline passed: the one overdue request
        "overdue": make(organisation=org, received_on=dt.date(2026, 5, 1), due_on=dt.date(2026, 6, 1)),
        # extended: its extended deadline is still ahead
        "extended": make(
            organisation=org,
            status=RequestStatus.EXTENDED,
            received_on=dt.date(2026, 4, 20),
            due_on=dt.date(2026, 5, 20),
            extended_due_on=dt.date(2026, 7, 20),
        ),
        # paused: no running clock, so never overdue
        "paused": make(
            organisation=org,
            status=RequestStatus.PAUSED,
            received_on=dt.date(2026, 4, 1),
            due_on=dt.date(2026, 5, 1),
        ),
        # decided on time in March, still open (decided is an open status)
        "on_time": make(
            organisation=org,
            status=RequestStatus.DECIDED,
            received_on=dt.date(2026, 3, 1),
            due_on=dt.date(2026, 3, 15),
            decided_on=dt.date(2026, 3, 10),
        ),
        # decided late in March, completed after 33 days
        "late": make(
            organisation=org,
            status=RequestStatus.FULFILLED,
            received_on=dt.date(2026, 2, 20),
            due_on=dt.date(2026, 3, 15),
            decided_on=dt.date(2026, 3, 20),
            completed_on=dt.date(2026, 3, 25),
        ),
        # decided on time in April, closed after 9 days
        "quick": make(
            organisation=org,
            status=RequestStatus.CLOSED,
            received_on=dt.date(2026, 4, 1),
            due_on=dt.date(2026, 4, 30),
            decided_on=dt.date(2026, 4, 5),
            completed_on=dt.date(2026, 4, 10),
        ),
        # answered before the period: in no period figure
        "last_year": make(
            organisation=org,
            status=RequestStatus.CLOSED,
            received_on=dt.date(2025, 11, 1),
            due_on=dt.date(2025, 12, 1),
            decided_on=dt.date(2025, 12, 20),
            completed_on=dt.date(2025, 12, 21),
        ),
    }


def _records(org) -> dict:
    past = {"retention_action": DueAction.DESTROY, "retention_due_on": dt.date(2026, 5, 1)}
    records = {
        "waiting": RecordFactory(organisation=org, reference="PAST-WAITING", **past),
        "held": RecordFactory(
            organisation=org,
            reference="PAST-HELD",
            retention_action=DueAction.ANONYMISE,
            retention_due_on=dt.date(2026, 5, 1),
        ),
        "in_batch": RecordFactory(organisation=org, reference="PAST-BATCH", **past),
        "due_today": RecordFactory(
            organisation=org,
            reference="DUE-TODAY",
            retention_action=DueAction.DESTROY,
            retention_due_on=TODAY,
        ),
        "disposed": RecordFactory(organisation=org, reference="GONE", status=ItemStatus.DISPOSED, **past),
        "to_review": RecordFactory(
            organisation=org,
            reference="REVIEW",
            retention_action=DueAction.REVIEW,
            retention_due_on=dt.date(2026, 1, 1),
        ),
    }
    batch = DisposalBatchFactory(organisation=org, status=BatchStatus.PROPOSED)
    DisposalItem.objects.create(
        batch=batch,
        record=records["in_batch"],
        reference="PAST-BATCH",
        item_kind="record",
        explanation="Due.",
    )
    records["dossier"] = DossierFactory(
        organisation=org,
        reference="D-PAST",
        retention_action=DueAction.DESTROY,
        retention_due_on=dt.date(2026, 3, 1),
        status="closed",
        report_date=dt.date(2009, 5, 1),
        closed_on=dt.date(2010, 1, 1),
    )
    return records


def _reviews(org, records) -> dict:
    record = records["to_review"]
    return {
        "recent": ReviewFactory(record=record, due_on=dt.date(2026, 6, 10)),  # 5 days: 0-30
        "day_30": ReviewFactory(record=RecordFactory(organisation=org), due_on=dt.date(2026, 5, 16)),  # 0-30
        "day_31": ReviewFactory(record=RecordFactory(organisation=org), due_on=dt.date(2026, 5, 15)),  # 31-90
        "old": ReviewFactory(record=RecordFactory(organisation=org), due_on=dt.date(2025, 1, 1)),  # 366+
        "decided": ReviewFactory(
            record=RecordFactory(organisation=org), due_on=dt.date(2025, 1, 1), status=ReviewStatus.DECIDED
        ),
    }


def _disposals(org) -> None:
    TombstoneFactory(organisation=org, disposed_at=at_noon(dt.date(2026, 3, 10)))
    TombstoneFactory(organisation=org, disposed_at=at_noon(dt.date(2026, 3, 31)))
    TombstoneFactory(
        organisation=org,
        action=DisposalAction.ANONYMISE,
        item_kind="dossier",
        disposed_at=at_noon(dt.date(2026, 4, 2)),
    )
    TombstoneFactory(
        organisation=org, action=DisposalAction.TRANSFER, disposed_at=at_noon(dt.date(2025, 12, 31))
    )


def _consents(org) -> dict:
    return {
        "expiring": ConsentFactory(organisation=org, valid_until=dt.date(2026, 6, 30)),
        "later": ConsentFactory(organisation=org, valid_until=dt.date(2026, 8, 1)),
        "withdrawn_june": ConsentFactory(
            organisation=org, valid_until=dt.date(2026, 6, 20), withdrawn_on=dt.date(2026, 6, 1)
        ),
        "withdrawn_feb": ConsentFactory(organisation=org, withdrawn_on=dt.date(2026, 2, 1)),
        "withdrawn_before": ConsentFactory(
            organisation=org, given_on=dt.date(2025, 1, 1), withdrawn_on=dt.date(2025, 11, 1)
        ),
    }


def _access(org) -> dict:
    users = {name: UserFactory(organisation=org, username=name) for name in ("ann", "bob", "cat", "dan")}
    for name, count in (("ann", 2), ("bob", 2), ("cat", 3), ("dan", 20)):
        AccessLogEntryFactory.create_batch(count, user=users[name])
    AccessLogEntryFactory(user=users["dan"], access=AccessKind.LISTED)  # counted: dan has 21
    AccessLogEntryFactory(user=users["ann"], accessed_at=at_noon(dt.date(2025, 12, 31)))  # before the period
    return users


def _governance(org, users) -> None:
    """Two policies overdue (one reviewed in time), one breach past its 72 hours (one within,
    one decided), one agreement ending within 90 days (one later, one ended)."""
    PolicyFactory(organisation=org, next_review_on=dt.date(2026, 5, 1))
    PolicyFactory(organisation=org, next_review_on=dt.date(2026, 6, 14))
    PolicyFactory(organisation=org, next_review_on=dt.date(2026, 9, 1))
    BreachFactory(organisation=org, aware_at=at_noon(dt.date(2026, 6, 1)))
    BreachFactory(organisation=org, aware_at=at_noon(dt.date(2026, 6, 14)))
    BreachFactory(organisation=org, aware_at=at_noon(dt.date(2026, 6, 1)), authority_decision="not_required")
    ProcessingAgreementFactory(organisation=org, ends_on=dt.date(2026, 8, 1))
    ProcessingAgreementFactory(organisation=org, ends_on=dt.date(2026, 12, 1))
    ProcessingAgreementFactory(organisation=org, ends_on=dt.date(2026, 6, 1))
    # break glass: two openings in the period (one reviewed), one before it
    BreakGlassAccessFactory(user=users["ann"], opened_at=at_noon(dt.date(2026, 5, 2)))
    BreakGlassAccessFactory(
        user=users["bob"], opened_at=at_noon(dt.date(2026, 2, 2)), reviewed_at=at_noon(dt.date(2026, 2, 3))
    )
    BreakGlassAccessFactory(user=users["bob"], opened_at=at_noon(dt.date(2025, 12, 31)))


@pytest.fixture
def world(org, other_org, frozen):
    records = _records(org)
    holds = {
        "cpia": LegalHoldFactory(organisation=org, records=[records["held"]]),
        "litigation": LegalHoldFactory(organisation=org, authority=HoldAuthority.LITIGATION),
        "released": LegalHoldFactory(organisation=org, released_at=at_noon(dt.date(2026, 2, 1))),
    }
    built = World(
        requests=_requests(org),
        records=records,
        reviews=_reviews(org, records),
        holds=holds,
        consents=_consents(org),
        users=_access(org),
    )
    _disposals(org)
    _governance(org, built.users)
    # The other organisation has one of everything; none of it may be counted.
    SubjectRequestFactory(organisation=other_org, received_on=dt.date(2026, 5, 1), due_on=dt.date(2026, 5, 5))
    RecordFactory(
        organisation=other_org, retention_action=DueAction.DESTROY, retention_due_on=dt.date(2026, 1, 1)
    )
    ReviewFactory(record=RecordFactory(organisation=other_org), due_on=dt.date(2025, 1, 1))
    LegalHoldFactory(organisation=other_org)
    TombstoneFactory(organisation=other_org)
    ConsentFactory(organisation=other_org, valid_until=dt.date(2026, 6, 20))
    outsider = UserFactory(organisation=other_org)
    AccessLogEntryFactory.create_batch(50, user=outsider)
    BreakGlassAccessFactory(user=outsider)
    PolicyFactory(organisation=other_org, next_review_on=dt.date(2026, 1, 1))
    BreachFactory(organisation=other_org, aware_at=at_noon(dt.date(2026, 1, 1)))
    ProcessingAgreementFactory(organisation=other_org, ends_on=dt.date(2026, 7, 1))
    return built
