"""Who may do what: the authorisation matrix read for one user, and the involvement filter
(R-ACC-1, R-ACC-3, R-ACC-5).

Visibility of a dossier or record is decided in SQL so list pages stay one query however
large the register: same organisation AND (the matrix gives the role the whole
organisation for the item's category OR a grant to the user OR a grant to one of the
user's teams OR, where the matrix says "own units", an item of one of their units OR a live
break-glass opening by the user). A record marked as special-category data must also pass
the matrix's cell for special-category data.
"""

from django.contrib.auth.models import Permission
from django.db.models import Exists, Model, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, In
from django.utils import timezone

from access_control.matrix import RECORD_CATEGORIES, DataCategory, MatrixAction, Scope, default_scope
from access_control.models import BreakGlassAccess, MatrixRule


class Action:
    CREATE_DOSSIER = "create_dossier"
    CREATE_RECORD = "create_record"
    CREATE_PERSON = "create_person"


# What starting something new means in the matrix: any one of these cells allowed.
ACTION_CELLS: dict[str, tuple[tuple[str, str], ...]] = {
    Action.CREATE_DOSSIER: ((MatrixAction.ADD, DataCategory.DOSSIERS),),
    Action.CREATE_RECORD: (
        (MatrixAction.ADD, DataCategory.RECORDS_POLICING),
        (MatrixAction.ADD, DataCategory.RECORDS_BUSINESS),
    ),
    Action.CREATE_PERSON: ((MatrixAction.ADD, DataCategory.PEOPLE),),
}

_CACHE_ATTRIBUTE = "_access_matrix"


def _cells(user) -> dict[tuple[str, str, int | None], str]:
    """The organisation's rules for the user's role, read once per user object."""
    cached = user.__dict__.get(_CACHE_ATTRIBUTE)
    if cached is None:
        rows = MatrixRule.objects.filter(organisation_id=user.organisation_id, role=user.role).values_list(
            "action", "category", "record_class_id", "scope"
        )
        cached = {(action, category, rc): scope for action, category, rc, scope in rows}
        user.__dict__[_CACHE_ATTRIBUTE] = cached
    return cached


def matrix_forget(user) -> None:
    """Drop the copy of the matrix kept on ``user`` (after a rule changed)."""
    user.__dict__.pop(_CACHE_ATTRIBUTE, None)


def _signed_in(user) -> bool:
    return bool(user.is_authenticated and user.organisation_id is not None)


def user_scope(user, action: str, category: str, *, record_class_id: int | None = None) -> str:
    """How far ``user`` may take ``action`` on ``category`` (a ``Scope`` value)."""
    if not _signed_in(user):
        return Scope.NONE
    cells = _cells(user)
    if record_class_id is not None and (action, category, record_class_id) in cells:
        return cells[(action, category, record_class_id)]
    return cells.get((action, category, None), default_scope(user.role, action, category))


def role_may(user, action: str, category: str) -> bool:
    """May ``user`` take ``action`` on ``category`` at all (for actions that are not about
    one item, such as approving disposal or reading the audit log)?"""
    return user_scope(user, action, category) != Scope.NONE


# The register's own data: dossiers and both record categories.
REGISTER_CATEGORIES = (DataCategory.DOSSIERS, *RECORD_CATEGORIES.values())


def user_can(user, action: str, *, category: str | tuple[str, ...] | None = None) -> bool:
    """The one capability check every service and view asks (R-ACC-1, R-ACC-3).

    With ``category`` (a ``DataCategory`` or several): may ``user`` take the matrix
    ``action`` (a ``MatrixAction``) on it at all, on any of several? Without: may ``user``
    start something new (an ``Action``)? Whether the user may act on one particular item
    (involvement, own units) is the business of ``visible_to`` and the callers' involvement
    rules; this answers only whether the role has the capability.
    """
    if user is None:
        return False
    if category is None:
        return any(role_may(user, cell_action, cell) for cell_action, cell in ACTION_CELLS[action])
    categories = (category,) if isinstance(category, str) else category
    return any(role_may(user, action, c) for c in categories)


def user_may_manage_holds(user) -> bool:
    """May ``user`` place and release legal holds (on any of the register's data)?"""
    return user_can(user, MatrixAction.MANAGE_HOLDS, category=REGISTER_CATEGORIES)


def user_sees_whole_register(user) -> bool:
    """Does the matrix let ``user`` view every dossier and record of their organisation?"""
    categories = (DataCategory.DOSSIERS, *RECORD_CATEGORIES.values())
    return all(user_scope(user, MatrixAction.VIEW, c) == Scope.ORGANISATION for c in categories)


def _codename(model: type[Model], perm: str) -> str:
    return f"{perm}_{model._meta.model_name}"


def scope_sql(user, action: str, category: str):
    """The cell's scope (the organisation's rule, else the default) as an SQL constant.

    Read from the matrix the user object already holds (``_cells``: one query per user
    object), so the database plans with the scope known and drops the branches that cannot
    apply; a subquery per cell made the list queries slow to plan (docs/benchmarks.md).
    """
    return Value(user_scope(user, action, category))


def cell_sql(user, action: str, category: str):
    """The cell's scope as an SQL expression, without a query of its own.

    When the user object already holds its matrix, the scope is a constant; otherwise an
    uncorrelated subquery on the organisation's rule, falling back to the shipped default,
    so a selector that needs one cell (e.g. "may see every subject request") stays one
    query instead of reading the whole matrix first.
    """
    if user.__dict__.get(_CACHE_ATTRIBUTE) is not None:
        return Value(user_scope(user, action, category))
    rule = MatrixRule.objects.filter(
        organisation_id=user.organisation_id,
        role=user.role,
        action=action,
        category=category,
        record_class__isnull=True,
    ).values("scope")[:1]
    return Coalesce(Subquery(rule), Value(default_scope(user.role, action, category)))


def scope_condition(scope, *, involved: Q, unit: Q) -> Q:
    """Rows a ``scope`` (an SQL expression) lets through, given the involvement conditions."""
    if isinstance(scope, Value):
        # Known when the query is built: only the branch that applies.
        return {
            Scope.ORGANISATION: Q(pk__isnull=False),
            Scope.UNIT: unit | involved,
            Scope.INVOLVED: involved,
        }.get(scope.value, Q(pk__in=[]))
    return (
        Q(Exact(scope, Value(Scope.ORGANISATION)))
        | (Q(Exact(scope, Value(Scope.UNIT))) & unit)
        | (Q(In(scope, [Scope.INVOLVED, Scope.UNIT, Scope.ORGANISATION])) & involved)
    )


def _class_rules(user, action: str, scopes: tuple[str, ...]) -> list[int]:
    """Record classes with their own rule for ``action`` whose scope is one of ``scopes``."""
    return sorted(
        class_id
        for (cell_action, _category, class_id), scope in _cells(user).items()
        if cell_action == action and class_id is not None and scope in scopes
    )


def break_glass_live(user, model: type[Model]) -> Exists:
    """Live break-glass openings of the outer row by ``user`` (R-ACC-5 emergency access)."""
    return Exists(
        BreakGlassAccess.objects.filter(
            user_id=user.pk,
            object_kind=model._meta.model_name,
            object_id=OuterRef("pk"),
            expires_at__gt=timezone.now(),
        )
    )


def visible_to(user, queryset: QuerySet, *, perm: str = "view") -> QuerySet:
    """Filter ``queryset`` (Dossier or Record) to what ``user`` may ``perm`` (view/change)."""
    model = queryset.model
    if not _signed_in(user):
        return queryset.none()
    queryset = queryset.filter(organisation_id=user.organisation_id)
    action = MatrixAction.VIEW if perm == "view" else MatrixAction.CHANGE
    user_grants, group_grants = model.grant_models()
    codename = _codename(model, perm)
    by_user = user_grants.objects.filter(
        content_object=OuterRef("pk"), user_id=user.pk, permission__codename=codename
    )
    by_team = group_grants.objects.filter(
        content_object=OuterRef("pk"), group__user=user.pk, permission__codename=codename
    )
    involved = Q(Exists(by_user)) | Q(Exists(by_team))
    unit = Q(unit__in=user.units.values("pk"))
    if model._meta.model_name == "record":
        condition = _record_condition(user, action, involved=involved, unit=unit)
        condition &= _special_category_condition(user, action, involved=involved, unit=unit)
    else:
        scope = scope_sql(user, action, DataCategory.DOSSIERS)
        condition = scope_condition(scope, involved=involved, unit=unit)
    if perm == "view":
        # Break-glass opens an item for reading only, never for editing.
        condition |= Q(break_glass_live(user, model))
    queryset = queryset.filter(condition)
    scopes = _scopes_in_play(user, action, model)
    if Scope.ORGANISATION not in scopes:
        # Same rows, fast plan: the condition above is an OR of per-row checks, which
        # PostgreSQL can only test row by row over the whole register (1.7 s at 1,000,000
        # records, docs/benchmarks.md). Someone who sees only what they are involved in,
        # their units' items or their break-glass openings starts from the short list of
        # those ids (a semi-join); the condition still decides.
        queryset = queryset.filter(pk__in=_reachable_ids(user, model, perm, units=Scope.UNIT in scopes))
    return queryset


def _scopes_in_play(user, action: str, model: type[Model]) -> set[str]:
    """Every scope the matrix gives ``user`` for ``action`` on ``model``'s rows: per
    category and, for records, per record class."""
    if model._meta.model_name != "record":
        return {user_scope(user, action, DataCategory.DOSSIERS)}
    scopes = {user_scope(user, action, category) for category in RECORD_CATEGORIES.values()}
    scopes.update(
        scope
        for (cell_action, _category, class_id), scope in _cells(user).items()
        if cell_action == action and class_id is not None
    )
    return scopes


def _reachable_ids(user, model: type[Model], perm: str, *, units: bool) -> QuerySet:
    """Ids the user can reach without an organisation-wide scope: granted to them or to
    their teams, of their units (when a scope is "own units"), opened by break-glass."""
    user_grants, group_grants = model.grant_models()
    codename = _codename(model, perm)
    # No ORDER BY in the parts of the UNION (a model's default ordering would add one).
    ids = (
        user_grants.objects.filter(user_id=user.pk, permission__codename=codename)
        .order_by()
        .values("content_object_id")
    )
    ids = ids.union(
        group_grants.objects.filter(group__user=user.pk, permission__codename=codename)
        .order_by()
        .values("content_object_id")
    )
    if units:
        of_units = model.objects.filter(
            organisation_id=user.organisation_id, unit__in=user.units.values("pk")
        )
        ids = ids.union(of_units.order_by().values("pk"))
    if perm == "view":
        opened = BreakGlassAccess.objects.filter(
            user_id=user.pk, object_kind=model._meta.model_name, expires_at__gt=timezone.now()
        )
        ids = ids.union(opened.order_by().values("object_id"))
    return ids


def _record_condition(user, action: str, *, involved: Q, unit: Q) -> Q:
    """Records: the scope of the record's class if the organisation set a rule for that
    class, else the scope of the record's category (R-ACC-1 "by record class")."""
    by_category = Q(pk__in=[])
    for value, category in RECORD_CATEGORIES.items():
        scope = scope_sql(user, action, category)
        by_category |= Q(category=value) & scope_condition(scope, involved=involved, unit=unit)
    all_scopes = (Scope.NONE, Scope.INVOLVED, Scope.UNIT, Scope.ORGANISATION)
    class_ruled = _class_rules(user, action, all_scopes)
    without_class_rule = Q(record_class__isnull=True) | ~Q(record_class_id__in=class_ruled)
    by_class = (
        Q(record_class_id__in=_class_rules(user, action, (Scope.ORGANISATION,)))
        | (Q(record_class_id__in=_class_rules(user, action, (Scope.UNIT,))) & unit)
        | (Q(record_class_id__in=_class_rules(user, action, all_scopes[1:])) & involved)
    )
    return (without_class_rule & by_category) | by_class


def _special_category_condition(user, action: str, *, involved: Q, unit: Q) -> Q:
    """A record marked as holding special-category data (health, ethnicity, religion) also
    needs the matrix's right on that category, as far as its scope reaches (R-ACC-1). The
    shipped matrix gives the same scopes as for records, so only an organisation that
    narrows it hides such records from someone who sees the rest."""
    scope = scope_sql(user, action, DataCategory.SPECIAL_CATEGORY)
    return Q(special_category=False) | scope_condition(scope, involved=involved, unit=unit)


def permission_for(model: type[Model], perm: str) -> Permission:
    return Permission.objects.get(
        content_type__app_label=model._meta.app_label, codename=_codename(model, perm)
    )
