"""The structure of a demo organisation: the organisation, its users, units, classes, assets.

Every step looks for what is already there first, so a second run writes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from faker import Faker

from access_control.matrix_rules import matrix_install_defaults
from access_control.models import Organisation, Role, Unit, User
from access_control.services import unit_add_member, unit_create
from core.errors import DomainError
from records.demo.catalogue import (
    ADMINISTRATORS_GROUP,
    DEMO_EMAIL_DOMAIN,
    RECORD_CLASSES_BY_KIND,
    OrganisationSpec,
)
from records.demo.names import given_and_family_name
from records.models import InformationAsset
from retention.models import RecordClass
from retention.services.schedules import schedules_install_defaults

# What an administrator may do in the (organisation-scoped) Django admin: set up units,
# users, assets and classes, and correct the organisation's people, records and dossiers.
# Never delete: disposal goes through the retention workflow (R-REC-4).
ADMINISTRATOR_PERMISSIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("access_control", "organisation"): ("view", "change"),
    ("access_control", "unit"): ("view", "add", "change"),
    ("access_control", "user"): ("view", "add", "change"),
    ("records", "informationasset"): ("view", "add", "change"),
    ("retention", "recordclass"): ("view", "add", "change"),
    ("records", "person"): ("view", "change"),
    ("records", "record"): ("view", "change"),
    ("records", "dossier"): ("view", "change"),
}


@dataclass
class DemoOrganisation:
    spec: OrganisationSpec
    organisation: Organisation
    users: dict[str, User]
    units: list[Unit]
    classes: dict[str, RecordClass]
    assets: dict[str, InformationAsset]


def demo_username(slug: str, role: str) -> str:
    return f"{slug}-{role.replace('_', '-')}"


def administrators_group() -> Group:
    group, _ = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    wanted = Permission.objects.none()
    for (app_label, model), actions in ADMINISTRATOR_PERMISSIONS.items():
        wanted |= Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=[f"{action}_{model}" for action in actions],
        )
    missing = wanted.exclude(pk__in=group.permissions.values("pk"))
    if missing.exists():
        group.permissions.add(*missing)
    return group


def organisation_ensure(spec: OrganisationSpec) -> Organisation:
    organisation = Organisation.objects.filter(slug=spec.slug).first()
    if organisation is None:
        organisation = _organisation_create(spec)
    # The authorisation matrix as the organisation's own, editable rows (R-ACC-1).
    matrix_install_defaults(acting_user=None, organisation=organisation)
    return organisation


def _organisation_create(spec: OrganisationSpec) -> Organisation:
    month, day = spec.financial_year_end
    return Organisation.objects.create(
        slug=spec.slug,
        name=spec.name,
        kind=spec.kind,
        jurisdiction=spec.jurisdiction,
        default_language=spec.language,
        financial_year_end_month=month,
        financial_year_end_day=day,
    )


def users_ensure(
    spec: OrganisationSpec, organisation: Organisation, *, password_hash: Callable[[], str], fake: Faker, rng
) -> dict[str, User]:
    """One user per role, ``<slug>-<role>``; existing users are left exactly as they are.

    ``password_hash`` returns the demo password's hash; it is called only when a user is new.
    """
    usernames = {role: demo_username(spec.slug, role) for role in Role.values}
    existing = {user.username: user for user in User.objects.filter(username__in=usernames.values())}
    users: dict[str, User] = {}
    for role, username in usernames.items():
        user = existing.get(username)
        if user is not None:
            if user.organisation_id != organisation.pk:
                raise DomainError(f"User {username} exists but belongs to another organisation.")
            users[role] = user
            continue
        given, family = given_and_family_name(fake, rng, welsh=spec.slug == "heddlu")
        user = User.objects.create(
            username=username,
            email=f"{username}@{DEMO_EMAIL_DOMAIN}",
            first_name=given,
            last_name=family,
            organisation=organisation,
            role=role,
            password=password_hash(),
            is_staff=role == Role.ADMINISTRATOR,
            preferred_language=spec.language,
        )
        if role == Role.ADMINISTRATOR:
            user.groups.add(administrators_group())
        users[role] = user
    return users


def units_ensure(spec: OrganisationSpec, organisation: Organisation, users: dict[str, User]) -> list[Unit]:
    """The organisation's units; the caseworker joins the first, the team leader leads all."""
    admin = users[Role.ADMINISTRATOR]
    existing = {unit.name: unit for unit in Unit.objects.filter(organisation=organisation)}
    units = [
        existing.get(name) or unit_create(acting_user=admin, organisation=organisation, name=name)
        for name in spec.units
    ]
    memberships = ((users[Role.CASEWORKER], units[:1]), (users[Role.TEAM_LEADER], units))
    for user, wanted in memberships:
        joined = set(user.units.values_list("pk", flat=True))
        for unit in wanted:
            if unit.pk not in joined:
                unit_add_member(acting_user=admin, unit=unit, user=user)
    return units


def seed_record_classes(organisation: Organisation) -> dict[str, RecordClass]:
    """The default record classes for the organisation's kind, by code (created if missing).

    The retention engine calls this too, then attaches a schedule to each class.
    """
    classes: dict[str, RecordClass] = {}
    for spec in RECORD_CLASSES_BY_KIND[organisation.kind]:
        record_class, _ = RecordClass.objects.get_or_create(
            organisation=organisation,
            code=spec.code,
            defaults={"name": spec.name, "category": spec.category, "description": spec.description},
        )
        classes[spec.code] = record_class
    return classes


def assets_ensure(
    spec: OrganisationSpec, organisation: Organisation, owner: User
) -> dict[str, InformationAsset]:
    """Information assets owned by the organisation's asset owner (R-REC-1, R-REC-9)."""
    assets: dict[str, InformationAsset] = {}
    for asset in spec.assets:
        assets[asset.key], _ = InformationAsset.objects.get_or_create(
            organisation=organisation,
            name=asset.name,
            defaults={"description": asset.description, "owner": owner},
        )
    return assets


def schedules_ensure(organisation: Organisation, owner: User) -> None:
    """RETENTION.md's default schedules, linked to the classes of the same code.

    Installed before any record exists, so the services compute each item's retention
    date as it is created. Information Asset Owners set schedules (R-REC-9).
    """
    schedules_install_defaults(acting_user=owner, organisation=organisation)


def demo_organisation_ensure(
    spec: OrganisationSpec, *, password_hash: Callable[[], str], fake: Faker, rng
) -> DemoOrganisation:
    organisation = organisation_ensure(spec)
    users = users_ensure(spec, organisation, password_hash=password_hash, fake=fake, rng=rng)
    units = units_ensure(spec, organisation, users)
    seed_record_classes(organisation)  # first, so the classes carry the demo's names
    schedules_ensure(organisation, users[Role.ASSET_OWNER])
    return DemoOrganisation(
        spec=spec,
        organisation=organisation,
        users=users,
        units=units,
        classes=seed_record_classes(organisation),  # re-read: now linked to their schedules
        assets=assets_ensure(spec, organisation, users[Role.ASSET_OWNER]),
    )
