"""Records marked as special-category data (health, ethnicity, religion) also need the
matrix's right on special-category data (R-ACC-1): by default the same reach as records, so
nothing changes until an organisation narrows it; then those records disappear from lists
and pages of whoever lost the right, while the rest of the register stays."""

import datetime as dt

import pytest
from django.urls import reverse

from access_control.matrix import DataCategory, MatrixAction, Scope
from access_control.matrix_rules import matrix_update
from access_control.models import Role
from records.models import CopyKind, Record, RecordCategory, RecordFormat
from records.selectors import records_visible_to
from records.services import CopyInput, record_create
from tests.factories import (
    InformationAssetFactory,
    OrganisationFactory,
    RecordClassFactory,
    RecordFactory,
    UnitFactory,
    UserFactory,
    grant,
)

pytestmark = pytest.mark.django_db
SPECIAL = DataCategory.SPECIAL_CATEGORY


@pytest.fixture
def org():
    return OrganisationFactory(name="Heddlu Powys", slug="powys")


@pytest.fixture
def admin(org):
    return UserFactory(organisation=org, role=Role.ADMINISTRATOR)


@pytest.fixture
def unit(org):
    return UnitFactory(organisation=org, name="Public protection")


@pytest.fixture
def medical(org, unit):
    return RecordFactory(
        organisation=org, unit=unit, special_category=True, title="Custody medical assessment"
    )


@pytest.fixture
def ordinary(org, unit):
    return RecordFactory(organisation=org, unit=unit, title="Property log")


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


def _set(admin, role, action, scope):
    matrix_update(acting_user=admin, scopes={(role, action, SPECIAL): scope}, reason="SIRO decision 7/2026")


def test_by_default_special_category_records_reach_as_far_as_other_records(org, unit, medical, ordinary):
    officer = UserFactory(organisation=org, role=Role.RECORDS_OFFICER)
    leader = UserFactory(organisation=org, role=Role.TEAM_LEADER, units=[unit])
    caseworker = UserFactory(organisation=org, role=Role.CASEWORKER)
    grant(caseworker, medical)

    assert set(records_visible_to(officer)) == {medical, ordinary}
    assert set(records_visible_to(leader)) == {medical, ordinary}
    assert set(records_visible_to(caseworker)) == {medical}
    assert set(records_visible_to(caseworker, perm="change")) == {medical}


def test_without_the_special_category_right_an_officer_no_longer_sees_them_r_acc_1(
    client, org, admin, medical, ordinary
):
    officer = UserFactory(organisation=org, role=Role.RECORDS_OFFICER)
    _set(admin, Role.RECORDS_OFFICER, MatrixAction.VIEW, Scope.NONE)

    assert set(records_visible_to(_fresh(officer))) == {ordinary}
    client.force_login(officer)
    listing = client.get(reverse("records:list")).content.decode()
    assert ordinary.title in listing
    assert medical.title not in listing
    response = client.get(reverse("records:detail", kwargs={"pk": medical.pk}))
    assert response.status_code in (403, 404)
    assert medical.title not in response.content.decode()
    assert client.get(reverse("records:detail", kwargs={"pk": ordinary.pk})).status_code == 200


def test_involvement_alone_does_not_open_them_when_the_matrix_says_no(org, admin, medical, ordinary):
    caseworker = UserFactory(organisation=org, role=Role.CASEWORKER)
    grant(caseworker, medical)
    grant(caseworker, ordinary)
    _set(admin, Role.CASEWORKER, MatrixAction.VIEW, Scope.NONE)

    assert set(records_visible_to(_fresh(caseworker))) == {ordinary}


def test_a_narrower_special_category_scope_narrows_the_team_leaders_reach(
    org, admin, unit, medical, ordinary
):
    leader = UserFactory(organisation=org, role=Role.TEAM_LEADER, units=[unit])
    _set(admin, Role.TEAM_LEADER, MatrixAction.VIEW, Scope.INVOLVED)

    assert set(records_visible_to(_fresh(leader))) == {ordinary}
    grant(leader, medical)
    assert set(records_visible_to(_fresh(leader))) == {medical, ordinary}


def test_editing_follows_the_special_category_change_right(org, admin, medical):
    caseworker = UserFactory(organisation=org, role=Role.CASEWORKER)
    grant(caseworker, medical)
    _set(admin, Role.CASEWORKER, MatrixAction.CHANGE, Scope.NONE)

    assert set(records_visible_to(_fresh(caseworker))) == {medical}
    assert not records_visible_to(_fresh(caseworker), perm="change").exists()


def test_another_organisation_never_sees_them_whatever_its_matrix(admin, medical):
    other = OrganisationFactory(name="Heddlu Arall", slug="arall")
    other_admin = UserFactory(organisation=other, role=Role.ADMINISTRATOR)
    _set(other_admin, Role.RECORDS_OFFICER, MatrixAction.VIEW, Scope.ORGANISATION)

    assert not records_visible_to(UserFactory(organisation=other, role=Role.RECORDS_OFFICER)).exists()


def test_a_record_is_registered_as_special_category_and_its_creator_keeps_it(org, admin):
    """The creator is involved in what they register, so they still see it (R-ACC-5); a
    records officer without the right does not."""
    caseworker = UserFactory(organisation=org, role=Role.CASEWORKER)
    record_class = RecordClassFactory(organisation=org, category=RecordCategory.POLICING_PURPOSE)
    record = record_create(
        acting_user=caseworker,
        reference="PWY-2026-00077",
        title="Detainee health questionnaire",
        category=RecordCategory.POLICING_PURPOSE,
        record_class=record_class,
        information_asset=InformationAssetFactory(organisation=org),
        format=RecordFormat.DIGITAL,
        created_on=dt.date(2026, 2, 1),
        special_category=True,
        copies=[CopyInput(CopyKind.ELECTRONIC, "Niche RMS", caseworker.pk)],
    )
    _set(admin, Role.RECORDS_OFFICER, MatrixAction.VIEW, Scope.NONE)

    assert Record.objects.get(pk=record.pk).special_category is True
    assert set(records_visible_to(caseworker)) == {record}
    assert not records_visible_to(UserFactory(organisation=org, role=Role.RECORDS_OFFICER)).exists()
