"""Every API call audited and every read of personal data access-logged (R-ACC-4), and the
access log queried through the API by the DPO (who looked at X / what did Y look at)."""

import io

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from access_control.models import Role
from api.models import ApiClient, ApiToken
from api.scopes import Scope
from core.models import AccessChannel, AccessKind, AccessLogEntry, AccessObject
from records.models import Dossier
from tests.api.conftest import Caller, ids, problem
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.django_db

LOG = "/api/v1/access-log/"


def rows(**filters):
    return sorted(
        AccessLogEntry.objects.filter(**filters).values_list("access", "object_kind", "object_id", "channel")
    )


def test_it_logs_list_rows_and_details_of_records_dossiers_and_people(owner, org, record, dossier):
    person = record.subject_links.get().person
    members = sorted(dossier.members.values_list("person_id", flat=True))

    owner.get("/api/v1/records/")
    owner.get(f"/api/v1/records/{record.pk}/")
    owner.get(f"/api/v1/dossiers/{dossier.pk}/")
    owner.get(f"/api/v1/people/{person.pk}/", HTTP_X_PURPOSE="Sync to case system")

    api = AccessChannel.API
    assert rows(object_kind=AccessObject.RECORD) == [
        ("listed", "record", record.pk, api),
        ("opened", "record", record.pk, api),
    ]
    assert rows(object_kind=AccessObject.DOSSIER) == [("opened", "dossier", dossier.pk, api)]
    assert rows(object_kind=AccessObject.PERSON) == sorted(
        [("opened", "person", pk, api) for pk in [person.pk, person.pk, *members]]
    )
    assert (
        AccessLogEntry.objects.get(object_kind="person", purpose="Sync to case system").object_id == person.pk
    )
    assert set(AccessLogEntry.objects.values_list("user_id", flat=True)) == {owner.api_client.user_id}


def test_it_writes_a_list_page_in_one_insert(owner, org):
    DossierFactory.create_batch(5, organisation=org)

    with CaptureQueriesContext(connection) as queries:
        response = owner.get("/api/v1/dossiers/")

    assert len(ids(response)) == 5
    inserts = [q for q in queries.captured_queries if 'INSERT INTO "core_accesslogentry"' in q["sql"]]
    assert len(inserts) == 1
    assert AccessLogEntry.objects.filter(access=AccessKind.LISTED).count() == 5


def test_it_logs_nothing_for_a_refused_read(make_caller, org, dossier):
    problem(make_caller(org, [Scope.RECORDS_READ]).get(f"/api/v1/dossiers/{dossier.pk}/"), 403)

    assert not AccessLogEntry.objects.exists()


def test_a_token_clients_writes_name_it_in_the_field_history(owner):
    """auditlog's middleware sees no user for a bearer token; the API names the actor."""
    response = owner.post(
        "/api/v1/dossiers/",
        {
            "household_name": "De Vries household",
            "report_date": "2024-05-02",
            "members": [
                {"role": "child", "new_person": {"given_names": "Noor", "date_of_birth": "2016-08-01"}}
            ],
        },
    )

    assert response.status_code == 201, response.content
    dossier = Dossier.objects.get(pk=response.json()["id"])
    entry = LogEntry.objects.get_for_object(dossier).get(action=LogEntry.Action.CREATE)
    assert entry.actor == owner.api_client.user


# --- the access log for the DPO ---


def test_a_client_with_audit_read_asks_who_looked_at_an_item_and_what_a_user_looked_at(
    owner, make_caller, org, dossier, other_org
):
    reader = make_caller(org, [Scope.DOSSIERS_READ], name="reader")
    reader.get(f"/api/v1/dossiers/{dossier.pk}/")
    owner.get("/api/v1/dossiers/")

    who = owner.get(LOG, {"object_kind": "dossier", "object_id": dossier.pk})
    what = owner.get(LOG, {"user": reader.api_client.user_id, "accessed_on_after": "2000-01-01"})

    assert [(r["username"], r["access"]) for r in who.json()["results"]] == [
        (reader.api_client.user.username, "opened"),
        (owner.api_client.user.username, "listed"),
    ]
    assert {r["object_kind"] for r in what.json()["results"]} == {"dossier", "person"}
    assert ids(owner.get(LOG, {"accessed_on_before": "2000-01-01"})) == []
    assert ids(make_caller(other_org, [Scope.AUDIT_READ], name="foreign auditor").get(LOG)) == []
    problem(reader.get(LOG), 403)
    assert "object_kind" in problem(owner.get(LOG, {"object_kind": "diary"}), 400)["errors"]


def test_the_dpo_reads_the_access_log_in_the_browser_session_and_a_caseworker_may_not(owner, org, dossier):
    owner.get(f"/api/v1/dossiers/{dossier.pk}/")
    dpo, caseworker = APIClient(), APIClient()
    dpo.force_login(UserFactory(organisation=org, role=Role.DPO))
    caseworker.force_login(UserFactory(organisation=org, role=Role.CASEWORKER))

    assert len(ids(dpo.get(LOG, {"object_kind": "dossier", "object_id": dossier.pk}))) == 1
    problem(caseworker.get(LOG), 403)


# --- token management from the shell ---


def test_the_command_creates_a_client_lists_it_and_revokes_one_token(org):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_token",
        "create",
        "--organisation",
        org.slug,
        "--name",
        "Portal",
        "--scopes",
        "dsr:write,dsr:read",
        stdout=out,
        stderr=err,
    )
    token = out.getvalue().strip()
    client = ApiClient.objects.get(name="Portal")

    assert client.scopes == ["dsr:read", "dsr:write"] and "shown once" in err.getvalue()
    assert Caller(client, token).get("/api/v1/subject-requests/").status_code == 200
    call_command("api_token", "list", "--organisation", org.slug, stdout=(listing := io.StringIO()))
    assert (
        f"{client.pk}\t{org.slug}\tPortal\tactive" in listing.getvalue() and token[:8] in listing.getvalue()
    )
    call_command(
        # --token=…: a token (and its prefix) may start with "-", which argparse would take for an option.
        "api_token",
        "revoke",
        "--client",
        str(client.pk),
        f"--token={token[:8]}",
        stdout=io.StringIO(),
    )
    assert ApiToken.objects.get(client=client).revoked_at is not None
    problem(Caller(client, token).get("/api/v1/subject-requests/"), 401)


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["create", "--organisation", "nowhere", "--name", "X"], "no organisation"),
        (["create", "--organisation", "vtapi", "--name", "X", "--scopes", "everything"], "Unknown scope"),
        (["create", "--organisation", "vtapi", "--name", ""], "name"),
        (["revoke"], "--client"),
        (["revoke", "--client", "999999"], "no API client"),
    ],
)
def test_the_command_refuses_bad_arguments(org, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("api_token", *arguments, stdout=io.StringIO(), stderr=io.StringIO())
    assert not ApiClient.objects.exists()


def test_the_admin_rotates_and_revokes_a_clients_tokens(client, org, owner):
    from django.contrib.auth.models import Permission

    admin = UserFactory(organisation=org, role=Role.ADMINISTRATOR, is_staff=True)
    admin.user_permissions.set(Permission.objects.filter(content_type__app_label="api"))
    client.force_login(admin)

    rotated = client.post(
        "/admin/api/apiclient/", {"action": "rotate_tokens", "_selected_action": [owner.api_client.pk]}
    )
    (new_token,) = [issued.plaintext for _client, issued in rotated.context["issued"]]
    problem(owner.get("/api/v1/records/"), 401)
    assert Caller(owner.api_client, new_token).get("/api/v1/records/").status_code == 200

    client.post(
        "/admin/api/apiclient/", {"action": "revoke_tokens", "_selected_action": [owner.api_client.pk]}
    )
    problem(Caller(owner.api_client, new_token).get("/api/v1/records/"), 401)
