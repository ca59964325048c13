"""The authorisation matrix (R-ACC-1, R-ACC-3): rights as data, read on every request, the
overview for the DPO, auditors and administrators (HTML and PDF), the grid for
administrators."""

import pytest
from django.urls import reverse

from access_control.matrix import DataCategory, MatrixAction, Scope, grid_cells
from access_control.matrix_rules import matrix_class_rule_set, matrix_install_defaults, matrix_update
from access_control.models import MatrixRule, Role
from access_control.permissions import Action, user_can
from core.errors import DomainError, NotAllowed
from core.models import DomainEvent
from records.models import RecordCategory
from records.selectors import records_visible_to
from tests.factories import (
    DossierFactory,
    OrganisationFactory,
    RecordClassFactory,
    RecordFactory,
    UserFactory,
)
from tests.security.support import force_login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory(name="Heddlu Matrix", slug="heddlu-matrix")


@pytest.fixture
def admin(org):
    return UserFactory(organisation=org, role=Role.ADMINISTRATOR)


@pytest.fixture
def auditor(org):
    return UserFactory(organisation=org, role=Role.AUDITOR)


@pytest.fixture
def caseworker(org):
    return UserFactory(organisation=org, role=Role.CASEWORKER)


def _fresh(user):
    """The user as the next request loads it (the matrix is read once per request)."""
    return type(user).objects.get(pk=user.pk)


def _set(admin, role, action, category, scope):
    return matrix_update(
        acting_user=admin, scopes={(role, action, category): scope}, reason="Board decision 12"
    )


def test_it_keeps_the_shipped_rights_as_defaults(org, caseworker, auditor):
    assert user_can(caseworker, Action.CREATE_DOSSIER)
    assert not user_can(auditor, Action.CREATE_DOSSIER)
    assert auditor.sees_whole_organisation
    assert not caseworker.sees_whole_organisation


def test_it_installs_the_defaults_once_as_the_organisations_own_rows(org, admin):
    cells = len(list(grid_cells())) * len(Role.values)

    assert matrix_install_defaults(acting_user=admin, organisation=org) == cells
    assert matrix_install_defaults(acting_user=admin, organisation=org) == 0
    assert MatrixRule.objects.filter(organisation=org).count() == cells
    assert DomainEvent.objects.filter(verb="access_matrix.defaults_installed").count() == 1


def test_removing_a_roles_view_right_refuses_its_view_at_once_r_acc_1(client, org, admin, auditor):
    dossier = DossierFactory(organisation=org)
    url = reverse("dossiers:detail", args=[dossier.pk])
    force_login_verified(client, auditor)
    assert client.get(url).status_code == 200

    _set(admin, Role.AUDITOR, MatrixAction.VIEW, DataCategory.DOSSIERS, Scope.NONE)

    assert client.get(url).status_code == 404
    assert not client.get(reverse("dossiers:list")).context["page"].object_list

    _set(admin, Role.AUDITOR, MatrixAction.VIEW, DataCategory.DOSSIERS, Scope.ORGANISATION)

    assert client.get(url).status_code == 200


def test_adding_a_right_allows_it_at_once_r_acc_3(client, org, admin, auditor):
    force_login_verified(client, auditor)
    assert client.get(reverse("dossiers:create")).status_code == 403

    _set(admin, Role.AUDITOR, MatrixAction.ADD, DataCategory.DOSSIERS, Scope.ORGANISATION)

    assert client.get(reverse("dossiers:create")).status_code == 200
    assert user_can(_fresh(auditor), Action.CREATE_DOSSIER)


def test_it_reads_the_access_log_right_from_the_matrix(client, org, admin, auditor):
    force_login_verified(client, auditor)
    assert client.get(reverse("access_log")).status_code == 200

    _set(admin, Role.AUDITOR, MatrixAction.VIEW, DataCategory.AUDIT, Scope.NONE)

    assert client.get(reverse("access_log")).status_code == 403


def test_it_scopes_records_by_category_and_by_record_class(org, admin):
    officer = UserFactory(organisation=org, role=Role.RECORDS_OFFICER)
    sensitive = RecordClassFactory(organisation=org, code="CHIS", category=RecordCategory.POLICING_PURPOSE)
    ordinary = RecordClassFactory(organisation=org, code="MOPI-3", category=RecordCategory.POLICING_PURPOSE)
    business = RecordClassFactory(organisation=org, code="FIN-1", category=RecordCategory.BUSINESS)
    covert = RecordFactory(organisation=org, record_class=sensitive, category=RecordCategory.POLICING_PURPOSE)
    custody = RecordFactory(organisation=org, record_class=ordinary, category=RecordCategory.POLICING_PURPOSE)
    invoice = RecordFactory(organisation=org, record_class=business, category=RecordCategory.BUSINESS)
    assert set(records_visible_to(officer)) == {covert, custody, invoice}

    matrix_class_rule_set(
        acting_user=admin,
        record_class=sensitive,
        role=Role.RECORDS_OFFICER,
        action=MatrixAction.VIEW,
        scope=Scope.NONE,
    )
    assert set(records_visible_to(_fresh(officer))) == {custody, invoice}

    _set(admin, Role.RECORDS_OFFICER, MatrixAction.VIEW, DataCategory.RECORDS_BUSINESS, Scope.INVOLVED)
    assert set(records_visible_to(_fresh(officer))) == {custody}

    matrix_class_rule_set(
        acting_user=admin,
        record_class=sensitive,
        role=Role.RECORDS_OFFICER,
        action=MatrixAction.VIEW,
        scope=None,
    )
    assert set(records_visible_to(_fresh(officer))) == {covert, custody}


def test_only_an_administrator_changes_the_matrix(org, auditor, caseworker):
    for user in (auditor, caseworker, UserFactory(organisation=org, role=Role.DPO)):
        with pytest.raises(NotAllowed):
            _set(user, Role.CASEWORKER, MatrixAction.VIEW, DataCategory.DOSSIERS, Scope.ORGANISATION)
    assert not MatrixRule.objects.exists()


@pytest.mark.parametrize(
    ("cell", "scope", "message"),
    [
        ((Role.CASEWORKER, MatrixAction.EXPORT, DataCategory.DOSSIERS), Scope.INVOLVED, "offered scopes"),
        ((Role.CASEWORKER, MatrixAction.APPROVE_DISPOSAL, DataCategory.AUDIT), Scope.NONE, "does not apply"),
        (
            (Role.ADMINISTRATOR, MatrixAction.ADMINISTER, DataCategory.ACCESS_RIGHTS),
            Scope.NONE,
            "keep the right",
        ),
    ],
)
def test_it_refuses_a_matrix_it_cannot_apply_and_saves_nothing(admin, cell, scope, message):
    with pytest.raises(DomainError, match=message):
        matrix_update(acting_user=admin, scopes={cell: scope}, reason="Test")
    assert not MatrixRule.objects.exists()
    assert not DomainEvent.objects.filter(verb="access_matrix.changed").exists()


def test_it_records_every_change_with_its_reason(admin):
    changed = _set(admin, Role.TEAM_LEADER, MatrixAction.EXPORT, DataCategory.DOSSIERS, Scope.ORGANISATION)

    event = DomainEvent.objects.get(verb="access_matrix.changed")
    assert changed == [(Role.TEAM_LEADER, MatrixAction.EXPORT, DataCategory.DOSSIERS)]
    assert event.reason == "Board decision 12"
    assert event.data["changes"] == [
        {
            "role": "team_leader",
            "action": "export",
            "category": "dossiers",
            "from": "none",
            "to": "organisation",
        }
    ]


# --- Pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.DPO, Role.AUDITOR, Role.ADMINISTRATOR])
def test_it_shows_the_overview_to_the_dpo_auditors_and_administrators(client, org, role):
    force_login_verified(client, UserFactory(organisation=org, role=role))

    response = client.get(reverse("access:matrix"))
    pdf = client.get(reverse("access:matrix_pdf"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1" in content and "Authorisation matrix" in content
    assert "Special-category data" in content and "Records: policing purpose" in content
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.TEAM_LEADER, Role.RECORDS_OFFICER])
def test_it_refuses_the_overview_to_everyone_else(client, org, role):
    force_login_verified(client, UserFactory(organisation=org, role=role))

    assert client.get(reverse("access:matrix")).status_code == 403
    assert client.get(reverse("access:matrix_pdf")).status_code == 403
    assert client.get(reverse("access:matrix_edit")).status_code == 403


def test_it_shows_each_organisation_only_its_own_matrix(client, org, admin):
    _set(admin, Role.TEAM_LEADER, MatrixAction.EXPORT, DataCategory.DOSSIERS, Scope.ORGANISATION)
    other_auditor = UserFactory(role=Role.AUDITOR)
    force_login_verified(client, other_auditor)

    response = client.get(reverse("access:matrix"))

    sections = {s.category: s for s in response.context["sections"]}
    rows = {role: cells for role, _label, cells in sections[DataCategory.DOSSIERS].rows}
    export = {action: scope for action, scope, _shown in rows[Role.TEAM_LEADER]}
    assert export[MatrixAction.EXPORT] == Scope.NONE


def test_the_dpo_reads_but_does_not_edit_the_matrix(client, org):
    force_login_verified(client, UserFactory(organisation=org, role=Role.DPO))

    assert "Change the rights" not in client.get(reverse("access:matrix")).content.decode()
    assert client.get(reverse("access:matrix_edit")).status_code == 403
    assert client.post(reverse("access:matrix_edit"), {"reason": "x"}).status_code == 403


def test_an_administrator_changes_the_grid(client, org, admin):
    force_login_verified(client, admin)
    form = client.get(reverse("access:matrix_edit")).context["form"]
    data = {name: field.initial for name, field in form.fields.items() if name != "reason"}
    data["dossiers__add__auditor"] = Scope.ORGANISATION
    data["reason"] = "Management decision of 3 March"

    response = client.post(reverse("access:matrix_edit"), data)

    assert response.status_code == 302
    assert (
        MatrixRule.objects.get(role=Role.AUDITOR, action="add", category="dossiers").scope
        == Scope.ORGANISATION
    )
    assert MatrixRule.objects.count() == 1


def test_the_grid_asks_why_and_saves_nothing_without_it(client, org, admin):
    force_login_verified(client, admin)
    form = client.get(reverse("access:matrix_edit")).context["form"]
    data = {name: field.initial for name, field in form.fields.items() if name != "reason"}
    data["dossiers__add__auditor"] = Scope.ORGANISATION

    response = client.post(reverse("access:matrix_edit"), data)

    assert response.status_code == 200
    assert "Say why the rights are changing." in response.content.decode()
    assert not MatrixRule.objects.exists()


def test_who_manages_holds_is_read_from_the_matrix(client, org, admin):
    from retention.models import HoldAuthority, LegalHold
    from retention.services.holds import legal_hold_place

    leader = UserFactory(organisation=org, role=Role.TEAM_LEADER)
    record = RecordFactory(organisation=org)
    force_login_verified(client, leader)
    assert client.get(reverse("retention:hold_create")).status_code == 200

    for category in (DataCategory.DOSSIERS, DataCategory.RECORDS_POLICING, DataCategory.RECORDS_BUSINESS):
        _set(admin, Role.TEAM_LEADER, MatrixAction.MANAGE_HOLDS, category, Scope.NONE)

    assert client.get(reverse("retention:hold_create")).status_code == 403
    with pytest.raises(NotAllowed):
        legal_hold_place(
            acting_user=_fresh(leader),
            organisation=org,
            reason="Complaint pending",
            authority=HoldAuthority.CPIA,
            records=[record],
        )
    assert not LegalHold.objects.exists()


def test_a_demo_organisation_starts_with_its_own_complete_matrix():
    from records.demo.catalogue import ORGANISATIONS
    from records.demo.setup import organisation_ensure

    organisation = organisation_ensure(ORGANISATIONS[0])
    organisation_ensure(ORGANISATIONS[0])  # a second run writes nothing

    assert MatrixRule.objects.filter(organisation=organisation).count() == len(list(grid_cells())) * len(
        Role.values
    )


def test_an_organisation_added_in_the_admin_gets_the_matrix(client):
    superuser = UserFactory(organisation=None, is_staff=True, is_superuser=True)
    force_login_verified(client, superuser)

    response = client.post(
        reverse("admin:access_control_organisation_add"),
        {
            "name": "Heddlu Newydd",
            "slug": "heddlu-newydd",
            "kind": "police_force",
            "jurisdiction": "GB-WLS",
            "default_language": "cy",
            "financial_year_end_month": 3,
            "financial_year_end_day": 31,
            "disposal_approvals_required": 1,
            "disposal_method": "Secure deletion",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert MatrixRule.objects.filter(organisation__slug="heddlu-newydd").exists()
