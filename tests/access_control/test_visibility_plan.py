"""The involvement filter starts from the ids a user can reach when no matrix cell gives
them the whole organisation (the list pages' plan at 1,000,000 records, docs/benchmarks.md),
and gives the same rows either way (R-ACC-5)."""

import pytest

from access_control.models import Role
from access_control.permissions import visible_to
from access_control.services import involvement_grant
from records.models import Dossier, Record
from tests.factories import DossierFactory, OrganisationFactory, RecordFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _sql(user, model) -> str:
    return str(visible_to(user, model.objects.all()).query)


@pytest.mark.parametrize("model", [Dossier, Record])
def test_it_starts_a_caseworkers_list_from_their_reachable_ids(model):
    caseworker = UserFactory(role=Role.CASEWORKER)

    assert "UNION" in _sql(caseworker, model)


@pytest.mark.parametrize("model", [Dossier, Record])
def test_it_reads_the_register_in_order_for_an_organisation_wide_role(model):
    officer = UserFactory(role=Role.RECORDS_OFFICER)

    assert "UNION" not in _sql(officer, model)


@pytest.mark.parametrize(("model", "factory"), [(Dossier, DossierFactory), (Record, RecordFactory)])
def test_it_finds_granted_team_and_unit_rows_through_the_reachable_ids(model, factory):
    org = OrganisationFactory()
    team = UnitFactory(organisation=org)
    leader = UserFactory(organisation=org, role=Role.TEAM_LEADER, units=[team])
    mine, of_team, of_unit, other = (factory(organisation=org) for _ in range(4))
    involvement_grant(acting_user=leader, obj=mine, user=leader)
    involvement_grant(acting_user=leader, obj=of_team, unit=team)
    of_unit.unit = team
    of_unit.save(update_fields=["unit"])

    visible = set(visible_to(leader, model.objects.all()))

    assert visible == {mine, of_team, of_unit}
    assert other not in visible
