"""The authorisation matrix (R-ACC-1): roles x actions x data categories, as data.

Management sets, per organisation, how far each role may take each action on each kind of
data. A cell holds a *scope*:

- ``none``: not at all;
- ``involved``: only items the user (or one of their teams) was granted (R-ACC-5);
- ``unit``: also every item filed under one of the user's units (team leaders);
- ``organisation``: everything of their own organisation (never another's).

For actions that are not about single items (approving disposal, exporting, administering)
only ``none`` and ``organisation`` ("allowed") make sense; the grid offers just those.

How a cell is read: the organisation's own ``MatrixRule`` row if there is one (a rule for a
record class beats the rule for its record category), else ``DEFAULT_MATRIX`` below. The
defaults are the rules the service shipped with, so an organisation that never touched its
matrix behaves exactly as before; ``matrix_install_defaults`` writes them out as rows so
the administrator sees and edits a complete grid.

The rows of the acting user's organisation are read once per user object (one query per
request, as ``request.user`` is loaded per request) and kept on it; the service that
changes a rule drops that copy, so a change takes effect on the next request.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from access_control.models import Role


class Scope(models.TextChoices):
    NONE = "none", _("No access")
    INVOLVED = "involved", _("Involved only")
    UNIT = "unit", _("Own units and involved")
    ORGANISATION = "organisation", _("Whole organisation")


# Wider scopes include narrower ones.
SCOPE_RANK = {Scope.NONE: 0, Scope.INVOLVED: 1, Scope.UNIT: 2, Scope.ORGANISATION: 3}


class MatrixAction(models.TextChoices):
    VIEW = "view", _("View")
    ADD = "add", _("Add")
    CHANGE = "change", _("Change")
    DESTROY = "destroy", _("Destroy or anonymise")
    APPROVE_DISPOSAL = "approve_disposal", _("Approve disposal")
    DECIDE_REQUESTS = "decide_requests", _("Decide subject requests")
    MANAGE_HOLDS = "manage_holds", _("Manage holds")
    EXPORT = "export", _("Export")
    ADMINISTER = "administer", _("Administer")


class DataCategory(models.TextChoices):
    DOSSIERS = "dossiers", _("Household dossiers")
    DOSSIER_SUMMARIES = "dossier_summaries", _("Dossier summaries (action advice)")
    RECORDS_POLICING = "records_policing", _("Records: policing purpose")
    RECORDS_BUSINESS = "records_business", _("Records: business / corporate")
    PEOPLE = "people", _("People")
    SPECIAL_CATEGORY = "special_category", _("Special-category data (health, ethnicity, religion)")
    SUBJECT_REQUESTS = "subject_requests", _("Data-subject requests")
    AUDIT = "audit", _("Audit and access logs")
    ACCESS_RIGHTS = "access_rights", _("Users, units and access rights")


# Record category value (records.RecordCategory) -> matrix category.
RECORD_CATEGORIES = {
    "policing": DataCategory.RECORDS_POLICING,
    "business": DataCategory.RECORDS_BUSINESS,
}

# Actions whose scope may be narrower than the organisation (they concern single items).
ITEM_ACTIONS = frozenset({MatrixAction.VIEW, MatrixAction.CHANGE})

# Which actions mean something for which category: the grid shows only these cells.
_ITEM_DATA = (
    MatrixAction.VIEW,
    MatrixAction.ADD,
    MatrixAction.CHANGE,
    MatrixAction.DESTROY,
    MatrixAction.APPROVE_DISPOSAL,
    MatrixAction.MANAGE_HOLDS,
    MatrixAction.EXPORT,
)
APPLICABLE_ACTIONS: dict[str, tuple[str, ...]] = {
    DataCategory.DOSSIERS: _ITEM_DATA,
    DataCategory.DOSSIER_SUMMARIES: (MatrixAction.VIEW,),
    DataCategory.RECORDS_POLICING: _ITEM_DATA,
    DataCategory.RECORDS_BUSINESS: _ITEM_DATA,
    DataCategory.PEOPLE: (MatrixAction.VIEW, MatrixAction.ADD, MatrixAction.CHANGE, MatrixAction.EXPORT),
    DataCategory.SPECIAL_CATEGORY: (
        MatrixAction.VIEW,
        MatrixAction.ADD,
        MatrixAction.CHANGE,
        MatrixAction.EXPORT,
    ),
    DataCategory.SUBJECT_REQUESTS: (MatrixAction.VIEW, MatrixAction.DECIDE_REQUESTS, MatrixAction.EXPORT),
    DataCategory.AUDIT: (MatrixAction.VIEW, MatrixAction.EXPORT),
    DataCategory.ACCESS_RIGHTS: (MatrixAction.VIEW, MatrixAction.ADMINISTER),
}

INVOLVED, UNIT, WHOLE = Scope.INVOLVED, Scope.UNIT, Scope.ORGANISATION
ALLOWED = Scope.ORGANISATION

R = Role
_RECORDS_UNIT_AND_OVERSIGHT = (R.RECORDS_OFFICER, R.ASSET_OWNER, R.DPO, R.AUDITOR, R.ADMINISTRATOR)


def _item_defaults() -> dict[tuple[str, str], str]:
    """Dossiers and records: who sees and edits what, as shipped (R-ACC-3, R-ACC-5)."""
    cells: dict[tuple[str, str], str] = {}
    for role in Role.values:
        cells[(role, MatrixAction.VIEW)] = INVOLVED
        # Editing always follows involvement: even oversight roles only change what they
        # were granted (R-ACC-3).
        cells[(role, MatrixAction.CHANGE)] = INVOLVED
    for role in _RECORDS_UNIT_AND_OVERSIGHT:
        cells[(role, MatrixAction.VIEW)] = WHOLE
    cells[(R.TEAM_LEADER, MatrixAction.VIEW)] = UNIT
    cells[(R.TEAM_LEADER, MatrixAction.CHANGE)] = UNIT
    cells[(R.RECORDS_OFFICER, MatrixAction.DESTROY)] = ALLOWED
    cells[(R.RECORDS_OFFICER, MatrixAction.APPROVE_DISPOSAL)] = ALLOWED
    for role in (R.RECORDS_OFFICER, R.DPO, R.TEAM_LEADER, R.API_CLIENT):
        cells[(role, MatrixAction.MANAGE_HOLDS)] = ALLOWED
    for role in (R.RECORDS_OFFICER, R.DPO):
        cells[(role, MatrixAction.EXPORT)] = ALLOWED
    return cells


def _build_defaults() -> dict[tuple[str, str, str], str]:
    defaults: dict[tuple[str, str, str], str] = {}
    items = _item_defaults()
    for category in (DataCategory.DOSSIERS, DataCategory.RECORDS_POLICING, DataCategory.RECORDS_BUSINESS):
        for (role, action), scope in items.items():
            defaults[(role, action, category)] = scope
    for role in (R.CASEWORKER, R.TEAM_LEADER):
        defaults[(role, MatrixAction.ADD, DataCategory.DOSSIERS)] = ALLOWED
    for role in (R.CASEWORKER, R.TEAM_LEADER, R.RECORDS_OFFICER):
        for category in (DataCategory.RECORDS_POLICING, DataCategory.RECORDS_BUSINESS, DataCategory.PEOPLE):
            defaults[(role, MatrixAction.ADD, category)] = ALLOWED
    # Summaries (action advice) reach further than the file (R-ACC-5): a team leader sees
    # every summary of the organisation, a caseworker those of their own units' dossiers.
    for role in Role.values:
        defaults[(role, MatrixAction.VIEW, DataCategory.DOSSIER_SUMMARIES)] = INVOLVED
    defaults[(R.CASEWORKER, MatrixAction.VIEW, DataCategory.DOSSIER_SUMMARIES)] = UNIT
    for role in (R.TEAM_LEADER, *_RECORDS_UNIT_AND_OVERSIGHT):
        defaults[(role, MatrixAction.VIEW, DataCategory.DOSSIER_SUMMARIES)] = WHOLE
    # People and special-category data follow the items they appear in.
    for category in (DataCategory.PEOPLE, DataCategory.SPECIAL_CATEGORY):
        for role in Role.values:
            defaults[(role, MatrixAction.VIEW, category)] = INVOLVED
            defaults[(role, MatrixAction.CHANGE, category)] = INVOLVED
        for role in _RECORDS_UNIT_AND_OVERSIGHT:
            defaults[(role, MatrixAction.VIEW, category)] = WHOLE
        defaults[(R.TEAM_LEADER, MatrixAction.VIEW, category)] = UNIT
    defaults[(R.DPO, MatrixAction.EXPORT, DataCategory.PEOPLE)] = ALLOWED
    for role in (R.CASEWORKER, R.TEAM_LEADER):
        defaults[(role, MatrixAction.ADD, DataCategory.SPECIAL_CATEGORY)] = ALLOWED
    # Subject requests: handlers decide; the team leader and DPO see all of them.
    for role in (R.CASEWORKER, R.TEAM_LEADER, R.DPO):
        defaults[(role, MatrixAction.DECIDE_REQUESTS, DataCategory.SUBJECT_REQUESTS)] = ALLOWED
    defaults[(R.CASEWORKER, MatrixAction.VIEW, DataCategory.SUBJECT_REQUESTS)] = INVOLVED
    for role in (R.TEAM_LEADER, R.DPO, R.AUDITOR):
        defaults[(role, MatrixAction.VIEW, DataCategory.SUBJECT_REQUESTS)] = WHOLE
    defaults[(R.DPO, MatrixAction.EXPORT, DataCategory.SUBJECT_REQUESTS)] = ALLOWED
    # Audit: the DPO and auditors read and export the logs (R-ACC-4).
    for role in (R.DPO, R.AUDITOR):
        defaults[(role, MatrixAction.VIEW, DataCategory.AUDIT)] = ALLOWED
        defaults[(role, MatrixAction.EXPORT, DataCategory.AUDIT)] = ALLOWED
    # The overview of who may access what: administrators keep it, the DPO and auditors read it.
    for role in (R.ADMINISTRATOR, R.DPO, R.AUDITOR):
        defaults[(role, MatrixAction.VIEW, DataCategory.ACCESS_RIGHTS)] = ALLOWED
    defaults[(R.ADMINISTRATOR, MatrixAction.ADMINISTER, DataCategory.ACCESS_RIGHTS)] = ALLOWED
    return defaults


# (role, action, category) -> scope; a cell not listed here is ``none``.
DEFAULT_MATRIX: dict[tuple[str, str, str], str] = _build_defaults()


def default_scope(role: str, action: str, category: str) -> str:
    return DEFAULT_MATRIX.get((role, action, category), Scope.NONE)


def scope_choices(action: str) -> list[tuple[str, str]]:
    """The scopes the grid offers for one action."""
    if action in ITEM_ACTIONS:
        return list(Scope.choices)
    return [(Scope.NONE, _("Not allowed")), (Scope.ORGANISATION, _("Allowed"))]


def grid_cells():
    """Every (category, action) cell of the grid, in display order."""
    for category in DataCategory.values:
        for action in APPLICABLE_ACTIONS[category]:
            yield category, action
