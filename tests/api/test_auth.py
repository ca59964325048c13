"""API clients and tokens: bearer authentication, rotate/revoke, scopes, throttling, and
browser sessions going through the people's own rules."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from access_control.models import Role
from api.models import ApiClient, ApiToken
from api.scopes import Scope
from api.services import (
    api_client_create,
    api_client_update,
    api_token_issue,
    api_token_revoke,
    api_token_rotate,
)
from core.errors import DomainError
from core.models import DomainEvent
from tests.api.conftest import Caller, ids, problem
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

RECORDS = "/api/v1/records/"


def test_it_refuses_a_call_without_credentials_with_a_bearer_challenge(client):
    response = client.get(RECORDS)

    problem(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer not-a-token", "Bearer ÿÿ"])
def test_it_refuses_a_malformed_or_unknown_token(owner, header):
    caller = Caller(owner.api_client, "x")
    caller.http.credentials(HTTP_AUTHORIZATION=header.encode("latin-1").decode("latin-1"))

    problem(caller.get(RECORDS), 401)


def test_it_authenticates_a_client_as_its_service_user(owner, record):
    response = owner.get(RECORDS)

    assert ids(response) == [record.pk]
    user = owner.api_client.user
    assert user.role == Role.API_CLIENT and user.organisation_id == record.organisation_id
    assert not user.has_usable_password()
    owner.api_client.refresh_from_db()
    assert owner.api_client.last_used_at is not None


def test_it_stores_only_the_hash_and_prefix_of_a_token(owner):
    token = ApiToken.objects.get(client=owner.api_client)

    assert token.prefix == owner.token[:8]
    assert owner.token not in (token.token_hash, token.prefix)
    assert len(token.token_hash) == 64


def test_it_refuses_the_old_token_after_rotation_and_accepts_the_new(owner):
    old = owner.token
    issued = api_token_rotate(acting_user=None, client=owner.api_client)

    problem(Caller(owner.api_client, old).get(RECORDS), 401)
    assert Caller(owner.api_client, issued.plaintext).get(RECORDS).status_code == 200


def test_it_refuses_a_revoked_token(owner):
    assert api_token_revoke(acting_user=None, client=owner.api_client) == 1

    problem(owner.get(RECORDS), 401)
    assert DomainEvent.objects.filter(verb="api_token.revoked", target_id=str(owner.api_client.pk)).exists()


def test_it_revokes_one_token_and_keeps_the_others(owner):
    second = api_token_issue(acting_user=None, client=owner.api_client)
    first = ApiToken.objects.exclude(pk=second.token.pk).get(client=owner.api_client)

    api_token_revoke(acting_user=None, client=owner.api_client, token=first)

    problem(owner.get(RECORDS), 401)
    assert Caller(owner.api_client, second.plaintext).get(RECORDS).status_code == 200


def test_it_refuses_an_expired_token(owner):
    ApiToken.objects.filter(client=owner.api_client).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    problem(owner.get(RECORDS), 401)


def test_it_refuses_every_token_of_a_deactivated_client(owner):
    api_client_update(
        acting_user=None,
        client=owner.api_client,
        name=owner.api_client.name,
        scopes=owner.api_client.scopes,
        is_active=False,
    )

    problem(owner.get(RECORDS), 401)


def test_it_refuses_a_call_outside_the_clients_scopes(make_caller, org):
    caller = make_caller(org, [Scope.DOSSIERS_READ])

    body = problem(caller.get(RECORDS), 403)
    assert "records:read" in body["detail"]


def test_it_validates_scopes_and_names_when_creating_a_client(org):
    with pytest.raises(DomainError) as error:
        api_client_create(acting_user=None, organisation=org, name="X", scopes=["records:delete"])
    assert error.value.field == "scopes"
    with pytest.raises(DomainError) as error:
        api_client_create(acting_user=None, organisation=org, name="  ", scopes=[])
    assert error.value.field == "name"


def test_it_lets_only_an_administrator_of_the_organisation_manage_clients(org, other_org):
    caseworker = UserFactory(organisation=org, role=Role.CASEWORKER)
    foreign_admin = UserFactory(organisation=other_org, role=Role.ADMINISTRATOR)
    for user in (caseworker, foreign_admin):
        with pytest.raises(DomainError):
            api_client_create(acting_user=user, organisation=org, name="Portal", scopes=[])

    admin = UserFactory(organisation=org, role=Role.ADMINISTRATOR)
    client = api_client_create(acting_user=admin, organisation=org, name="Portal", scopes=["records:read"])
    assert client.created_by == admin
    assert DomainEvent.objects.filter(verb="api_client.created", actor=admin).exists()


def test_it_issues_rotates_and_revokes_with_the_management_command(owner):
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", "rotate", "--client", str(owner.api_client.pk), stdout=out, stderr=err)
    new_token = out.getvalue().strip()

    assert "shown once" in err.getvalue()
    problem(owner.get(RECORDS), 401)
    assert Caller(owner.api_client, new_token).get(RECORDS).status_code == 200

    call_command(
        "api_token",
        "issue",
        "--client",
        str(owner.api_client.pk),
        "--expires-in-days",
        "7",
        stdout=io.StringIO(),
    )
    call_command("api_token", "revoke", "--client", str(owner.api_client.pk), stdout=(out := io.StringIO()))
    assert "Revoked 2 token(s)" in out.getvalue()
    problem(Caller(owner.api_client, new_token).get(RECORDS), 401)


def test_it_refuses_the_command_for_an_unknown_client(db):
    with pytest.raises(CommandError, match="no API client"):
        call_command("api_token", "issue", "--client", "999999")


@override_settings(
    REST_FRAMEWORK={
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "2/minute"},
    }
)
def test_it_throttles_per_client_across_token_rotation(owner, make_caller, org):
    assert owner.get(RECORDS).status_code == 200
    assert owner.get(RECORDS).status_code == 200
    rotated = Caller(owner.api_client, api_token_rotate(acting_user=None, client=owner.api_client).plaintext)

    response = rotated.get(RECORDS)

    problem(response, 429)
    assert int(response["Retry-After"]) > 0
    # Another client has its own allowance.
    assert make_caller(org, [Scope.RECORDS_READ]).get(RECORDS).status_code == 200


# --- browser sessions: the person's role and involvement apply, scopes do not ---


def test_it_serves_a_signed_in_person_what_they_are_involved_in(client, org, record, dossier):
    caseworker = UserFactory(organisation=org, role=Role.CASEWORKER)
    grant(caseworker, record)
    client.force_login(caseworker)

    assert ids(client.get(RECORDS)) == [record.pk]
    assert ids(client.get("/api/v1/dossiers/")) == []
    problem(client.get(f"/api/v1/dossiers/{dossier.pk}/"), 404)


def test_it_refuses_a_session_write_without_the_csrf_token(org):
    from rest_framework.test import APIClient

    caseworker = UserFactory(organisation=org, role=Role.CASEWORKER)
    http = APIClient(enforce_csrf_checks=True)
    http.force_login(caseworker)

    problem(http.post("/api/v1/people/", {"family_name": "Jansen"}, format="json"), 403)


def test_it_refuses_a_session_person_a_create_their_role_does_not_allow(client, org):
    client.force_login(UserFactory(organisation=org, role=Role.AUDITOR))

    problem(client.post("/api/v1/dossiers/", {}, content_type="application/json"), 403)


def test_it_removes_a_clients_access_when_it_is_deactivated_in_the_admin(client, org, owner):
    from django.contrib.auth.models import Permission

    admin = UserFactory(organisation=org, role=Role.ADMINISTRATOR, is_staff=True)
    admin.user_permissions.set(Permission.objects.filter(content_type__app_label="api"))
    client.force_login(admin)
    url = f"/admin/api/apiclient/{owner.api_client.pk}/change/"

    response = client.post(
        url,
        {
            "name": "Case system (renamed)",
            "scopes": ["records:read"],
            "is_active": "",
            "tokens-TOTAL_FORMS": "0",
            "tokens-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content
    owner.api_client.refresh_from_db()
    assert owner.api_client.scopes == ["records:read"] and not owner.api_client.is_active
    assert owner.api_client.name == "Case system (renamed)"
    problem(owner.get(RECORDS), 401)


def test_it_shows_an_issued_token_once_from_the_admin_action(client, org, owner, other_org, make_caller):
    from django.contrib.auth.models import Permission

    admin = UserFactory(organisation=org, role=Role.ADMINISTRATOR, is_staff=True)
    admin.user_permissions.set(Permission.objects.filter(content_type__app_label="api"))
    client.force_login(admin)
    foreign = make_caller(other_org, [Scope.RECORDS_READ])

    response = client.post(
        "/admin/api/apiclient/",
        {"action": "issue_token", "_selected_action": [owner.api_client.pk, foreign.api_client.pk]},
    )

    assert response.status_code == 200
    shown = [issued.plaintext for _client, issued in response.context["issued"]]
    assert len(shown) == 1  # the other organisation's client is outside the admin's scope
    assert shown[0].encode() in response.content
    assert Caller(owner.api_client, shown[0]).get(RECORDS).status_code == 200
    assert ApiClient.objects.get(pk=foreign.api_client.pk).tokens.count() == 1


def test_it_creates_a_client_with_its_service_user_from_the_admin(client, org):
    from django.contrib.auth.models import Permission

    admin = UserFactory(organisation=org, role=Role.ADMINISTRATOR, is_staff=True)
    admin.user_permissions.set(Permission.objects.filter(content_type__app_label="api"))
    client.force_login(admin)

    response = client.post(
        "/admin/api/apiclient/add/",
        {
            "name": "Intake portal",
            "scopes": ["people:write"],
            "is_active": "on",
            "tokens-TOTAL_FORMS": "0",
            "tokens-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content
    created = ApiClient.objects.get(name="Intake portal")
    assert created.organisation == org and created.created_by == admin and created.scopes == ["people:write"]
    assert created.user.role == Role.API_CLIENT and created.user.organisation == org


def test_it_keeps_client_management_from_staff_who_are_not_administrators(client, org):
    from django.contrib.auth.models import Permission

    officer = UserFactory(organisation=org, role=Role.RECORDS_OFFICER, is_staff=True)
    officer.user_permissions.set(Permission.objects.filter(content_type__app_label="api"))
    client.force_login(officer)

    assert client.get("/admin/api/apiclient/add/").status_code == 403
