"""Fixtures for the records services and selectors.

Personas: ``caseworker`` (the owner: the acting user, involved in what they create),
``colleague`` (same organisation, not involved), ``outsider`` (another organisation).
``nothing_saved`` asserts a refused call left no row behind: no half-written people,
grants, events or audit entries.
"""

import contextlib

import pytest
from auditlog.models import LogEntry

from access_control.models import OrganisationKind, Role
from core.models import DomainEvent
from records.models import (
    Dossier,
    DossierEntry,
    DossierGroupObjectPermission,
    DossierMember,
    DossierStatusChange,
    DossierUserObjectPermission,
    EntryAttachment,
    InformationAsset,
    Person,
    PersonIdentifier,
    Record,
    RecordCategory,
    RecordCopy,
    RecordGroupObjectPermission,
    RecordSubject,
    RecordUserObjectPermission,
    SubjectEvent,
)
from tests.factories import (
    InformationAssetFactory,
    OrganisationFactory,
    RecordClassFactory,
    UnitFactory,
    UserFactory,
)

TRACKED = (
    Person,
    PersonIdentifier,
    Record,
    RecordSubject,
    RecordCopy,
    SubjectEvent,
    Dossier,
    DossierMember,
    DossierEntry,
    EntryAttachment,
    DossierStatusChange,
    DossierUserObjectPermission,
    DossierGroupObjectPermission,
    RecordUserObjectPermission,
    RecordGroupObjectPermission,
    InformationAsset,
    DomainEvent,
    LogEntry,
)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in TRACKED}


@pytest.fixture
def nothing_saved():
    """``with nothing_saved(): ...`` fails if the block changed the number of any tracked rows."""

    @contextlib.contextmanager
    def check():
        before = row_counts()
        yield
        assert row_counts() == before

    return check


@pytest.fixture
def organisation(db):
    return OrganisationFactory(slug="vt", name="Veilig Thuis", kind=OrganisationKind.VEILIG_THUIS)


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(slug="heddlu", kind=OrganisationKind.POLICE_FORCE, jurisdiction="GB-WLS")


@pytest.fixture
def unit(organisation):
    return UnitFactory(organisation=organisation, name="Team Onderzoek")


@pytest.fixture
def caseworker(organisation, unit):
    return UserFactory(organisation=organisation, role=Role.CASEWORKER, units=[unit])


@pytest.fixture
def colleague(organisation):
    return UserFactory(organisation=organisation, role=Role.CASEWORKER)


@pytest.fixture
def outsider(other_organisation):
    return UserFactory(organisation=other_organisation, role=Role.CASEWORKER)


@pytest.fixture
def policing_class(organisation):
    return RecordClassFactory(
        organisation=organisation, code="MOPI-3", category=RecordCategory.POLICING_PURPOSE
    )


@pytest.fixture
def business_class(organisation):
    return RecordClassFactory(organisation=organisation, code="CORP-FIN", category=RecordCategory.BUSINESS)


@pytest.fixture
def asset(organisation):
    return InformationAssetFactory(organisation=organisation, name="Records system")
