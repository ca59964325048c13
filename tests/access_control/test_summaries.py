"""Dossier summaries (action advice) shared more widely than the file (R-ACC-5)."""

import pytest
from django.urls import reverse

from access_control.matrix import DataCategory, MatrixAction, Scope
from access_control.matrix_rules import matrix_update
from access_control.models import Role
from core.models import AccessLogEntry
from tests.factories import DossierFactory, OrganisationFactory, UnitFactory, UserFactory
from tests.security.support import force_login_verified

pytestmark = pytest.mark.django_db

ADVICE = "Monitor school attendance; refer to youth care if it drops again."


@pytest.fixture
def org():
    return OrganisationFactory(name="School partnership", slug="partnership")


@pytest.fixture
def team(org):
    return UnitFactory(organisation=org, name="Team West")


@pytest.fixture
def dossier(org, team):
    return DossierFactory(organisation=org, unit=team, household_name="De Vries", summary=ADVICE)


def _summary(dossier):
    return reverse("access:dossier_summary", args=[dossier.pk])


def test_a_team_member_reads_the_summary_but_not_the_file(client, org, team, dossier):
    member = UserFactory(organisation=org, role=Role.CASEWORKER, units=[team])
    force_login_verified(client, member)

    response = client.get(_summary(dossier))

    assert response.status_code == 200
    assert ADVICE in response.content.decode()
    assert AccessLogEntry.objects.get(user=member, object_id=dossier.pk).detail == "summary"
    offer = client.get(reverse("dossiers:detail", args=[dossier.pk]))
    assert offer.status_code == 403
    assert _summary(dossier) in offer.content.decode()


def test_a_team_leader_reads_every_summary_of_the_organisation(client, org, dossier):
    force_login_verified(client, UserFactory(organisation=org, role=Role.TEAM_LEADER))

    assert client.get(_summary(dossier)).status_code == 200


@pytest.mark.parametrize("persona", ["colleague_of_another_team", "outsider"])
def test_others_do_not_get_the_summary(client, org, dossier, persona):
    if persona == "outsider":
        user = UserFactory(role=Role.TEAM_LEADER)
    else:
        user = UserFactory(organisation=org, role=Role.CASEWORKER, units=[UnitFactory(organisation=org)])
    force_login_verified(client, user)

    response = client.get(_summary(dossier))

    assert response.status_code == 404
    assert ADVICE not in response.content.decode()


def test_the_matrix_decides_how_widely_summaries_are_shared(client, org, dossier):
    admin = UserFactory(organisation=org, role=Role.ADMINISTRATOR)
    colleague = UserFactory(organisation=org, role=Role.CASEWORKER)
    force_login_verified(client, colleague)
    assert client.get(_summary(dossier)).status_code == 404

    matrix_update(
        acting_user=admin,
        scopes={(Role.CASEWORKER, MatrixAction.VIEW, DataCategory.DOSSIER_SUMMARIES): Scope.ORGANISATION},
        reason="Partnership agreement: action advice for every caseworker",
    )

    assert client.get(_summary(dossier)).status_code == 200
    assert client.get(reverse("dossiers:detail", args=[dossier.pk])).status_code == 403
