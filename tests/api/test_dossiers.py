"""Dossiers: list/filter, detail with members and entries, open, edit with If-Match, add
members and entries, close and reopen; the three client personas and bad input."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.scopes import Scope
from records.models import Dossier, DossierEntry, DossierStatus, MemberRole
from tests.api.conftest import ids, problem
from tests.factories import DossierEntryFactory, DossierFactory, DossierMemberFactory, PersonFactory, grant

pytestmark = pytest.mark.django_db

URL = "/api/v1/dossiers/"


def detail(dossier) -> str:
    return f"{URL}{dossier.pk}/"


def create_body(**overrides) -> dict:
    return {
        "household_name": "De Vries household",
        "report_date": "2024-05-02",
        "record_class": "VT-DOSSIER",
        "members": [
            {
                "role": "child",
                "new_person": {
                    "given_names": "Noor",
                    "family_name": "de Vries",
                    "date_of_birth": "2016-08-01",
                },
            },
            {"role": "parent_carer", "new_person": {"given_names": "Anne", "family_name": "de Vries"}},
        ],
        "report_text": "Neighbour reports shouting most nights.",
        "report_source": "Neighbour (telephone)",
        **overrides,
    }


def test_it_lists_and_filters_the_organisations_dossiers(owner, foreign, org, dossier, foreign_dossier):
    closed = DossierFactory(
        organisation=org,
        reference="VT-API-2",
        status=DossierStatus.CLOSED,
        closed_on=datetime.date(2024, 6, 1),
    )

    assert ids(owner.get(URL)) == [dossier.pk, closed.pk]
    assert ids(owner.get(URL, {"status": "closed"})) == [closed.pk]
    assert ids(owner.get(URL, {"reference": "VT-API-1"})) == [dossier.pk]
    assert ids(foreign.get(URL)) == [foreign_dossier.pk]
    assert "status" in problem(owner.get(URL, {"status": "lost"}), 400)["errors"]


def test_it_reads_a_dossier_with_members_and_entries(owner, dossier):
    members = list(dossier.members.order_by("id"))
    entry = DossierEntryFactory(dossier=dossier, concerns=members[:1])

    response = owner.get(detail(dossier))

    assert response.status_code == 200
    body = response.json()
    assert [m["id"] for m in body["members"]] == [m.pk for m in members]
    assert body["members"][0]["role"] == "child"
    assert [(e["id"], e["concerns"]) for e in body["entries"]] == [(entry.pk, [members[0].pk])]
    assert response["ETag"]


def test_it_refuses_a_client_with_another_scope(make_caller, org, dossier):
    caller = make_caller(org, [Scope.RECORDS_READ, Scope.RECORDS_WRITE, Scope.RETENTION_READ])

    problem(caller.get(URL), 403)
    problem(caller.get(detail(dossier)), 403)
    problem(caller.post(URL, create_body()), 403)
    problem(caller.post(f"{detail(dossier)}close/", {"closed_on": "2024-06-01"}), 403)


def test_it_answers_404_for_another_organisations_dossier(foreign, dossier):
    problem(foreign.get(detail(dossier)), 404)
    problem(foreign.get(f"{detail(dossier)}retention/"), 404)
    problem(foreign.post(f"{detail(dossier)}close/", {"closed_on": "2024-06-01"}), 404)
    problem(foreign.patch(detail(dossier), {"summary": "x"}, HTTP_IF_MATCH="*"), 404)


def test_it_lists_in_a_constant_number_of_queries(owner, org):
    DossierFactory.create_batch(3, organisation=org)
    owner.get(URL)

    with CaptureQueriesContext(connection) as few:
        assert len(ids(owner.get(URL, {"page_size": 50}))) == 3
    DossierFactory.create_batch(27, organisation=org)
    with CaptureQueriesContext(connection) as many:
        assert len(ids(owner.get(URL, {"page_size": 50}))) == 30

    assert len(few) == len(many)


def test_it_opens_a_dossier_with_members_and_the_report(owner, org):
    """R-DOS-1: one dossier per household with its members and the report."""
    response = owner.post(URL, create_body())

    assert response.status_code == 201, response.content
    dossier = Dossier.objects.get(pk=response.json()["id"])
    assert dossier.organisation == org and dossier.status == DossierStatus.OPEN
    assert sorted(dossier.members.values_list("role", flat=True)) == ["child", "parent_carer"]
    assert dossier.entries.get().source == "Neighbour (telephone)"
    assert dossier.reference.startswith("VTAP-2024-")
    assert response.json()["record_class"] == "VT-DOSSIER"
    assert response.json()["retention_due_on"] is None  # R-WMO-5: open, no date


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"household_name": " "}, "household_name"),
        ({"members": []}, "members"),
        ({"members": [{"role": "child"}]}, "members.0.person"),
        ({"members": [{"role": "child", "person": 123456789}]}, "members.0.person"),
        ({"members": [{"role": "pet", "new_person": {"family_name": "x"}}]}, "members.0.role"),
        (
            {"members": [{"role": "child", "new_person": {"family_name": "x", "date_of_birth": 2016}}]},
            "members.0.new_person.date_of_birth",
        ),
        ({"report_date": "2999-01-01"}, "report_date"),
        ({"record_class": "MOPI-1"}, "record_class"),
        ({"reference": "x" * 65}, "reference"),
        ({"members": {"role": "child"}}, "members"),
    ],
)
def test_it_answers_bad_input_with_field_errors(owner, overrides, field):
    before = Dossier.objects.count()

    errors = problem(owner.post(URL, create_body(**overrides)), 400)["errors"]

    assert field in errors, errors
    assert Dossier.objects.count() == before


def test_it_refuses_a_person_of_another_organisation_as_a_member(owner, other_org):
    stranger = PersonFactory(organisation=other_org)
    body = create_body(members=[{"role": "child", "person": stranger.pk}])

    assert "members.0.person" in problem(owner.post(URL, body), 400)["errors"]


def test_it_adds_an_entry_and_a_member_to_a_dossier_it_is_granted(owner, org, dossier):
    """R-DOS-2: each entry says fact or opinion, its source and whom it concerns."""
    grant(owner.api_client.user, dossier)
    child = dossier.members.get(role=MemberRole.CHILD)

    entry = owner.post(
        f"{detail(dossier)}entries/",
        {
            "kind": "safety_assessment",
            "nature": "opinion",
            "body": "Risk seems moderate.",
            "concerns": [child.pk],
        },
    )
    member = owner.post(
        f"{detail(dossier)}members/", {"role": "reporter", "new_person": {"family_name": "Bakker"}}
    )

    assert entry.status_code == 201, entry.content
    assert entry.json()["concerns"] == [child.pk] and entry.json()["author"] == owner.api_client.user.username
    assert member.status_code == 201, member.content
    assert dossier.members.filter(role=MemberRole.REPORTER).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "report", "nature": "maybe", "body": "x", "concerns": []}, "nature"),
        ({"kind": "report", "nature": "fact", "body": "x", "concerns": []}, "concerns"),
        ({"kind": "shared", "nature": "fact", "body": "x", "concerns": ["CHILD"]}, "concerns.0"),
        ({"kind": "shared", "nature": "fact", "body": "Sent the report.", "concerns": "MEMBER"}, "concerns"),
        ({"kind": "shared", "nature": "fact", "body": "Sent the report.", "concerns": "CHILD"}, "recipient"),
    ],
)
def test_it_refuses_a_bad_entry(owner, dossier, body, field):
    grant(owner.api_client.user, dossier)
    child = dossier.members.get(role=MemberRole.CHILD)
    if body["concerns"] == "CHILD":
        body = {**body, "concerns": [child.pk]}
    before = DossierEntry.objects.count()

    errors = problem(owner.post(f"{detail(dossier)}entries/", body), 400)["errors"]

    assert field in errors, errors
    assert DossierEntry.objects.count() == before


def test_it_refuses_an_entry_about_a_member_of_another_dossier(owner, org, dossier):
    grant(owner.api_client.user, dossier)
    elsewhere = DossierMemberFactory(dossier=DossierFactory(organisation=org))

    body = {"kind": "report", "nature": "fact", "body": "x", "concerns": [elsewhere.pk]}
    assert "concerns.0" in problem(owner.post(f"{detail(dossier)}entries/", body), 400)["errors"]


def test_it_closes_and_reopens_a_dossier(owner, dossier):
    """R-WMO-1: closing starts the clock; R-WMO-5: reopened, no date again."""
    grant(owner.api_client.user, dossier)

    closed = owner.post(f"{detail(dossier)}close/", {"closed_on": "2024-06-01", "reason": "Handed over"})
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "closed" and closed.json()["closed_on"] == "2024-06-01"

    again = owner.post(f"{detail(dossier)}close/", {"closed_on": "2024-06-02"})
    assert "status" in problem(again, 400)["errors"]

    reopened = owner.post(f"{detail(dossier)}reopen/", {"reason": "New report"})
    assert reopened.status_code == 200 and reopened.json()["status"] == "reopened"
    assert reopened.json()["retention_due_on"] is None
    assert "reason" in problem(owner.post(f"{detail(dossier)}reopen/", {}), 400)["errors"]


def test_it_answers_404_to_writes_on_a_dossier_the_client_is_not_granted(owner, dossier):
    problem(owner.post(f"{detail(dossier)}close/", {"closed_on": "2024-06-01"}), 404)


def test_it_edits_the_summary_with_if_match(owner, dossier):
    grant(owner.api_client.user, dossier)
    etag = owner.get(detail(dossier))["ETag"]

    problem(owner.patch(detail(dossier), {"summary": "Advice: parenting support."}), 428)
    changed = owner.patch(detail(dossier), {"summary": "Advice: parenting support."}, HTTP_IF_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["summary"] == "Advice: parenting support."
    problem(owner.patch(detail(dossier), {"household_name": "Other"}, HTTP_IF_MATCH=etag), 412)
    assert (
        "household_name"
        in problem(owner.patch(detail(dossier), {"household_name": ""}, HTTP_IF_MATCH=changed["ETag"]), 400)[
            "errors"
        ]
    )
