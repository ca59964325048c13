"""Retention status of an item, schedules (read) and legal holds (read, place, release)."""

import datetime

import pytest

from access_control.models import Role
from api.scopes import Scope
from records.models import MemberRole
from retention.models import LegalHold, RecordClass, RetentionSchedule
from retention.services.holds import legal_hold_place
from tests.api.conftest import ids, problem
from tests.factories import DossierFactory, DossierMemberFactory, UserFactory, grant

pytestmark = pytest.mark.django_db

HOLDS = "/api/v1/holds/"
SCHEDULES = "/api/v1/retention-schedules/"


@pytest.fixture
def closed_dossier(org, owner):
    """Closed in 2018, youngest child born 2017: destroy after 31-12-2035 (R-WMO-2)."""
    from records.services import dossier_close

    dossier = DossierFactory(
        organisation=org,
        reference="VT-2018-1",
        report_date=datetime.date(2018, 2, 1),
        record_class=RecordClass.objects.get(organisation=org, code="VT-DOSSIER"),
    )
    DossierMemberFactory(
        dossier=dossier, role=MemberRole.CHILD, person__date_of_birth=datetime.date(2017, 4, 2)
    )
    leader = UserFactory(organisation=org, role=Role.TEAM_LEADER)
    return dossier_close(acting_user=leader, dossier=dossier, closed_on=datetime.date(2018, 9, 1))


@pytest.fixture
def hold(org, record):
    officer = UserFactory(organisation=org, role=Role.RECORDS_OFFICER)
    return legal_hold_place(
        acting_user=officer,
        organisation=org,
        reason="Complaint pending",
        authority="litigation",
        records=[record],
    )


# --- retention status ---


def test_it_explains_a_dossiers_retention_date(owner, closed_dossier):
    """R-WMO-2: max(closing year + 15, youngest child's birth year + 18)."""
    response = owner.get(f"/api/v1/dossiers/{closed_dossier.pk}/retention/")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["due_on"] == "2035-12-31"
    assert body["basis"] == "youngest_child"
    assert body["version"]["schedule"] == "VT-DOSSIER"
    assert "R-WMO-2" in body["explanation"] and "2017" in body["explanation"]
    assert body["held"] is False and body["active_holds"] == []


def test_it_shows_the_active_holds_on_a_record(owner, record, hold):
    body = owner.get(f"/api/v1/records/{record.pk}/retention/").json()

    assert body["held"] is True
    assert [h["id"] for h in body["active_holds"]] == [hold.pk]


def test_it_needs_both_the_item_and_the_retention_read_scope(make_caller, org, record):
    problem(make_caller(org, [Scope.RECORDS_READ]).get(f"/api/v1/records/{record.pk}/retention/"), 403)
    problem(make_caller(org, [Scope.RETENTION_READ]).get(f"/api/v1/records/{record.pk}/retention/"), 403)


# --- schedules ---


def test_it_lists_the_schedules_with_their_current_rule_parts(owner, org, foreign, other_org):
    response = owner.get(SCHEDULES, {"page_size": 100})

    codes = {row["code"]: row for row in response.json()["results"]}
    assert set(codes) == set(
        RetentionSchedule.objects.filter(organisation=org).values_list("code", flat=True)
    )
    vt = codes["VT-DOSSIER"]
    assert vt["current_version"]["trigger"] == "closed"
    assert vt["current_version"]["period_years"] == 15
    assert vt["current_version"]["rounding"] == "calendar_year"
    assert vt["current_version"]["extend_until_youngest_child_age"] == 18
    assert vt["record_classes"] == ["VT-DOSSIER"]
    assert ids(foreign.get(SCHEDULES)) == []
    problem(foreign.get(f"{SCHEDULES}{vt['id']}/"), 404)
    assert owner.get(f"{SCHEDULES}{vt['id']}/").json()["code"] == "VT-DOSSIER"


def test_it_refuses_schedules_to_a_client_without_the_retention_scope(make_caller, org):
    problem(make_caller(org, [Scope.RECORDS_READ, Scope.HOLDS_WRITE]).get(SCHEDULES), 403)


# --- legal holds ---


def test_it_lists_and_reads_holds(owner, foreign, record, hold):
    assert ids(owner.get(HOLDS)) == [hold.pk]
    assert ids(owner.get(HOLDS, {"state": "released"})) == []
    body = owner.get(f"{HOLDS}{hold.pk}/").json()
    assert body["records"] == [record.pk] and body["is_active"] is True
    assert ids(foreign.get(HOLDS)) == []
    problem(foreign.get(f"{HOLDS}{hold.pk}/"), 404)
    problem(foreign.post(f"{HOLDS}{hold.pk}/release/", {"reason": "x"}), 404)


def test_it_places_and_releases_a_hold(owner, record, dossier):
    """A hold suspends everything (RETENTION.md precedence), released with a reason."""
    placed = owner.post(
        HOLDS,
        {
            "reason": "Civil claim",
            "authority": "litigation",
            "authority_reference": "CLAIM-9",
            "records": [record.pk],
            "dossiers": [dossier.pk],
        },
    )

    assert placed.status_code == 201, placed.content
    hold = LegalHold.objects.get(pk=placed.json()["id"])
    assert hold.placed_by == owner.api_client.user
    assert placed.json()["dossiers"] == [dossier.pk]
    assert owner.get(f"/api/v1/records/{record.pk}/retention/").json()["held"] is True

    released = owner.post(f"{HOLDS}{hold.pk}/release/", {"reason": "Claim settled"})
    assert released.status_code == 200 and released.json()["is_active"] is False
    assert "reason" in problem(owner.post(f"{HOLDS}{hold.pk}/release/", {"reason": "again"}), 400)["errors"]


def test_it_refuses_holds_to_a_client_without_the_holds_scope(make_caller, org, record, hold):
    caller = make_caller(org, [Scope.RETENTION_READ, Scope.RECORDS_WRITE])

    problem(caller.post(HOLDS, {"reason": "x", "authority": "cpia", "records": [record.pk]}), 403)
    problem(caller.post(f"{HOLDS}{hold.pk}/release/", {"reason": "x"}), 403)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": "", "authority": "cpia", "records": "RECORD"}, "reason"),
        ({"reason": "x", "authority": "whim", "records": "RECORD"}, "authority"),
        ({"reason": "x", "authority": "cpia"}, "records"),
        ({"reason": "x", "authority": "cpia", "records": "FOREIGN"}, "records"),
        ({"reason": "x", "authority": "cpia", "records": [True]}, "records"),
        (
            {"reason": "x", "authority": "cpia", "records": "RECORD", "authority_reference": "r" * 101},
            "authority_reference",
        ),
    ],
)
def test_it_refuses_a_bad_hold(owner, record, foreign_record, body, field):
    replace = {"RECORD": [record.pk], "FOREIGN": [foreign_record.pk]}
    if isinstance(body.get("records"), str):
        body = {**body, "records": replace[body["records"]]}
    before = LegalHold.objects.count()

    errors = problem(owner.post(HOLDS, body), 400)["errors"]

    assert field in errors, errors
    assert LegalHold.objects.count() == before


def test_it_serves_holds_to_signed_in_people_by_their_role(client, org, record, hold):
    caseworker = UserFactory(organisation=org, role=Role.CASEWORKER)
    grant(caseworker, record)
    client.force_login(caseworker)
    assert ids(client.get(HOLDS)) == []
    problem(
        client.post(
            HOLDS,
            {"reason": "x", "authority": "cpia", "records": [record.pk]},
            content_type="application/json",
        ),
        403,
    )

    client.force_login(UserFactory(organisation=org, role=Role.RECORDS_OFFICER))
    assert ids(client.get(HOLDS)) == [hold.pk]
    released = client.post(f"{HOLDS}{hold.pk}/release/", {"reason": "Done"}, content_type="application/json")
    assert released.status_code == 200, released.content
