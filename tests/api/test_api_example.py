"""docs/api-example.py runs against a live server: it opens a dossier, reads its retention
status, places a hold and files an access request on behalf of the child."""

import importlib.util

import pytest
from django.conf import settings

from access_control.models import OrganisationKind, Role
from api.services import api_client_create, api_token_issue
from retention.services.schedules import schedules_install_defaults
from subject_rights.models import RequesterRole, SubjectRequest
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_example_client_runs_end_to_end(live_server, monkeypatch, capsys):
    organisation = OrganisationFactory(
        slug="vtexample", kind=OrganisationKind.VEILIG_THUIS, jurisdiction="NL"
    )
    schedules_install_defaults(
        acting_user=UserFactory(organisation=organisation, role=Role.TEAM_LEADER), organisation=organisation
    )
    scopes = ["dossiers:write", "dossiers:read", "retention:read", "holds:write", "dsr:write"]
    client = api_client_create(acting_user=None, organisation=organisation, name="Example", scopes=scopes)
    spec = importlib.util.spec_from_file_location(
        "api_example", settings.BASE_DIR / "docs" / "api-example.py"
    )
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    monkeypatch.setattr(example, "BASE_URL", f"{live_server.url}/api/v1")
    monkeypatch.setattr(example, "TOKEN", api_token_issue(acting_user=None, client=client).plaintext)

    assert example.main() == 0

    out = capsys.readouterr().out
    assert "Opened dossier" in out and "held now: True" in out and "Filed access request" in out
    request = SubjectRequest.objects.get()
    assert request.requester_role == RequesterRole.REPRESENTATIVE and request.subject.given_names == "Sam"
