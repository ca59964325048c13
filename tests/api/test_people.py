"""People: list, read, register; the three client personas and bad input."""

import datetime

import pytest

from api.scopes import Scope
from records.models import Person
from tests.api.conftest import ids, problem
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/people/"


@pytest.fixture
def person(org):
    return PersonFactory(organisation=org, given_names="Sam", family_name="Jansen")


def test_it_lists_and_reads_the_organisations_people(owner, person):
    assert ids(owner.get(URL)) == [person.pk]
    response = owner.get(f"{URL}{person.pk}/")

    assert response.status_code == 200
    assert response.json()["full_name"] == "Sam Jansen"
    assert response["ETag"]


def test_it_lists_people_in_the_same_number_of_queries_however_many_there_are(owner, org, person):
    """The restriction fields (GDPR art. 18) come from one subquery, not one query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    owner.get(URL)  # warm-up: per-process caches (content types, the client's matrix)
    with CaptureQueriesContext(connection) as one:
        owner.get(URL)
    PersonFactory.create_batch(5, organisation=org)
    with CaptureQueriesContext(connection) as six:
        response = owner.get(URL)

    assert len(ids(response)) == 6
    assert len(six) == len(one)


def test_it_refuses_a_client_without_the_people_scope(make_caller, org, person):
    caller = make_caller(org, [Scope.RECORDS_READ])

    problem(caller.get(URL), 403)
    problem(caller.get(f"{URL}{person.pk}/"), 403)
    problem(caller.post(URL, {"family_name": "Smit"}), 403)


def test_it_hides_people_of_another_organisation(foreign, person):
    assert ids(foreign.get(URL)) == []
    problem(foreign.get(f"{URL}{person.pk}/"), 404)


def test_it_registers_a_person_with_identifiers(owner, org):
    response = owner.post(
        URL,
        {
            "given_names": "Eva",
            "family_name": "de Vries",
            "date_of_birth": "1985-01-09",
            "identifiers": {"case": "CMS-77"},
        },
    )

    assert response.status_code == 201, response.content
    person = Person.objects.get(pk=response.json()["id"])
    assert person.organisation == org and person.created_by == owner.api_client.user
    assert person.date_of_birth == datetime.date(1985, 1, 9)
    assert response.json()["identifiers"] == [{"scheme": "case", "value": "CMS-77"}]
    assert response["Location"].endswith(f"{URL}{person.pk}/")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"given_names": "", "family_name": ""}, "family_name"),
        ({"family_name": "X", "date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"family_name": "X", "date_of_birth": "yesterday"}, "date_of_birth"),
        ({"family_name": "X", "identifiers": {"passport": "1"}}, "identifiers"),
        ({"family_name": "X", "identifiers": ["case"]}, "identifiers"),
        ({"family_name": ["X"]}, "family_name"),
        ({"family_name": "X" * 151}, "family_name"),
        ({"family_name": "X", "nickname": "Y"}, "nickname"),
    ],
)
def test_it_answers_bad_input_with_field_errors(owner, body, field):
    before = Person.objects.count()

    errors = problem(owner.post(URL, body), 400)["errors"]

    assert field in errors, errors
    assert Person.objects.count() == before
