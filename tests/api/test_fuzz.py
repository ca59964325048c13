"""Schemathesis against the committed schema: generated requests (valid and not) to every
operation, a bounded number per operation. No answer may be a 500, and every answer must
match the schema (status, content type, body)."""

from pathlib import Path

import pytest
import schemathesis
import yaml
from django.conf import settings
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from access_control.models import Role
from api.scopes import Scope
from api.services import api_client_create, api_token_issue
from records.models import MemberRole
from tests.factories import (
    DossierFactory,
    DossierMemberFactory,
    OrganisationFactory,
    PersonFactory,
    RecordFactory,
    RecordSubjectFactory,
    UserFactory,
)

schema = schemathesis.openapi.from_dict(
    yaml.safe_load((Path(settings.BASE_DIR) / "docs" / "openapi.yaml").read_text())
)
schema.app = get_wsgi_application()  # requests go through the whole Django stack, in-process

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def _keep_the_test_connection():
    """The plain WSGI handler closes "old" connections at each request's start and end, as
    a server should; here that would close the test's transaction (Django's test client
    switches it off the same way)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, _keep_the_test_connection):
    organisation = OrganisationFactory(slug="fuzz")
    # Something to find: a person, a record with a subject, a dossier with a member.
    UserFactory(organisation=organisation, role=Role.RECORDS_OFFICER, username="fuzz-officer")
    record = RecordFactory(organisation=organisation)
    RecordSubjectFactory(record=record, person=PersonFactory(organisation=organisation))
    dossier = DossierFactory(organisation=organisation)
    DossierMemberFactory(dossier=dossier, role=MemberRole.CHILD)
    client = api_client_create(
        acting_user=None, organisation=organisation, name="Fuzz", scopes=list(Scope.values)
    )
    return api_token_issue(acting_user=None, client=client).plaintext


@schema.parametrize()
@hypothesis_settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_it_answers_every_generated_request_within_the_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
