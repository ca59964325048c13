"""The governance endpoints: the same rules as the pages. An API client needs the
governance scopes (403 without), sees only its own organisation (404 / empty lists), and
as a reporter sees only the concerns and breaches it logged; the DSL team signed in to the
browser sees every concern."""

import datetime as dt

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api.scopes import Scope
from api.services import api_client_create, api_token_issue
from core.models import AccessLogEntry
from governance.models import Breach, Concern, ConcernEntry, CustodyEvent, Processor
from governance.services.devices import device_confiscate
from governance.services.policies import policy_create, policy_version_approve
from governance.services.register import processor_create
from governance.services.safeguarding import concern_report
from tests.api.conftest import Caller, ids, problem

pytestmark = pytest.mark.django_db

CONCERNS = "/api/v1/safeguarding-concerns/"
DEVICES = "/api/v1/confiscated-devices/"
POLICIES = "/api/v1/policies/"
BREACHES = "/api/v1/data-breaches/"
PROCESSORS = "/api/v1/processors/"
ACTIVITIES = "/api/v1/processing-activities/"
GOVERNANCE = [Scope.GOVERNANCE_READ, Scope.GOVERNANCE_WRITE]


@pytest.fixture(autouse=True)
def _fresh_throttle_buckets():
    cache.clear()
    yield
    cache.clear()


def _caller(organisation, scopes, name):
    client = api_client_create(acting_user=None, organisation=organisation, name=name, scopes=scopes)
    return Caller(client, api_token_issue(acting_user=None, client=client).plaintext)


@pytest.fixture
def system(school):
    """The school's filtering system: reports filtering breaches and data breaches."""
    return _caller(school, GOVERNANCE, "Filtering system")


@pytest.fixture
def other_scope(school):
    return _caller(school, [Scope.PEOPLE_READ], "People reader")


@pytest.fixture
def foreign(other_school):
    return _caller(other_school, list(Scope.values), "Foreign system")


def session(user) -> APIClient:
    http = APIClient()
    http.force_login(user)
    return http


@pytest.fixture
def concern(reporter, pupil):
    return concern_report(
        acting_user=reporter, category="conduct", summary="Explicit image shared.", pupils=[pupil]
    )


def test_a_system_logs_a_filtering_breach_concern_and_reads_only_its_own(system, pupil, concern, dsl):
    response = system.post(
        CONCERNS,
        {
            "category": "filtering_breach",
            "summary": "Blocked category reached 14 times.",
            "pupils": [pupil.pk],
        },
    )

    assert response.status_code == 201, response.content
    created = Concern.objects.get(pk=response.json()["id"])
    assert ids(system.get(CONCERNS)) == [created.pk]  # not the teacher's concern
    problem(system.get(f"{CONCERNS}{concern.pk}/"), 404)
    assert AccessLogEntry.objects.filter(object_id=pupil.pk, channel="api").exists()


def test_the_dsl_team_reads_every_concern_and_records_an_escalation(dsl, concern, colleague):
    http = session(dsl)
    assert [row["id"] for row in http.get(CONCERNS).json()["results"]] == [concern.pk]

    response = http.post(
        f"{CONCERNS}{concern.pk}/entries/",
        {
            "kind": "escalation",
            "text": "Referred to children's social care.",
            "agency": "childrens_services",
            "agency_contact": "Duty social worker",
            "agency_reference": "CSC-99",
            "escalated_on": "2026-01-05",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["entries"][0]["agency_reference"] == "CSC-99"
    assert session(colleague).get(f"{CONCERNS}{concern.pk}/").status_code == 404


def test_a_system_cannot_record_dsl_entries(system, pupil):
    created = system.post(CONCERNS, {"category": "content", "summary": "x", "pupils": [pupil.pk]}).json()
    problem(system.post(f"{CONCERNS}{created['id']}/entries/", {"kind": "note", "text": "x"}), 403)
    assert ConcernEntry.objects.count() == 0


def test_a_concern_with_no_pupil_is_refused(system, pupil, other_school):
    body = problem(system.post(CONCERNS, {"category": "content", "summary": "x", "pupils": []}), 400)
    assert "pupils" in body["errors"]
    from tests.factories import PersonFactory

    foreign_pupil = PersonFactory(organisation=other_school)
    problem(system.post(CONCERNS, {"category": "content", "summary": "x", "pupils": [foreign_pupil.pk]}), 400)
    assert Concern.objects.count() == 0


def test_scopes_and_organisations_are_enforced(other_scope, foreign, concern):
    for path in (CONCERNS, DEVICES, POLICIES, BREACHES):
        problem(other_scope.get(path), 403)
        assert ids(foreign.get(path)) == []
    problem(foreign.get(f"{CONCERNS}{concern.pk}/"), 404)


def test_the_device_chain_of_custody_through_the_api(dsl, pupil, reporter):
    device = device_confiscate(
        acting_user=reporter, pupil=pupil, description="Phone", reason="x", location="Drawer"
    )
    http = session(dsl)

    refused = http.post(f"{DEVICES}{device.pk}/custody/", {"step": "searched"}, format="json")
    assert refused.status_code == 400 and "consent_by" in refused.json()["errors"]
    response = http.post(
        f"{DEVICES}{device.pk}/custody/",
        {"step": "released", "released_to": "Mrs Pupil", "released_to_relationship": "Mother"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert [step["step"] for step in response.json()["custody"]] == ["seized", "released"]
    assert CustodyEvent.objects.count() == 2
    after_release = http.post(
        f"{DEVICES}{device.pk}/custody/", {"step": "handed_to_police", "released_to": "PC"}, format="json"
    )
    problem(after_release, 400)  # the chain is complete
    assert CustodyEvent.objects.count() == 2


def test_policies_are_read_by_the_organisation_and_acknowledged_by_a_person(dpo, reporter, system, foreign):
    policy = policy_create(
        acting_user=dpo,
        title="AUP",
        kind="acceptable_use",
        owner=dpo,
        review_period="fixed_month",
        review_month=9,
        requires_acknowledgement=True,
        text="Be kind online.",
    )
    policy_version_approve(acting_user=dpo, version=policy.versions.get(), approved_on=dt.date(2025, 9, 10))

    assert system.get(f"{POLICIES}{policy.pk}/").json()["next_review_on"] == "2026-09-30"
    problem(foreign.get(f"{POLICIES}{policy.pk}/"), 404)
    problem(system.post(f"{POLICIES}{policy.pk}/acknowledge/"), 403)  # a system does not acknowledge
    response = session(reporter).post(f"{POLICIES}{policy.pk}/acknowledge/")
    assert response.status_code == 200 and response.json()["acknowledged_by_me"] is True


def test_a_breach_without_a_discovery_time_is_refused_and_the_clock_is_shown(system, dpo, at):
    body = problem(system.post(BREACHES, {"summary": "Lost USB stick."}), 400)
    assert "discovered_at" in body["errors"]
    assert Breach.objects.count() == 0

    with at(2026, 3, 2, 10):
        response = system.post(
            BREACHES, {"summary": "Lost USB stick.", "discovered_at": "2026-03-02T09:00:00Z"}
        )
    assert response.status_code == 201, response.content
    assert response.json()["notification_deadline"].startswith("2026-03-05")
    decision = session(dpo).post(
        f"{BREACHES}{response.json()['id']}/authority-decision/",
        {"decision": "not_required", "reason": "Encrypted stick."},
        format="json",
    )
    assert decision.status_code == 200 and decision.json()["authority_decision"] == "not_required"
    problem(
        system.post(
            f"{BREACHES}{response.json()['id']}/authority-decision/", {"decision": "notify", "reason": "x"}
        ),
        403,
    )


def test_the_processing_register_through_the_api(system, dpo, foreign):
    processor = processor_create(acting_user=dpo, name="MIS Ltd")
    response = system.post(
        f"{PROCESSORS}{processor.pk}/agreements/",
        {
            "parties": "School; MIS Ltd",
            "subject": "Pupil records",
            "data_categories": "Names",
            "starts_on": "2026-01-01",
        },
    )
    assert response.status_code == 201, response.content
    response = system.post(
        ACTIVITIES,
        {
            "name": "Pupil administration",
            "purpose": "Run the school",
            "legal_basis": "public_task",
            "subject_categories": "Pupils",
            "data_categories": "Names",
            "processors": [processor.pk],
        },
    )
    assert response.status_code == 201, response.content
    problem(foreign.get(f"{PROCESSORS}{processor.pk}/"), 404)
    assert ids(foreign.get(ACTIVITIES)) == []
    problem(system.post(PROCESSORS, {"name": "MIS Ltd"}), 400)  # already registered
    assert Processor.objects.count() == 1
