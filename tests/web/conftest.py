"""Personas and data for the browser pages.

owner: a caseworker involved in the dossier/record (R-ACC-5); colleague: same
organisation, not involved, must get 404; outsider: another organisation, must get 404.
"""

import datetime

import pytest

from access_control.models import Role
from records.models import MemberRole
from tests.factories import (
    DossierFactory,
    DossierMemberFactory,
    InformationAssetFactory,
    OrganisationFactory,
    PersonFactory,
    RecordClassFactory,
    RecordFactory,
    RecordSubjectFactory,
    UnitFactory,
    UserFactory,
    grant,
)


@pytest.fixture
def org():
    return OrganisationFactory(name="Veilig Thuis Test", slug="vttest")


@pytest.fixture
def unit(org):
    return UnitFactory(organisation=org, name="Team North")


@pytest.fixture
def owner(org, unit):
    return UserFactory(
        organisation=org, role=Role.CASEWORKER, units=[unit], first_name="Olga", last_name="Owner"
    )


@pytest.fixture
def colleague(org):
    return UserFactory(organisation=org, role=Role.CASEWORKER, first_name="Cees", last_name="Colleague")


@pytest.fixture
def outsider():
    return UserFactory(role=Role.CASEWORKER, first_name="Otto", last_name="Outsider")


@pytest.fixture
def dpo(org):
    return UserFactory(organisation=org, role=Role.DPO)


@pytest.fixture
def records_officer(org):
    return UserFactory(organisation=org, role=Role.RECORDS_OFFICER)


@pytest.fixture
def record_class(org):
    return RecordClassFactory(organisation=org, code="VT-DOS", name="Household dossier")


@pytest.fixture
def asset(org):
    return InformationAssetFactory(organisation=org, name="Case files")


@pytest.fixture
def dossier(org, owner):
    """An open dossier the owner is involved in, with a child and a parent."""
    dossier = DossierFactory(
        organisation=org,
        reference="VT-2024-00001",
        household_name="Jansen household",
        report_date=datetime.date(2024, 3, 1),
    )
    child = PersonFactory(
        organisation=org, given_names="Sam", family_name="Jansen", date_of_birth=datetime.date(2015, 5, 4)
    )
    parent = PersonFactory(
        organisation=org, given_names="Eva", family_name="Jansen", date_of_birth=datetime.date(1985, 1, 9)
    )
    DossierMemberFactory(dossier=dossier, person=child, role=MemberRole.CHILD)
    DossierMemberFactory(dossier=dossier, person=parent, role=MemberRole.PARENT_CARER)
    grant(owner, dossier)
    return dossier


@pytest.fixture
def record(org, owner):
    """A record the owner is involved in, with one subject."""
    record = RecordFactory(organisation=org, reference="REC-0001", title="Custody record 14")
    RecordSubjectFactory(
        record=record,
        person=PersonFactory(
            organisation=org,
            given_names="Tom",
            family_name="Hendriks",
            date_of_birth=datetime.date(1990, 7, 7),
        ),
    )
    grant(owner, record)
    return record


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
