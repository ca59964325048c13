"""manage.py seed_demo: the four demo organisations, idempotent, all through the services."""

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from access_control.models import Organisation, Role, User
from core.models import DomainEvent
from records.demo import (
    DEMO_PASSWORD,
    ORGANISATIONS,
    RECORD_CLASSES_BY_KIND,
    demo_username,
    seed_record_classes,
)
from records.demo.catalogue import ADMINISTRATORS_GROUP
from records.models import Dossier, Record
from records.selectors import dossiers_visible_to, records_visible_to
from retention.models import RecordClass

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SMALL = {"records": 8, "dossiers": 6}


def seed(**numbers) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **(numbers or SMALL))
    return out.getvalue()


def all_rows() -> dict[str, list[dict]]:
    """Every row of every table, so a second run is seen to add and change nothing."""
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in apps.get_models()}


def test_it_adds_and_changes_no_rows_on_a_second_run():
    seed()
    before = all_rows()

    output = seed()

    assert all_rows() == before
    assert "0 records added" in output
    assert "0 dossiers added" in output


def test_it_creates_the_four_organisations_with_a_user_per_role_units_and_record_classes():
    seed()

    assert set(Organisation.objects.values_list("slug", "kind", "jurisdiction")) == {
        ("heddlu", "police_force", "GB-WLS"),
        ("vt", "veilig_thuis", "NL"),
        ("swv", "school_partnership", "NL"),
        ("school", "school", "GB-ENG"),
    }
    for spec in ORGANISATIONS:
        organisation = Organisation.objects.get(slug=spec.slug)
        for role in Role.values:
            user = User.objects.get(username=demo_username(spec.slug, role))
            assert (user.organisation, user.role) == (organisation, role)
            assert user.email == f"{user.username}@demo.test"
            assert user.check_password(DEMO_PASSWORD)
            assert user.is_staff == (role == Role.ADMINISTRATOR)
        assert set(RecordClass.objects.filter(organisation=organisation).values_list("code", flat=True)) == {
            c.code for c in RECORD_CLASSES_BY_KIND[spec.kind]
        }
        # Caseworkers join one unit, team leaders lead all; unit groups carry team grants.
        caseworker = User.objects.get(username=demo_username(spec.slug, Role.CASEWORKER))
        leader = User.objects.get(username=demo_username(spec.slug, Role.TEAM_LEADER))
        assert caseworker.units.count() == 1
        assert leader.units.count() == len(spec.units) == 2
        assert set(caseworker.groups.all()) == {unit.group for unit in caseworker.units.all()}


def test_it_lets_administrators_change_the_organisations_data_in_the_admin():
    seed()
    admin = User.objects.get(username="vt-administrator")

    assert list(admin.groups.values_list("name", flat=True)) == [ADMINISTRATORS_GROUP]
    for codename in ("access_control.change_unit", "access_control.add_user", "retention.change_recordclass"):
        assert admin.has_perm(codename)
    assert not admin.has_perm("records.delete_record")
    assert not User.objects.get(username="vt-caseworker").has_perm("access_control.change_unit")


def test_it_seeds_registers_through_the_services_and_prints_the_logins():
    output = seed()
    police = Organisation.objects.get(slug="heddlu")
    vt = Organisation.objects.get(slug="vt")

    assert Record.objects.filter(organisation=police).count() == SMALL["records"]
    assert Dossier.objects.filter(organisation=vt).count() == SMALL["dossiers"]
    # The schools get an eighth of the police register, rounded up.
    assert Record.objects.filter(organisation__slug="school").count() == 1
    assert DomainEvent.objects.filter(verb="record.created").count() == Record.objects.count()
    assert DomainEvent.objects.filter(verb="dossier.created").count() == Dossier.objects.count()
    # Every item is visible to whoever created it, and to nobody of another organisation.
    for record in Record.objects.select_related("created_by"):
        assert records_visible_to(record.created_by).filter(pk=record.pk).exists()
    for dossier in Dossier.objects.select_related("created_by"):
        assert dossiers_visible_to(dossier.created_by).filter(pk=dossier.pk).exists()
    assert not dossiers_visible_to(User.objects.get(username="heddlu-dpo")).exists()
    # R-REC-1: every record belongs to an asset owned by the Information Asset Owner.
    owners = Record.objects.filter(organisation=police).values_list(
        "information_asset__owner__username", flat=True
    )
    assert set(owners) == {"heddlu-asset-owner"}
    assert DEMO_PASSWORD in output
    assert "/admin/" in output
    for spec in ORGANISATIONS:
        for role in Role.values:
            assert demo_username(spec.slug, role) in output


def test_it_tops_up_to_a_larger_number():
    seed(records=4, dossiers=2)

    output = seed(records=6, dossiers=3)

    assert Record.objects.filter(organisation__slug="heddlu").count() == 6
    assert Dossier.objects.filter(organisation__slug="vt").count() == 3
    assert "2 records added" in output


def test_it_refuses_negative_numbers():
    with pytest.raises(CommandError):
        call_command("seed_demo", records=-1, dossiers=0, stdout=io.StringIO())
    assert not Organisation.objects.exists()


def test_it_creates_record_classes_once_for_the_retention_engine():
    organisation = Organisation.objects.create(name="Heddlu", slug="heddlu", kind="police_force")

    first = seed_record_classes(organisation)
    again = seed_record_classes(organisation)

    assert first == again
    assert set(first) == {
        "MOPI-1",
        "MOPI-2",
        "MOPI-3",
        "MOPI-4",
        "MOPI-MISC",
        "CORP-FIN",
        "CORP-HR",
        "CORP-POLICY",
    }
    assert {c.category for code, c in first.items() if code.startswith("MOPI")} == {"policing"}
    assert {c.category for code, c in first.items() if code.startswith("CORP")} == {"business"}
