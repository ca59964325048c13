"""Grants and revocations of involvement are audited (R-ACC-4, R-ACC-5)."""

import pytest

from access_control.models import Role
from access_control.services import involvement_grant, involvement_revoke
from core.errors import DomainError
from core.models import DomainEvent
from records.selectors import dossiers_visible_to
from tests.factories import DossierFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader():
    return UserFactory(role=Role.TEAM_LEADER)


def test_a_grant_and_its_revocation_write_domain_events(leader):
    dossier = DossierFactory(organisation=leader.organisation)
    caseworker = UserFactory(organisation=leader.organisation)

    involvement_grant(acting_user=leader, obj=dossier, user=caseworker)
    involvement_revoke(acting_user=leader, obj=dossier, user=caseworker, reason="Case handed over")

    granted = DomainEvent.objects.get(verb="involvement.granted")
    revoked = DomainEvent.objects.get(verb="involvement.revoked")
    assert (granted.actor, granted.target_id, granted.data) == (
        leader,
        str(dossier.pk),
        {"user": caseworker.pk, "unit": None},
    )
    assert (revoked.actor, revoked.reason, revoked.data["user"]) == (
        leader,
        "Case handed over",
        caseworker.pk,
    )
    assert granted.organisation == revoked.organisation == leader.organisation
    assert not dossiers_visible_to(caseworker).exists()


def test_a_team_grant_is_audited_with_the_unit(leader):
    dossier = DossierFactory(organisation=leader.organisation)
    unit = UnitFactory(organisation=leader.organisation)

    involvement_grant(acting_user=leader, obj=dossier, unit=unit)

    assert DomainEvent.objects.get(verb="involvement.granted").data == {"user": None, "unit": unit.pk}


def test_a_revocation_without_a_reason_changes_nothing(leader):
    dossier = DossierFactory(organisation=leader.organisation)
    caseworker = UserFactory(organisation=leader.organisation)
    involvement_grant(acting_user=leader, obj=dossier, user=caseworker)

    with pytest.raises(DomainError):
        involvement_revoke(acting_user=leader, obj=dossier, user=caseworker, reason="  ")

    assert list(dossiers_visible_to(caseworker)) == [dossier]
    assert not DomainEvent.objects.filter(verb="involvement.revoked").exists()
