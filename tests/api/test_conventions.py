"""What every endpoint shares: problem details, never a 500 for bad input, idempotent
POSTs, cursor pages in a stable order."""

import pytest
from django.contrib.contenttypes.models import ContentType

from api.models import IdempotencyRecord
from api.scopes import Scope
from records.models import Dossier, Person
from tests.api.conftest import ids, problem
from tests.factories import PersonFactory, RecordFactory

pytestmark = pytest.mark.django_db

PEOPLE = "/api/v1/people/"
DOSSIERS = "/api/v1/dossiers/"


def dossier_body(name="Bakker household") -> dict:
    return {
        "household_name": name,
        "report_date": "2024-05-02",
        "members": [{"role": "child", "new_person": {"given_names": "Lot", "family_name": "Bakker"}}],
    }


# --- problem details and bad input ---


def test_it_answers_malformed_json_with_400(owner):
    response = owner.http.post(PEOPLE, data='{"family_name": ', content_type="application/json")

    assert "JSON" in problem(response, 400)["detail"]


def test_it_answers_a_body_that_is_not_an_object_with_400(owner):
    assert "non_field_errors" in problem(owner.post(PEOPLE, ["family_name"]), 400)["errors"]


def test_it_answers_another_media_type_with_415(owner):
    problem(
        owner.http.post(PEOPLE, data="family_name=X", content_type="application/x-www-form-urlencoded"), 415
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/records/abc/",
        "/api/v1/records/99999999999999999999999/",
        "/api/v1/nothing/",
        "/api/v1/records/0/",
    ],
)
def test_it_answers_an_unknown_address_or_id_with_a_404_problem(owner, path):
    problem(owner.get(path), 404)


def test_it_answers_a_write_to_an_unknown_address_with_a_404_problem_not_a_csrf_page(org):
    from rest_framework.test import APIClient

    from tests.factories import UserFactory

    http = APIClient(enforce_csrf_checks=True)
    http.force_login(UserFactory(organisation=org))

    problem(http.patch("/api/v1/dossiers/x/", {}, format="json"), 404)


def test_it_answers_an_id_beyond_the_integer_range_as_not_found(owner):
    problem(owner.get(f"{PEOPLE}{2**63}/"), 404)


def test_it_answers_an_unsupported_method_with_405(owner, record):
    problem(owner.http.delete(f"/api/v1/records/{record.pk}/"), 405)
    problem(owner.http.options(PEOPLE), 405)


def test_it_answers_an_invalid_cursor_with_400(owner):
    assert "cursor" in problem(owner.get(PEOPLE, {"cursor": "not-a-cursor"}), 400)["errors"]


def test_it_names_nested_fields_by_dotted_path(owner):
    body = dossier_body()
    body["members"].append(
        {"role": "child", "new_person": {"family_name": "X", "date_of_birth": "31-12-2019"}}
    )

    errors = problem(owner.post(DOSSIERS, body), 400)["errors"]

    assert list(errors) == ["members.1.new_person.date_of_birth"]


def test_it_gives_the_request_id_in_a_problem(owner):
    body = problem(owner.get("/api/v1/people/0/", HTTP_X_REQUEST_ID="trace-123"), 404)

    assert body["request_id"] == "trace-123" and body["instance"] == "/api/v1/people/0/"


# --- Idempotency-Key ---


def test_it_replays_a_retried_post_without_creating_twice(owner):
    first = owner.post(DOSSIERS, dossier_body(), HTTP_IDEMPOTENCY_KEY="create-bakker-1")
    retry = owner.post(DOSSIERS, dossier_body(), HTTP_IDEMPOTENCY_KEY="create-bakker-1")

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Location"] == first["Location"] and retry["ETag"] == first["ETag"]
    assert retry["Idempotent-Replayed"] == "true"
    assert Dossier.objects.count() == 1
    record = IdempotencyRecord.objects.get()
    assert record.client == owner.api_client and record.response_status == 201


def test_it_refuses_the_same_key_with_another_body_with_422(owner):
    owner.post(DOSSIERS, dossier_body(), HTTP_IDEMPOTENCY_KEY="k-1")

    problem(owner.post(DOSSIERS, dossier_body("Other household"), HTTP_IDEMPOTENCY_KEY="k-1"), 422)
    problem(owner.post(PEOPLE, {"family_name": "X"}, HTTP_IDEMPOTENCY_KEY="k-1"), 422)
    assert Dossier.objects.count() == 1


def test_it_replays_a_refusal_too(owner):
    bad = dossier_body(" ")
    first = problem(owner.post(DOSSIERS, bad, HTTP_IDEMPOTENCY_KEY="bad-1"), 400)

    retry = owner.post(DOSSIERS, bad, HTTP_IDEMPOTENCY_KEY="bad-1")

    assert problem(retry, 400) == first and retry["Idempotent-Replayed"] == "true"


def test_it_answers_409_while_the_first_request_with_the_key_still_runs(owner):
    IdempotencyRecord.objects.create(
        user=owner.api_client.user,
        client=owner.api_client,
        key="slow-1",
        method="POST",
        path=DOSSIERS,
        request_hash="0" * 64,
    )

    problem(owner.post(DOSSIERS, dossier_body(), HTTP_IDEMPOTENCY_KEY="slow-1"), 422)
    IdempotencyRecord.objects.filter(key="slow-1").delete()
    running = owner.post(DOSSIERS, dossier_body(), HTTP_IDEMPOTENCY_KEY="slow-2")
    IdempotencyRecord.objects.filter(key="slow-2").update(response_status=None)
    problem(owner.post(DOSSIERS, dossier_body(), HTTP_IDEMPOTENCY_KEY="slow-2"), 409)
    assert running.status_code == 201 and Dossier.objects.count() == 1


def test_it_keeps_keys_apart_per_client(owner, make_caller, org):
    other = make_caller(org, [Scope.PEOPLE_WRITE])

    owner.post(PEOPLE, {"family_name": "A"}, HTTP_IDEMPOTENCY_KEY="same")
    other.post(PEOPLE, {"family_name": "A"}, HTTP_IDEMPOTENCY_KEY="same")

    assert Person.objects.filter(family_name="A").count() == 2


@pytest.mark.parametrize("key", ["", " ", "k" * 256, "sleutel-é"])
def test_it_refuses_a_malformed_key(owner, key):
    response = owner.post(PEOPLE, {"family_name": "A"}, HTTP_IDEMPOTENCY_KEY=key.encode().decode("latin-1"))

    assert "Idempotency-Key" in problem(response, 400)["errors"]
    assert not Person.objects.filter(family_name="A").exists()


def test_it_does_not_use_a_key_for_a_post_the_client_may_not_make(make_caller, org):
    caller = make_caller(org, [Scope.PEOPLE_READ])

    problem(caller.post(PEOPLE, {"family_name": "A"}, HTTP_IDEMPOTENCY_KEY="k"), 403)
    assert not IdempotencyRecord.objects.exists()


# --- cursor pagination ---


def test_it_pages_in_a_stable_id_order_while_rows_are_added(owner, org):
    first_five = [PersonFactory(organisation=org).pk for _ in range(5)]
    seen: list[int] = []
    response = owner.get(PEOPLE, {"page_size": 2})
    while True:
        seen += ids(response)
        if len(seen) == 2:
            PersonFactory(organisation=org)  # added while a client walks the pages
        following = response.json()["next"]
        if following is None:
            break
        response = owner.get(following)

    assert seen[:5] == first_five
    assert len(seen) == len(set(seen)) == 6


def test_it_caps_the_page_size(owner, org):
    RecordFactory.create_batch(3, organisation=org)

    assert len(ids(owner.get("/api/v1/records/", {"page_size": 2}))) == 2
    assert len(ids(owner.get("/api/v1/records/", {"page_size": "lots"}))) == 3


def test_it_writes_domain_events_as_the_clients_service_user(owner):
    """Every write is attributable: the actor is the client's own user (audit trail)."""
    from core.models import DomainEvent

    response = owner.post(PEOPLE, {"family_name": "Audit"})

    event = DomainEvent.objects.get(verb="person.created")
    assert event.actor == owner.api_client.user
    assert event.target_type == ContentType.objects.get_for_model(Person)
    assert event.target_id == str(response.json()["id"])


def test_it_replays_an_answer_that_echoes_a_nul_character(owner):
    """PostgreSQL cannot store NUL in jsonb: the stored answer must still be kept and replayed."""
    body = {"family_name": "A", "bad\u0000field": 1}
    first = problem(owner.post(PEOPLE, body, HTTP_IDEMPOTENCY_KEY="nul-1"), 400)

    retry = owner.post(PEOPLE, body, HTTP_IDEMPOTENCY_KEY="nul-1")

    assert problem(retry, 400) == first and "bad\u0000field" in first["errors"]
