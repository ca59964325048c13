"""Grants of involvement and unit management (R-ACC-1, R-ACC-5)."""

import contextlib

import pytest
from django.contrib.auth.models import Group

from access_control.models import Role, Unit
from access_control.services import involvement_grant, involvement_revoke, unit_add_member, unit_create
from core.errors import DomainError
from core.models import DomainEvent
from records.models import DossierGroupObjectPermission, DossierUserObjectPermission
from records.selectors import dossiers_visible_to
from tests.factories import DossierFactory, OrganisationFactory, UnitFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


def _counts():
    return (
        DossierUserObjectPermission.objects.count(),
        DossierGroupObjectPermission.objects.count(),
        DomainEvent.objects.count(),
        Unit.objects.count(),
        Group.objects.count(),
    )


@contextlib.contextmanager
def nothing_saved():
    before = _counts()
    yield
    assert _counts() == before


@pytest.fixture
def org():
    return OrganisationFactory()


@pytest.fixture
def other_org():
    return OrganisationFactory()


@pytest.fixture
def leader(org):
    return UserFactory(organisation=org, role=Role.TEAM_LEADER)


@pytest.fixture
def dossier(org):
    return DossierFactory(organisation=org)


# --- involvement_grant -----------------------------------------------------------------


def test_it_grants_a_user_view_and_change_with_a_domain_event(leader, dossier, org):
    caseworker = UserFactory(organisation=org)

    involvement_grant(acting_user=leader, obj=dossier, user=caseworker)

    assert list(dossiers_visible_to(caseworker, perm="change")) == [dossier]
    event = DomainEvent.objects.get(verb="involvement.granted", target_id=str(dossier.pk))
    assert (event.actor, event.data) == (leader, {"user": caseworker.pk, "unit": None})


def test_it_grants_a_whole_team(leader, dossier, org):
    team = UnitFactory(organisation=org)
    member = UserFactory(organisation=org, units=[team])

    involvement_grant(acting_user=leader, obj=dossier, unit=team)

    assert list(dossiers_visible_to(member)) == [dossier]
    assert DomainEvent.objects.get(verb="involvement.granted").data == {"user": None, "unit": team.pk}


def test_it_refuses_to_grant_a_user_of_another_organisation(leader, dossier, other_org):
    outsider = UserFactory(organisation=other_org)

    with nothing_saved(), pytest.raises(DomainError, match="inside the item's organisation"):
        involvement_grant(acting_user=leader, obj=dossier, user=outsider)

    assert list(dossiers_visible_to(outsider)) == []


def test_it_refuses_to_grant_a_unit_of_another_organisation(leader, dossier, other_org):
    foreign_team = UnitFactory(organisation=other_org)

    with nothing_saved(), pytest.raises(DomainError, match="inside the item's organisation"):
        involvement_grant(acting_user=leader, obj=dossier, unit=foreign_team)


def test_it_refuses_a_user_without_organisation(leader, dossier):
    stray = UserFactory(organisation=None)

    with nothing_saved(), pytest.raises(DomainError):
        involvement_grant(acting_user=leader, obj=dossier, user=stray)


def test_it_refuses_a_grant_to_both_or_neither_a_user_and_a_unit(leader, dossier, org):
    team = UnitFactory(organisation=org)

    with nothing_saved(), pytest.raises(DomainError, match="exactly one"):
        involvement_grant(acting_user=leader, obj=dossier, user=leader, unit=team)
    with nothing_saved(), pytest.raises(DomainError, match="exactly one"):
        involvement_grant(acting_user=leader, obj=dossier)


# --- involvement_revoke ----------------------------------------------------------------


def test_it_revokes_a_grant_with_the_reason_in_the_domain_event(leader, dossier, org):
    caseworker = UserFactory(organisation=org)
    grant(caseworker, dossier)

    involvement_revoke(acting_user=leader, obj=dossier, user=caseworker, reason="Moved to another team.")

    assert list(dossiers_visible_to(caseworker)) == []
    event = DomainEvent.objects.get(verb="involvement.revoked", target_id=str(dossier.pk))
    assert (event.actor, event.reason) == (leader, "Moved to another team.")


def test_it_revokes_a_team_grant(leader, dossier, org):
    team = UnitFactory(organisation=org)
    member = UserFactory(organisation=org, units=[team])
    involvement_grant(acting_user=leader, obj=dossier, unit=team)

    involvement_revoke(acting_user=leader, obj=dossier, unit=team, reason="Case handed over.")

    assert list(dossiers_visible_to(member)) == []


@pytest.mark.parametrize("reason", ["", "   "])
def test_it_refuses_to_revoke_without_a_reason(leader, dossier, org, reason):
    caseworker = UserFactory(organisation=org)
    grant(caseworker, dossier)

    with nothing_saved(), pytest.raises(DomainError) as refused:
        involvement_revoke(acting_user=leader, obj=dossier, user=caseworker, reason=reason)

    assert refused.value.field == "reason"
    assert list(dossiers_visible_to(caseworker)) == [dossier]


def test_it_refuses_to_revoke_from_both_or_neither_a_user_and_a_unit(leader, dossier, org):
    team = UnitFactory(organisation=org)

    with nothing_saved(), pytest.raises(DomainError, match="exactly one"):
        involvement_revoke(acting_user=leader, obj=dossier, reason="Tidy up.")
    with nothing_saved(), pytest.raises(DomainError, match="exactly one"):
        involvement_revoke(acting_user=leader, obj=dossier, user=leader, unit=team, reason="Tidy up.")


# --- unit_create / unit_add_member -----------------------------------------------------


def test_it_creates_a_unit_with_its_own_group_and_a_domain_event(leader, org):
    unit = unit_create(acting_user=leader, organisation=org, name="  Team Onderzoek  ")

    assert (unit.name, unit.organisation) == ("Team Onderzoek", org)
    assert unit.group.name == f"unit:{org.slug}:Team Onderzoek"
    event = DomainEvent.objects.get(verb="unit.created", target_id=str(unit.pk))
    assert (event.actor, event.organisation) == (leader, org)


@pytest.mark.parametrize("name", ["Team Onderzoek", " Team Onderzoek "])
def test_it_refuses_a_duplicate_unit_name_in_the_organisation(leader, org, name):
    unit_create(acting_user=leader, organisation=org, name="Team Onderzoek")

    with nothing_saved(), pytest.raises(DomainError, match="already has a unit") as refused:
        unit_create(acting_user=leader, organisation=org, name=name)

    assert refused.value.field == "name"


def test_it_refuses_a_unit_without_a_name(leader, org):
    with nothing_saved(), pytest.raises(DomainError) as refused:
        unit_create(acting_user=leader, organisation=org, name="  ")

    assert refused.value.field == "name"


def test_it_allows_the_same_unit_name_in_another_organisation(leader, org, other_org):
    unit_create(acting_user=leader, organisation=org, name="Team Onderzoek")

    assert (
        unit_create(acting_user=leader, organisation=other_org, name="Team Onderzoek").organisation
        == other_org
    )


def test_it_adds_a_member_to_the_unit_and_its_group(leader, org, dossier):
    unit = unit_create(acting_user=leader, organisation=org, name="Team Onderzoek")
    involvement_grant(acting_user=leader, obj=dossier, unit=unit)
    caseworker = UserFactory(organisation=org)

    unit_add_member(acting_user=leader, unit=unit, user=caseworker)

    assert list(caseworker.units.all()) == [unit]
    assert list(caseworker.groups.all()) == [unit.group]
    assert list(dossiers_visible_to(caseworker)) == [dossier]
    event = DomainEvent.objects.get(verb="unit.member_added")
    assert (event.actor, event.data) == (leader, {"user": caseworker.pk})


def test_it_refuses_a_member_of_another_organisation(leader, org, other_org):
    unit = unit_create(acting_user=leader, organisation=org, name="Team Onderzoek")
    outsider = UserFactory(organisation=other_org)

    with nothing_saved(), pytest.raises(DomainError, match="own organisation"):
        unit_add_member(acting_user=leader, unit=unit, user=outsider)

    assert not outsider.units.exists()
    assert not outsider.groups.exists()
