"""Reading and changing an organisation's authorisation matrix (R-ACC-1).

Administrators change it (``administer`` on access rights); the DPO, auditors and
administrators read it (``view`` on access rights) as the overview of who may access which
kinds of data. See ``access_control.matrix`` for what a cell means.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from access_control.matrix import (
    APPLICABLE_ACTIONS,
    RECORD_CATEGORIES,
    DataCategory,
    MatrixAction,
    Scope,
    default_scope,
    grid_cells,
    scope_choices,
)
from access_control.models import MatrixRule, Organisation, Role
from access_control.permissions import matrix_forget, role_may
from core.errors import DomainError, NotAllowed
from core.services import domain_event_record

# (role, action, category)
Cell = tuple[str, str, str]


# --- Reads -----------------------------------------------------------------------------


def matrix_require_reader(user) -> None:
    if not role_may(user, MatrixAction.VIEW, DataCategory.ACCESS_RIGHTS):
        raise NotAllowed(_("Only administrators, the DPO and auditors can see the authorisation matrix."))


def matrix_require_editor(user) -> None:
    if not role_may(user, MatrixAction.ADMINISTER, DataCategory.ACCESS_RIGHTS):
        raise NotAllowed(_("Only an administrator can change the authorisation matrix."))


def matrix_scopes(*, organisation_id: int) -> dict[Cell, str]:
    """Every cell of the grid for one organisation: its own rule, else the default (one query)."""
    rows = MatrixRule.objects.filter(organisation_id=organisation_id, record_class__isnull=True).values_list(
        "role", "action", "category", "scope"
    )
    own = {(role, action, category): scope for role, action, category, scope in rows}
    return {
        (role, action, category): own.get((role, action, category), default_scope(role, action, category))
        for category, action in grid_cells()
        for role in Role.values
    }


@dataclass
class MatrixSection:
    """One data category of the grid: its actions (columns) and a row per role."""

    category: str
    label: str
    actions: list[tuple[str, str]]
    rows: list[tuple[str, str, list[tuple[str, str, str]]]] = field(default_factory=list)


def matrix_overview(*, user) -> list[MatrixSection]:
    """The whole matrix of the user's organisation, by category, for reading and export."""
    matrix_require_reader(user)
    scopes = matrix_scopes(organisation_id=user.organisation_id)
    scope_labels = dict(Scope.choices)
    action_labels = dict(MatrixAction.choices)
    sections = []
    for category, label in DataCategory.choices:
        actions = [(action, action_labels[action]) for action in APPLICABLE_ACTIONS[category]]
        section = MatrixSection(category=category, label=str(label), actions=actions)
        for role, role_label in Role.choices:
            cells = []
            for action, _label in actions:
                scope = scopes[(role, action, category)]
                shown = dict(scope_choices(action)).get(scope, scope_labels.get(scope, scope))
                cells.append((action, scope, str(shown)))
            section.rows.append((role, str(role_label), cells))
        sections.append(section)
    return sections


def matrix_class_rules(*, user):
    """The organisation's exceptions for single record classes."""
    matrix_require_reader(user)
    return (
        MatrixRule.objects.filter(organisation_id=user.organisation_id, record_class__isnull=False)
        .select_related("record_class")
        .order_by("record_class__code", "role", "action")
    )


# --- Writes ----------------------------------------------------------------------------


def matrix_install_defaults(*, acting_user, organisation: Organisation) -> int:
    """Write the shipped matrix out as the organisation's own rows (missing cells only)."""
    with transaction.atomic():
        existing = set(
            MatrixRule.objects.filter(organisation=organisation, record_class__isnull=True).values_list(
                "role", "action", "category"
            )
        )
        missing = [
            MatrixRule(
                organisation=organisation,
                role=role,
                action=action,
                category=category,
                scope=default_scope(role, action, category),
                updated_by=acting_user if getattr(acting_user, "pk", None) else None,
            )
            for category, action in grid_cells()
            for role in Role.values
            if (role, action, category) not in existing
        ]
        MatrixRule.objects.bulk_create(missing)
        if missing:
            domain_event_record(
                acting_user=acting_user,
                verb="access_matrix.defaults_installed",
                target=organisation,
                organisation=organisation,
                data={"cells": len(missing)},
            )
    return len(missing)


def _check_scope(action: str, category: str, scope: str) -> None:
    if action not in APPLICABLE_ACTIONS.get(category, ()):
        raise DomainError(_("That action does not apply to that kind of data."), field="matrix")
    if scope not in dict(scope_choices(action)):
        raise DomainError(_("Choose one of the offered scopes."), field="matrix")


def matrix_update(*, acting_user, scopes: dict[Cell, str], reason: str = "") -> list[Cell]:
    """Set cells of the acting administrator's organisation's matrix; returns what changed.

    Refuses a matrix in which no role could administer it any more (a lock-out).
    """
    matrix_require_editor(acting_user)
    organisation_id = acting_user.organisation_id
    for (_role, action, category), scope in scopes.items():
        _check_scope(action, category, scope)
    with transaction.atomic():
        current = matrix_scopes(organisation_id=organisation_id)
        changed = {cell: scope for cell, scope in scopes.items() if current.get(cell) != scope}
        after = {**current, **changed}
        administer = (MatrixAction.ADMINISTER, DataCategory.ACCESS_RIGHTS)
        if not any(after[(role, *administer)] != Scope.NONE for role in Role.values):
            raise DomainError(
                _("At least one role must keep the right to administer access rights."), field="matrix"
            )
        for (role, action, category), scope in changed.items():
            MatrixRule.objects.update_or_create(
                organisation_id=organisation_id,
                role=role,
                action=action,
                category=category,
                record_class=None,
                defaults={"scope": scope, "updated_by": acting_user},
            )
        if changed:
            domain_event_record(
                acting_user=acting_user,
                verb="access_matrix.changed",
                target=acting_user.organisation,
                reason=reason,
                data={
                    "changes": [
                        {"role": r, "action": a, "category": c, "from": current[(r, a, c)], "to": s}
                        for (r, a, c), s in sorted(changed.items())
                    ]
                },
            )
    matrix_forget(acting_user)
    return sorted(changed)


def matrix_class_rule_set(
    *, acting_user, record_class, role: str, action: str, scope: str | None
) -> MatrixRule | None:
    """Set (or with ``scope=None`` remove) an exception for one record class."""
    matrix_require_editor(acting_user)
    if record_class.organisation_id != acting_user.organisation_id:
        raise NotAllowed()
    category = RECORD_CATEGORIES.get(record_class.category)
    if category is None or role not in Role.values:
        raise DomainError(_("Choose a role and a record class of the records register."), field="role")
    if scope is not None:
        _check_scope(action, category, scope)
    lookup = {
        "organisation_id": acting_user.organisation_id,
        "role": role,
        "action": action,
        "category": category,
        "record_class": record_class,
    }
    with transaction.atomic():
        rule = None
        if scope is None:
            MatrixRule.objects.filter(**lookup).delete()
        else:
            rule, _created = MatrixRule.objects.update_or_create(
                **lookup, defaults={"scope": scope, "updated_by": acting_user}
            )
        domain_event_record(
            acting_user=acting_user,
            verb="access_matrix.class_rule_set" if scope else "access_matrix.class_rule_removed",
            target=record_class,
            organisation=acting_user.organisation,
            data={"role": role, "action": action, "scope": scope},
        )
    matrix_forget(acting_user)
    return rule
