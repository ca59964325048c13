"""GDPR art. 18 refusals name no one (R-ACC-5): dossier members, record subjects and subject
events take any person of the organisation, so the refusal for a restricted person must not
tell a caller who may not see that person their name, or when they objected."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from access_control.models import Role
from records.models import DossierMember, PersonRestriction, RecordSubject, SubjectEvent
from tests.api.conftest import problem
from tests.factories import PersonFactory, UserFactory, grant

pytestmark = pytest.mark.django_db

NAME = ("Hidde", "Verborgen")


@pytest.fixture
def hidden(org):
    """A person of the organisation in no dossier or record of the caller, whose data is
    restricted."""
    person = PersonFactory(organisation=org, given_names=NAME[0], family_name=NAME[1])
    PersonRestriction.objects.create(
        organisation=org,
        person=person,
        reason="Contests the report.",
        restricted_by=UserFactory(organisation=org, role=Role.DPO),
    )
    return person


@pytest.fixture
def caseworker(org, dossier, record):
    user = UserFactory(organisation=org, role=Role.CASEWORKER)
    grant(user, dossier)
    grant(user, record)
    return user


@pytest.fixture
def session(caseworker):
    http = APIClient()
    http.force_login(caseworker)
    return http


def assert_names_no_one(response, field, person):
    message = " ".join(problem(response, 400)["errors"][field])
    assert "GDPR art. 18" in message
    content = response.content.decode()
    assert person.given_names not in content and person.family_name not in content
    restricted_on = person.restrictions.get().restricted_at
    assert f"{restricted_on:%d-%m-%Y}" not in content


def test_adding_a_restricted_stranger_to_a_dossier_names_no_one(session, dossier, hidden):
    before = DossierMember.objects.count()

    response = session.post(
        f"/api/v1/dossiers/{dossier.pk}/members/", {"role": "reporter", "person": hidden.pk}, format="json"
    )

    assert_names_no_one(response, "members", hidden)
    assert DossierMember.objects.count() == before


def test_linking_a_restricted_stranger_to_a_record_names_no_one(session, record, hidden):
    before = (RecordSubject.objects.count(), SubjectEvent.objects.count())

    linked = session.post(
        f"/api/v1/records/{record.pk}/subjects/", {"role": "witness", "person": hidden.pk}, format="json"
    )
    event = session.post(
        f"/api/v1/records/{record.pk}/events/",
        {"person": hidden.pk, "kind": "conviction", "occurred_on": "2024-04-01"},
        format="json",
    )

    assert_names_no_one(linked, "subjects", hidden)
    assert_names_no_one(event, "kind", hidden)
    assert (RecordSubject.objects.count(), SubjectEvent.objects.count()) == before


def test_an_api_client_is_refused_without_a_name_too(owner, dossier, hidden):
    grant(owner.api_client.user, dossier)

    response = owner.post(
        f"/api/v1/dossiers/{dossier.pk}/members/", {"role": "reporter", "person": hidden.pk}
    )

    assert_names_no_one(response, "members", hidden)


def test_a_lifted_restriction_no_longer_refuses(session, dossier, hidden):
    hidden.restrictions.update(lifted_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    response = session.post(
        f"/api/v1/dossiers/{dossier.pk}/members/", {"role": "reporter", "person": hidden.pk}, format="json"
    )

    assert response.status_code == 201, response.content
