"""Personas for the API: API clients, not people.

``owner``: a client of the organisation with the scopes the call needs; ``other_scope``: a
client of the same organisation with an unrelated scope (must get 403); ``foreign``: a
client of another organisation with every scope (must get 404 on detail, see nothing in
lists). Browser sessions are tested with the people personas of tests/web.
"""

import datetime

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from access_control.models import OrganisationKind, Role
from api.scopes import Scope
from api.services import api_client_create, api_token_issue
from records.models import MemberRole, RecordCategory
from retention.services.schedules import schedules_install_defaults
from tests.factories import (
    DossierFactory,
    DossierMemberFactory,
    InformationAssetFactory,
    OrganisationFactory,
    PersonFactory,
    RecordClassFactory,
    RecordFactory,
    RecordSubjectFactory,
    UserFactory,
)

ALL_SCOPES = list(Scope.values)


@pytest.fixture(autouse=True)
def _fresh_throttle_buckets():
    # The throttle counts in the cache; ids repeat between tests, so start every test empty.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org(db):
    organisation = OrganisationFactory(
        name="Veilig Thuis API", slug="vtapi", kind=OrganisationKind.VEILIG_THUIS
    )
    schedules_install_defaults(
        acting_user=UserFactory(organisation=organisation, role=Role.RECORDS_OFFICER),
        organisation=organisation,
    )
    return organisation


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Heddlu API", slug="heddluapi", kind=OrganisationKind.POLICE_FORCE)


class Caller:
    """An APIClient that sends one API client's bearer token."""

    def __init__(self, client, token: str):
        self.api_client = client
        self.token = token
        self.http = APIClient()
        self.http.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    def get(self, url, params=None, **kwargs):
        return self.http.get(url, params, **kwargs)

    def post(self, url, data=None, **kwargs):
        return self.http.post(url, data, format="json", **kwargs)

    def patch(self, url, data=None, **kwargs):
        return self.http.patch(url, data, format="json", **kwargs)


@pytest.fixture
def make_caller(db):
    def _make(organisation, scopes, name=None) -> Caller:
        client = api_client_create(
            acting_user=None,
            organisation=organisation,
            name=name or f"{organisation.slug}-{'-'.join(scopes) or 'none'}",
            scopes=scopes,
        )
        return Caller(client, api_token_issue(acting_user=None, client=client).plaintext)

    return _make


@pytest.fixture
def owner(make_caller, org):
    return make_caller(org, ALL_SCOPES, name="Case system")


@pytest.fixture
def foreign(make_caller, other_org):
    return make_caller(other_org, ALL_SCOPES, name="Foreign case system")


@pytest.fixture
def asset(org):
    return InformationAssetFactory(organisation=org, name="Case files")


@pytest.fixture
def policing_class(org):
    return RecordClassFactory(organisation=org, code="POL-API", category=RecordCategory.POLICING_PURPOSE)


@pytest.fixture
def record(org, policing_class):
    record = RecordFactory(
        organisation=org, reference="REC-API-1", title="Custody record", record_class=policing_class
    )
    RecordSubjectFactory(record=record, person=PersonFactory(organisation=org))
    return record


@pytest.fixture
def foreign_record(other_org):
    return RecordFactory(organisation=other_org, reference="REC-FOREIGN-1")


@pytest.fixture
def dossier(org):
    dossier = DossierFactory(
        organisation=org, reference="VT-API-1", household_name="Jansen", report_date=datetime.date(2024, 3, 1)
    )
    DossierMemberFactory(
        dossier=dossier, role=MemberRole.CHILD, person__date_of_birth=datetime.date(2015, 5, 4)
    )
    DossierMemberFactory(dossier=dossier, role=MemberRole.PARENT_CARER)
    return dossier


@pytest.fixture
def foreign_dossier(other_org):
    return DossierFactory(organisation=other_org, reference="HED-1")


def problem(response, status: int) -> dict:
    """The problem document of ``response``, checked to be one with ``status``."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json"), response["Content-Type"]
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"]
    return body


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]
