"""Grants of involvement (R-ACC-5) and unit management."""

from django.contrib.auth.models import Group
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from access_control.models import Organisation, Unit
from core.errors import DomainError
from core.services import domain_event_record

INVOLVED_PERMS = ("view", "change")


def involvement_grant(*, acting_user, obj, user=None, unit: Unit | None = None) -> None:
    """Give a user or a whole team view and change rights on one dossier or record."""
    if (user is None) == (unit is None):
        raise DomainError("Grant to exactly one user or one unit.")
    grantee = user if user is not None else unit.group
    if getattr(grantee, "organisation_id", obj.organisation_id) != obj.organisation_id or (
        unit is not None and unit.organisation_id != obj.organisation_id
    ):
        raise DomainError("Grants stay inside the item's organisation.")
    model_name = obj._meta.model_name
    with transaction.atomic():
        for perm in INVOLVED_PERMS:
            assign_perm(f"{obj._meta.app_label}.{perm}_{model_name}", grantee, obj)
        domain_event_record(
            acting_user=acting_user,
            verb="involvement.granted",
            target=obj,
            data={"user": getattr(user, "pk", None), "unit": getattr(unit, "pk", None)},
        )


def involvement_revoke(*, acting_user, obj, user=None, unit: Unit | None = None, reason: str) -> None:
    if not reason.strip():
        raise DomainError("Give a reason for revoking access.", field="reason")
    if (user is None) == (unit is None):
        raise DomainError("Revoke from exactly one user or one unit.")
    grantee = user if user is not None else unit.group
    with transaction.atomic():
        for perm in INVOLVED_PERMS:
            remove_perm(f"{obj._meta.app_label}.{perm}_{obj._meta.model_name}", grantee, obj)
        domain_event_record(
            acting_user=acting_user,
            verb="involvement.revoked",
            target=obj,
            reason=reason,
            data={"user": getattr(user, "pk", None), "unit": getattr(unit, "pk", None)},
        )


def unit_create(*, acting_user, organisation: Organisation, name: str) -> Unit:
    name = name.strip()
    if not name:
        raise DomainError("Give the unit a name.", field="name")
    if Unit.objects.filter(organisation=organisation, name=name).exists():
        raise DomainError("This organisation already has a unit with that name.", field="name")
    with transaction.atomic():
        group = Group.objects.create(name=f"unit:{organisation.slug}:{name}"[:150])
        unit = Unit.objects.create(organisation=organisation, name=name, group=group)
        domain_event_record(acting_user=acting_user, verb="unit.created", target=unit)
    return unit


def unit_add_member(*, acting_user, unit: Unit, user) -> None:
    if user.organisation_id != unit.organisation_id:
        raise DomainError("A user can only join units of their own organisation.")
    with transaction.atomic():
        user.units.add(unit)
        user.groups.add(unit.group)
        domain_event_record(
            acting_user=acting_user, verb="unit.member_added", target=unit, data={"user": user.pk}
        )
