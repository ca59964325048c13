"""The Django admin keeps an organisation's administrator inside their organisation.

Personas: ``admin_a`` administers organisation A (the owner of A's rows), ``b_rows`` are
another organisation's (the outsider's) rows, which admin_a must never see or link to.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from access_control.models import Role, Unit, User
from records.models import Dossier, Record
from retention.models import RecordClass
from tests.factories import (
    DossierFactory,
    DossierMemberFactory,
    OrganisationFactory,
    RecordClassFactory,
    RecordCopyFactory,
    RecordFactory,
    RecordSubjectFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ADMIN_APPS = ("access_control", "records", "retention")


def _administrator(organisation) -> User:
    user = UserFactory(organisation=organisation, role=Role.ADMINISTRATOR, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))
    return user


@pytest.fixture
def org_a():
    return OrganisationFactory()


@pytest.fixture
def org_b():
    return OrganisationFactory()


@pytest.fixture
def admin_a(org_a, client):
    user = _administrator(org_a)
    client.force_login(user)
    return user


def _changelist(client, model) -> list:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url)
    assert response.status_code == 200
    return list(response.context["cl"].queryset)


@pytest.mark.parametrize(
    ("model", "factory"),
    [(Record, RecordFactory), (Dossier, DossierFactory), (RecordClass, RecordClassFactory)],
)
def test_it_lists_only_the_administrators_organisation(client, admin_a, org_a, org_b, model, factory):
    own = [factory(organisation=org_a), factory(organisation=org_a)]
    factory(organisation=org_b)

    assert sorted(obj.pk for obj in _changelist(client, model)) == sorted(obj.pk for obj in own)


def test_it_lists_only_the_users_of_the_administrators_organisation(client, admin_a, org_a, org_b):
    colleague = UserFactory(organisation=org_a)
    UserFactory(organisation=org_b)
    User.objects.create_superuser("platform-root", "root@example.test", "a long enough password")

    assert {user.pk for user in _changelist(client, User)} == {admin_a.pk, colleague.pk}


def test_it_shows_an_administrator_only_their_own_organisation(client, admin_a, org_a, org_b):
    from access_control.models import Organisation

    assert _changelist(client, Organisation) == [org_a]


@pytest.mark.parametrize(
    ("model", "factory"),
    [(Record, RecordFactory), (Dossier, DossierFactory), (User, UserFactory)],
)
def test_it_refuses_the_change_page_of_another_organisations_object(client, admin_a, org_b, model, factory):
    outsider_row = factory(organisation=org_b)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[outsider_row.pk])

    response = client.get(url)

    # The admin answers "does not exist" (a redirect to its index) as for a missing id.
    assert response.status_code in (302, 404)
    assert str(outsider_row) not in response.content.decode()


def test_it_keeps_a_caseworker_without_staff_status_out_of_the_admin(client, org_a):
    client.force_login(UserFactory(organisation=org_a, role=Role.CASEWORKER))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_offers_only_the_organisations_rows_as_choices(client, admin_a, org_a, org_b):
    own_class = RecordClassFactory(organisation=org_a)
    RecordClassFactory(organisation=org_b)
    own_unit = UnitFactory(organisation=org_a)
    UnitFactory(organisation=org_b)

    response = client.get(reverse("admin:records_record_add"))

    form = response.context["adminform"].form
    assert list(form.fields["record_class"].queryset) == [own_class]
    assert list(form.fields["unit"].queryset) == [own_unit]
    assert list(form.fields["organisation"].queryset) == [org_a]


def test_it_files_a_new_object_under_the_administrators_organisation(client, admin_a, org_a, org_b):
    response = client.post(
        reverse("admin:retention_recordclass_add"),
        # The organisation field is fixed for an administrator: a posted value is ignored.
        {
            "organisation": org_b.pk,
            "code": "GEN-1",
            "name": "General",
            "category": "business",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    assert RecordClass.objects.get(code="GEN-1").organisation == org_a


def test_it_creates_a_unit_with_its_team_group(client, admin_a, org_a):
    response = client.post(reverse("admin:access_control_unit_add"), {"name": "Triage"})

    assert response.status_code == 302
    unit = Unit.objects.get(name="Triage")
    assert unit.organisation == org_a
    assert unit.group_id is not None


def test_it_refuses_to_delete_a_record_through_the_admin(client, admin_a, org_a):
    """R-REC-4: records leave only through disposal, which reaches every copy."""
    record = RecordFactory(organisation=org_a)

    response = client.post(reverse("admin:records_record_delete", args=[record.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert Record.objects.filter(pk=record.pk).exists()


def test_it_keeps_unit_groups_in_step_with_unit_membership(client, admin_a, org_a):
    old_unit, new_unit = UnitFactory(organisation=org_a), UnitFactory(organisation=org_a)
    member = UserFactory(organisation=org_a, units=[old_unit])

    response = client.post(
        reverse("admin:access_control_user_change", args=[member.pk]),
        {
            "username": member.username,
            "email": member.email,
            "role": Role.TEAM_LEADER,
            "units": [new_unit.pk],
            "is_active": "on",
            "date_joined_0": "2026-01-05",
            "date_joined_1": "09:00:00",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert member.role == Role.TEAM_LEADER
    assert list(member.units.all()) == [new_unit]
    assert list(member.groups.all()) == [new_unit.group]


def test_it_does_not_let_an_administrator_grant_superuser_status(client, admin_a, org_a):
    member = UserFactory(organisation=org_a)

    response = client.get(reverse("admin:access_control_user_change", args=[member.pk]))

    fields = response.context["adminform"].form.fields
    assert "is_superuser" not in fields
    assert "user_permissions" not in fields
    assert "groups" not in fields


def test_it_shows_a_records_subjects_and_copies_read_only_where_disposal_decides(client, admin_a, org_a):
    """R-REC-3: the record's page lists every copy; a copy's status changes only by disposal."""
    record = RecordFactory(organisation=org_a)
    RecordSubjectFactory(record=record, person__family_name="Zwaluw")
    copy = RecordCopyFactory(record=record, location="Archive room B")

    response = client.get(reverse("admin:records_record_change", args=[record.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Zwaluw" in page
    assert "Archive room B" in page
    copy_formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.model is type(copy))
    assert "status" not in copy_formset.formset.forms[0].fields


def test_it_shows_a_dossiers_members(client, admin_a, org_a):
    member = DossierMemberFactory(dossier=DossierFactory(organisation=org_a), person__family_name="Merel")

    response = client.get(reverse("admin:records_dossier_change", args=[member.dossier.pk]))

    assert response.status_code == 200
    assert "Merel" in response.content.decode()
