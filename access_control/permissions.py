"""Who may do what: the role capabilities and the involvement filter (R-ACC-1, R-ACC-5).

Visibility of a dossier or record is decided in SQL so list pages stay one query however
large the register: same organisation AND (an organisation-wide role OR a grant to the
user OR a grant to one of the user's teams OR, for team leaders, an item of their unit).
"""

from django.contrib.auth.models import Permission
from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from access_control.models import ORGANISATION_WIDE_ROLES, Role


class Action:
    CREATE_DOSSIER = "create_dossier"
    CREATE_RECORD = "create_record"
    CREATE_PERSON = "create_person"


# What each role may start. The full authorisation matrix (roles x actions x data
# categories, editable by administrators) replaces this in the access-control issue.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.CASEWORKER: frozenset({Action.CREATE_DOSSIER, Action.CREATE_RECORD, Action.CREATE_PERSON}),
    Role.TEAM_LEADER: frozenset({Action.CREATE_DOSSIER, Action.CREATE_RECORD, Action.CREATE_PERSON}),
    Role.RECORDS_OFFICER: frozenset({Action.CREATE_RECORD, Action.CREATE_PERSON}),
    Role.ASSET_OWNER: frozenset(),
    Role.DPO: frozenset(),
    Role.AUDITOR: frozenset(),
    Role.ADMINISTRATOR: frozenset(),
    Role.API_CLIENT: frozenset(),
}


def user_can(user, action: str) -> bool:
    if not user.is_authenticated or user.organisation_id is None:
        return False
    return action in ROLE_ACTIONS.get(user.role, frozenset())


def _codename(model: type[Model], perm: str) -> str:
    return f"{perm}_{model._meta.model_name}"


def visible_to(user, queryset: QuerySet, *, perm: str = "view") -> QuerySet:
    """Filter ``queryset`` (Dossier or Record) to what ``user`` may ``perm`` (view/change)."""
    model = queryset.model
    if not user.is_authenticated or user.organisation_id is None:
        return queryset.none()
    queryset = queryset.filter(organisation_id=user.organisation_id)
    if perm == "view" and user.role in ORGANISATION_WIDE_ROLES:
        return queryset
    user_grants, group_grants = model.grant_models()
    codename = _codename(model, perm)
    by_user = user_grants.objects.filter(
        content_object=OuterRef("pk"), user_id=user.pk, permission__codename=codename
    )
    by_team = group_grants.objects.filter(
        content_object=OuterRef("pk"),
        group__user=user.pk,
        permission__codename=codename,
    )
    condition = Q(Exists(by_user)) | Q(Exists(by_team))
    if user.role == Role.TEAM_LEADER:
        condition |= Q(unit__in=user.units.values("pk"))
    return queryset.filter(condition)


def permission_for(model: type[Model], perm: str) -> Permission:
    return Permission.objects.get(
        content_type__app_label=model._meta.app_label, codename=_codename(model, perm)
    )
