"""visible_to: who may view or change a dossier or record (R-ACC-1, R-ACC-3, R-ACC-5).

Personas per test: the involved user (owner), a colleague of the same organisation who is
not involved, and an outsider of another organisation, who must see nothing.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from access_control.models import ORGANISATION_WIDE_ROLES, Role
from access_control.permissions import permission_for, visible_to
from access_control.services import involvement_grant
from records.models import (
    Dossier,
    DossierGroupObjectPermission,
    DossierUserObjectPermission,
    Record,
    RecordGroupObjectPermission,
    RecordUserObjectPermission,
)
from tests.factories import (
    DossierFactory,
    OrganisationFactory,
    RecordFactory,
    UnitFactory,
    UserFactory,
    grant,
)

pytestmark = pytest.mark.django_db

KINDS = {
    "dossier": (Dossier, DossierFactory, DossierUserObjectPermission, DossierGroupObjectPermission),
    "record": (Record, RecordFactory, RecordUserObjectPermission, RecordGroupObjectPermission),
}


@pytest.fixture(params=sorted(KINDS))
def kind(request):
    return request.param


@pytest.fixture
def model(kind):
    return KINDS[kind][0]


@pytest.fixture
def make(kind):
    return KINDS[kind][1]


@pytest.fixture
def org():
    return OrganisationFactory()


@pytest.fixture
def other_org():
    return OrganisationFactory()


def visible(user, model, perm="view"):
    return set(visible_to(user, model.objects.all(), perm=perm))


def test_it_shows_anonymous_users_nothing(model, make, org):
    make(organisation=org)

    assert visible(AnonymousUser(), model) == set()


def test_it_shows_a_user_without_organisation_nothing_even_with_a_grant(model, make, org):
    item = make(organisation=org)
    stray = UserFactory(organisation=None, role=Role.RECORDS_OFFICER)
    # A grant row written directly, as no service would for a user without organisation.
    model.grant_models()[0].objects.create(
        user=stray, permission=permission_for(model, "view"), content_object=item
    )

    assert visible(stray, model) == set()


def test_it_shows_a_caseworker_only_their_own_grants_r_acc_5(model, make, org):
    owner = UserFactory(organisation=org, role=Role.CASEWORKER)
    colleague = UserFactory(organisation=org, role=Role.CASEWORKER)
    mine = make(organisation=org)
    make(organisation=org)
    grant(owner, mine)

    assert visible(owner, model) == {mine}
    assert visible(owner, model, perm="change") == {mine}
    assert visible(colleague, model) == set()


def test_it_shows_a_caseworker_what_was_granted_to_their_team(model, make, org):
    team = UnitFactory(organisation=org)
    member = UserFactory(organisation=org, units=[team])
    not_member = UserFactory(organisation=org)
    item = make(organisation=org)
    involvement_grant(acting_user=member, obj=item, unit=team)

    assert visible(member, model) == {item}
    assert visible(member, model, perm="change") == {item}
    assert visible(not_member, model) == set()


def test_it_does_not_show_a_caseworker_their_units_items_without_a_grant(model, make, org):
    """Only team leaders see a unit's items by the unit alone; caseworkers need a grant."""
    team = UnitFactory(organisation=org)
    member = UserFactory(organisation=org, units=[team])
    make(organisation=org, unit=team)

    assert visible(member, model) == set()


@pytest.mark.parametrize("role", sorted(ORGANISATION_WIDE_ROLES))
def test_it_lets_organisation_wide_roles_view_all_of_their_organisation_but_not_change(
    model, make, org, other_org, role
):
    ours = {make(organisation=org), make(organisation=org)}
    make(organisation=other_org)
    user = UserFactory(organisation=org, role=role)

    assert visible(user, model) == ours
    assert visible(user, model, perm="change") == set()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.TEAM_LEADER, Role.API_CLIENT])
def test_it_shows_involvement_roles_nothing_without_grants_or_units(model, make, org, role):
    make(organisation=org)

    assert visible(UserFactory(organisation=org, role=role), model) == set()


def test_it_shows_a_team_leader_the_items_of_their_units(model, make, org):
    led, other = UnitFactory(organisation=org), UnitFactory(organisation=org)
    leader = UserFactory(organisation=org, role=Role.TEAM_LEADER, units=[led])
    theirs = make(organisation=org, unit=led)
    make(organisation=org, unit=other)
    make(organisation=org, unit=None)

    assert visible(leader, model) == {theirs}


def test_it_never_shows_an_outsider_anything_even_with_forged_grants(model, make, org, other_org, kind):
    """The organisation filter comes first: grant rows pointing across organisations leak nothing."""
    _, _, user_grants, group_grants = KINDS[kind]
    item = make(organisation=org)
    outsider_team = UnitFactory(organisation=other_org)
    outsider = UserFactory(organisation=other_org, role=Role.CASEWORKER, units=[outsider_team])
    outsider_leader = UserFactory(organisation=other_org, role=Role.TEAM_LEADER, units=[outsider_team])
    outsider_dpo = UserFactory(organisation=other_org, role=Role.DPO)
    for perm in ("view", "change"):
        permission = permission_for(model, perm)
        for person in (outsider, outsider_dpo):
            user_grants.objects.create(user=person, permission=permission, content_object=item)
        group_grants.objects.create(group=outsider_team.group, permission=permission, content_object=item)
    # A forged link from the item to the outsiders' unit must not reach their team leader either.
    model.objects.filter(pk=item.pk).update(unit=outsider_team)

    for person in (outsider, outsider_leader, outsider_dpo):
        assert visible(person, model) == set()
        assert visible(person, model, perm="change") == set()


def test_it_does_not_turn_a_view_grant_into_a_change_grant(model, make, org):
    user = UserFactory(organisation=org)
    item = make(organisation=org)
    model.grant_models()[0].objects.create(
        user=user, permission=permission_for(model, "view"), content_object=item
    )

    assert visible(user, model) == {item}
    assert visible(user, model, perm="change") == set()
