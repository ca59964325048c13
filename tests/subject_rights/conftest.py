"""Fixtures for data-subject requests and the consent register.

Personas: ``caseworker`` (the owner: logs and handles the request), ``colleague`` (same
organisation, not involved: refused), ``outsider`` (another organisation: refused), plus
the ``team_leader`` (R-DSR-8 decisions) and the ``dpo`` (policies, oversight).
``at(day)`` freezes the clock on a date; ``nothing_saved`` asserts a refused call left no
row behind.
"""

import contextlib
import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from auditlog.models import LogEntry

from access_control.models import OrganisationKind, Role
from core.models import DomainEvent
from subject_rights.models import (
    Consent,
    ConsentSignatory,
    DeadlinePolicy,
    LegalRelation,
    RequestPause,
    RequestStatusChange,
    SubjectRequest,
)
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

TRACKED = (
    SubjectRequest,
    RequestStatusChange,
    RequestPause,
    DeadlinePolicy,
    LegalRelation,
    Consent,
    ConsentSignatory,
    DomainEvent,
    LogEntry,
)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in TRACKED}


@pytest.fixture
def nothing_saved():
    @contextlib.contextmanager
    def check():
        before = row_counts()
        yield
        assert row_counts() == before

    return check


@contextlib.contextmanager
def at(day: dt.date):
    """Freeze the clock at noon (UTC, so the same date in Europe/London) on ``day``."""
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def veilig_thuis(db):
    return OrganisationFactory(
        slug="vt", name="Veilig Thuis", kind=OrganisationKind.VEILIG_THUIS, jurisdiction="NL"
    )


@pytest.fixture
def police(db):
    return OrganisationFactory(
        slug="heddlu", name="Heddlu", kind=OrganisationKind.POLICE_FORCE, jurisdiction="GB-WLS"
    )


@pytest.fixture
def school(db):
    return OrganisationFactory(
        slug="school", name="Goldwyn School", kind=OrganisationKind.SCHOOL, jurisdiction="GB-ENG"
    )


@pytest.fixture
def partnership(db):
    return OrganisationFactory(
        slug="swv", name="Samenwerkingsverband", kind=OrganisationKind.SCHOOL_PARTNERSHIP, jurisdiction="NL"
    )


@pytest.fixture
def caseworker(veilig_thuis):
    return UserFactory(organisation=veilig_thuis, role=Role.CASEWORKER)


@pytest.fixture
def colleague(veilig_thuis):
    return UserFactory(organisation=veilig_thuis, role=Role.CASEWORKER)


@pytest.fixture
def team_leader(veilig_thuis):
    return UserFactory(organisation=veilig_thuis, role=Role.TEAM_LEADER)


@pytest.fixture
def dpo(veilig_thuis):
    return UserFactory(organisation=veilig_thuis, role=Role.DPO)


@pytest.fixture
def outsider(police):
    return UserFactory(organisation=police, role=Role.CASEWORKER)


@pytest.fixture
def adult(veilig_thuis):
    """A subject of 40 in 2026: acts alone (R-DSR-7)."""
    return PersonFactory(
        organisation=veilig_thuis, given_names="Eva", family_name="Jansen", date_of_birth=dt.date(1986, 5, 5)
    )


@pytest.fixture
def child(veilig_thuis):
    """Born 10-05-2016: 9 in early 2026, so the representatives act (R-DSR-7)."""
    return PersonFactory(
        organisation=veilig_thuis, given_names="Sam", family_name="Jansen", date_of_birth=dt.date(2016, 5, 10)
    )


@pytest.fixture
def staff(partnership):
    return UserFactory(organisation=partnership, role=Role.CASEWORKER)


@pytest.fixture
def family(partnership):
    def person(given, born=dt.date(1985, 1, 1)):
        return PersonFactory(
            organisation=partnership, given_names=given, family_name="Bakker", date_of_birth=born
        )

    # Noor is 9 on 02-03-2026, the day the consents in these tests are given.
    return SimpleNamespace(
        pupil=person("Noor", dt.date(2017, 3, 1)),
        mother=person("Anna"),
        father=person("Joris"),
        guardian=person("Petra"),
        foster=person("Mila"),
        ots=person("Kees"),
    )
