"""Subject requests through the API (R-DSR-1..14): log (capacity refusal as 400 with the
reason), read, list with filters, and the workflow's actions through the services; the
three client personas, a caseworker's browser session, bad input."""

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from access_control.models import Role
from api.scopes import Scope
from core.models import AccessChannel, AccessLogEntry, AccessObject, DomainEvent
from subject_rights.models import RequestStatus, SubjectRequest
from tests.api.conftest import ids, problem
from tests.factories import PersonFactory, UserFactory
from tests.subject_rights.conftest import at
from tests.subject_rights.screen_factories import involve

pytestmark = pytest.mark.django_db

URL = "/api/v1/subject-requests/"
TODAY = dt.date(2026, 3, 2)


def detail(request) -> str:
    return f"{URL}{request.pk}/"


@pytest.fixture
def adult(org):
    return PersonFactory(
        organisation=org, given_names="Eva", family_name="Jansen", date_of_birth=dt.date(1986, 5, 5)
    )


@pytest.fixture
def child(org):
    """9 years old in March 2026: only the legal representatives act (R-DSR-7)."""
    return PersonFactory(
        organisation=org, given_names="Sam", family_name="Jansen", date_of_birth=dt.date(2016, 5, 10)
    )


@pytest.fixture
def caseworker(org, adult):
    """Involved with ``adult`` through a dossier granted to them (R-ACC-5)."""
    user = UserFactory(organisation=org, role=Role.CASEWORKER)
    involve(user, adult)
    return user


@pytest.fixture
def session(caseworker):
    """A caseworker signed in to the browser calling the API with their session."""
    http = APIClient()
    http.force_login(caseworker)
    return http


def body(person, **overrides) -> dict:
    return {
        "subject": person.pk,
        "request_type": "access",
        "requester_role": "subject",
        "received_on": TODAY.isoformat(),
        "details": "A copy of everything about me.",
        **overrides,
    }


def log(caller, subject, **overrides):
    with at(TODAY):
        response = caller.post(URL, body(subject, **overrides))
    assert response.status_code == 201, response.content
    return SubjectRequest.objects.get(pk=response.json()["id"])


def test_it_logs_an_access_request_from_an_external_system(owner, adult):
    with at(TODAY):
        response = owner.post(URL, body(adult), HTTP_IDEMPOTENCY_KEY="dsr-1")

    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "received"
    assert created["channel"] == "api"
    assert created["requester_name"] == adult.full_name
    assert created["current_due_on"] == "2026-04-02"  # R-DSR-11: one month, next working day
    assert response["Location"].endswith(f"{URL}{created['id']}/") and response["ETag"]
    event = DomainEvent.objects.get(verb="subject_request.created")
    assert event.actor == owner.api_client.user


def test_it_refuses_a_request_the_requester_may_not_make_with_the_reason(owner, child):
    """R-DSR-7: a child of 9 cannot exercise the rights alone; the reason is the answer."""
    with at(TODAY):
        response = owner.post(URL, body(child))

    errors = problem(response, 400)["errors"]
    assert "requester_role" in errors and "representative" in errors["requester_role"][0].lower()
    assert SubjectRequest.objects.count() == 0


def test_it_logs_a_request_made_on_behalf_of_the_subject(owner, child):
    request = log(
        owner,
        child,
        requester_role="representative",
        requester_name="Anna Jansen",
        requester_relationship="mother",
        on_behalf_of="Sam Jansen",
    )

    assert (request.requester_role, request.requester_relationship, request.on_behalf_of) == (
        "representative",
        "mother",
        "Sam Jansen",
    )


def test_it_lists_filters_and_reads_requests(owner, foreign, adult, org):
    first = log(owner, adult)
    second = log(owner, adult, request_type="erasure")

    assert ids(owner.get(URL)) == [first.pk, second.pk]
    assert ids(owner.get(URL, {"request_type": "erasure"})) == [second.pk]
    assert ids(owner.get(URL, {"status": "received", "subject": adult.pk})) == [first.pk, second.pk]
    assert ids(owner.get(URL, {"received_on_after": "2026-03-03"})) == []
    assert ids(foreign.get(URL)) == []
    response = owner.get(detail(first))
    assert response.status_code == 200
    assert response.json()["status_changes"][0]["new_status"] == "received"
    assert response["ETag"]


def test_it_access_logs_every_read_under_the_subject(owner, adult):
    """R-ACC-4: list rows and the detail are logged (channel api), with the X-Purpose given."""
    request = log(owner, adult)
    AccessLogEntry.objects.all().delete()

    owner.get(URL, HTTP_X_PURPOSE="Weekly sync")
    owner.get(detail(request))

    rows = list(
        AccessLogEntry.objects.order_by("id").values_list("access", "object_kind", "object_id", "purpose")
    )
    assert rows == [
        ("listed", AccessObject.PERSON, adult.pk, "Weekly sync"),
        ("opened", AccessObject.PERSON, adult.pk, ""),
    ]
    assert set(AccessLogEntry.objects.values_list("channel", "detail")) == {
        (AccessChannel.API, f"subject_request:{request.pk}")
    }


def test_it_refuses_clients_without_the_scope_and_hides_other_organisations(
    make_caller, org, foreign, adult, owner
):
    request = log(owner, adult)
    reader = make_caller(org, [Scope.DSR_READ], name="reader")
    nothing = make_caller(org, [Scope.RECORDS_READ], name="records only")

    problem(nothing.get(URL), 403)
    problem(nothing.get(detail(request)), 403)
    with at(TODAY):
        problem(reader.post(URL, body(adult)), 403)
    problem(foreign.get(detail(request)), 404)
    problem(foreign.post(f"{detail(request)}transition/", {"status": "closed", "reason": "x"}), 404)
    assert reader.get(detail(request)).status_code == 200


def test_an_api_client_moves_the_requests_it_logged_through_the_workflow(owner, adult):
    """subject_rights.roles: a case-management system handles the requests it filed itself."""
    request = log(owner, adult)

    with at(TODAY):
        response = owner.post(f"{detail(request)}verify-identity/", {"method": "digital_id"})

    assert response.status_code == 200, response.content
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS


def test_an_api_client_cannot_handle_a_request_a_caseworker_logged(owner, session, adult):
    """Only the handler or creator acts on a request (R-ACC-5); the client created none of these."""
    with at(TODAY):
        created = session.post(URL, body(adult), format="json")
        assert created.status_code == 201, created.content
        url = f"{URL}{created.json()['id']}/"
        response = owner.post(f"{url}verify-identity/", {"method": "digital_id"})

    problem(response, 403)
    assert SubjectRequest.objects.get(pk=created.json()["id"]).status == RequestStatus.RECEIVED


def test_a_caseworker_moves_a_request_through_the_workflow(session, caseworker, adult):
    with at(TODAY):
        created = session.post(URL, body(adult), format="json")
        assert created.status_code == 201, created.content
        url = f"{URL}{created.json()['id']}/"
        verified = session.post(f"{url}verify-identity/", {"method": "photo_id_seen"}, format="json")
        assert verified.json()["status"] == "in_progress"
        paused = session.post(
            f"{url}pause/", {"question": "Which years?", "asked_on": "2026-03-02"}, format="json"
        )
        assert paused.json()["status"] == "paused"
    with at(dt.date(2026, 3, 5)):
        session.force_login(caseworker)  # the session timed out over the three days
        resumed = session.post(f"{url}resume/", {"answered_on": "2026-03-05"}, format="json")
        assert resumed.json()["status"] == "in_progress" and resumed.json()["paused_days"] == 4
        extended = session.post(f"{url}extend/", {"reason": "Many dossiers to search."}, format="json")
        assert extended.json()["status"] == "extended"
        decided = session.post(
            f"{url}decide/", {"decision": "grant", "reasons": "All data found and sent."}, format="json"
        )
        assert decided.json()["status"] == "decided"
        fulfilled = session.post(f"{url}transition/", {"status": "fulfilled"}, format="json")

    assert fulfilled.status_code == 200, fulfilled.content
    body_ = fulfilled.json()
    assert body_["status"] == "fulfilled" and body_["decision"] == "grant"
    assert [c["new_status"] for c in body_["status_changes"]] == [
        "received",
        "in_progress",
        "paused",
        "in_progress",
        "extended",
        "decided",
        "fulfilled",
    ]


def test_it_refuses_a_move_the_workflow_does_not_allow_as_400(session, adult):
    with at(TODAY):
        url = f"{URL}{session.post(URL, body(adult), format='json').json()['id']}/"
        response = session.post(f"{url}transition/", {"status": "fulfilled"}, format="json")

    assert "status" in problem(response, 400)["errors"]


def test_it_refuses_an_action_on_a_stale_version(session, caseworker, adult):
    with at(TODAY):
        created = session.post(URL, body(adult), format="json")
    url = f"{URL}{created.json()['id']}/"
    an_hour_later = dt.datetime(2026, 3, 2, 13, tzinfo=dt.UTC)
    with time_machine.travel(an_hour_later, tick=False):
        session.force_login(caseworker)
        session.post(f"{url}verify-identity/", {"method": "photo_id_seen"}, format="json")
        response = session.post(
            f"{url}transition/",
            {"status": "closed", "reason": "Withdrawn."},
            format="json",
            HTTP_IF_MATCH=created["ETag"],
        )

    problem(response, 412)
    assert SubjectRequest.objects.get().status == RequestStatus.IN_PROGRESS


def test_an_uninvolved_colleague_cannot_see_or_move_the_request(session, adult, org):
    with at(TODAY):
        url = f"{URL}{session.post(URL, body(adult), format='json').json()['id']}/"
    colleague = APIClient()
    colleague.force_login(UserFactory(organisation=org, role=Role.CASEWORKER))

    problem(colleague.get(url), 404)
    with at(TODAY):
        problem(colleague.post(f"{url}transition/", {"status": "closed", "reason": "x"}, format="json"), 404)


def test_a_caseworker_cannot_log_a_request_for_someone_they_may_not_see(session, org):
    """R-ACC-5: a session user names only people they may see; the answer must not tell them
    who a stranger is (an API client may name any person of its organisation)."""
    stranger = PersonFactory(organisation=org, given_names="Nora", family_name="Verborgen")

    with at(TODAY):
        response = session.post(URL, body(stranger), format="json")

    assert "subject" in problem(response, 400)["errors"]
    assert b"Verborgen" not in response.content and b"Nora" not in response.content
    assert SubjectRequest.objects.count() == 0


def test_an_api_client_logs_a_request_for_any_person_of_its_organisation(owner, org):
    not_in_any_dossier = PersonFactory(organisation=org, date_of_birth=dt.date(1980, 1, 1))

    assert log(owner, not_in_any_dossier).subject == not_in_any_dossier


@pytest.mark.parametrize(
    "bad",
    [
        {"request_type": "gossip"},
        {"subject": 999999},
        {"subject": "abc"},
        {"received_on": "2026-13-45"},
        {"received_on": "2027-01-01"},
        {"requester_role": "representative"},
        {"colour": "blue"},
        {"details": 5},
    ],
)
def test_it_answers_bad_input_with_field_errors_and_saves_nothing(owner, adult, bad):
    with at(TODAY):
        response = owner.post(URL, body(adult, **bad))

    errors = problem(response, 400)["errors"]
    assert errors
    assert SubjectRequest.objects.count() == 0


def test_it_refuses_bad_action_input(session, adult):
    with at(TODAY):
        url = f"{URL}{session.post(URL, body(adult), format='json').json()['id']}/"
        assert (
            "method"
            in problem(session.post(f"{url}verify-identity/", {"method": "x"}, format="json"), 400)["errors"]
        )
        assert (
            "asked_on"
            in problem(session.post(f"{url}pause/", {"question": "q"}, format="json"), 400)["errors"]
        )
        assert (
            "decision"
            in problem(session.post(f"{url}decide/", {"reasons": "r"}, format="json"), 400)["errors"]
        )


def test_it_lists_a_page_in_a_fixed_number_of_queries(owner, adult, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert owner.get(URL).status_code == 200
        return len(queries)

    log(owner, adult)
    count()  # the first call of the minute also notes the client's last use
    one = count()
    for _ in range(4):
        log(owner, PersonFactory(organisation=org, date_of_birth=dt.date(1970, 1, 1)))

    assert count() == one


def test_a_retried_post_with_the_same_key_logs_the_request_once(owner, adult):
    with at(TODAY):
        first = owner.post(URL, body(adult), HTTP_IDEMPOTENCY_KEY="intake-42")
        again = owner.post(URL, body(adult), HTTP_IDEMPOTENCY_KEY="intake-42")

    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    assert SubjectRequest.objects.count() == 1
