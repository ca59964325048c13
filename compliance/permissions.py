"""Who sees the compliance pages and who may export their lists.

The compliance dashboard, its drill-down lists and the quarterly report are oversight (R-REC-9):
the DPO and auditors. Data-quality samples (R-REC-8) are the line managers' work: team leaders
draw and check samples of their own units, records-unit officers of any unit; the DPO and
auditors read them. Exporting a list (CSV) takes its data out of the system, so it is the
authorisation matrix's *export* cell (R-ACC-1) of every kind of data the list holds: as
shipped, the DPO exports request and record lists, auditors the audit-type lists (access,
break-glass, disposals, governance), records-unit officers record lists, team leaders none.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied

from access_control.matrix import RECORD_CATEGORIES, DataCategory, MatrixAction
from access_control.models import Role
from access_control.permissions import role_may

OVERSIGHT_ROLES = frozenset({Role.DPO, Role.AUDITOR})
SAMPLE_READER_ROLES = OVERSIGHT_ROLES | {Role.RECORDS_OFFICER, Role.TEAM_LEADER}
SAMPLE_DRAWER_ROLES = frozenset({Role.RECORDS_OFFICER, Role.TEAM_LEADER})
RECORD_DATA = tuple(RECORD_CATEGORIES.values())


def _in_organisation(user) -> bool:
    return bool(user.is_authenticated and getattr(user, "organisation_id", None) is not None)


def user_reads_compliance(user) -> bool:
    return _in_organisation(user) and user.role in OVERSIGHT_ROLES


def user_reads_samples(user) -> bool:
    return _in_organisation(user) and user.role in SAMPLE_READER_ROLES


def user_draws_samples(user) -> bool:
    return _in_organisation(user) and user.role in SAMPLE_DRAWER_ROLES


def user_may_export(user, categories: Iterable[str]) -> bool:
    """May ``user`` export data of every one of ``categories`` (matrix export cells)?"""
    return _in_organisation(user) and all(role_may(user, MatrixAction.EXPORT, c) for c in categories)


def user_may_export_samples(user) -> bool:
    """The list of samples holds counts, no personal data: the audit or record export cell."""
    return user_may_export(user, (DataCategory.AUDIT,)) or user_may_export(user, RECORD_DATA)


def sample_categories(kind: str) -> tuple[str, ...]:
    """The matrix categories of a sample's items (records or dossiers)."""
    return RECORD_DATA if kind == "records" else (DataCategory.DOSSIERS,)


def require(allowed: bool) -> None:
    """Pages are a role capability: refuse other roles with 403 (objects of another
    organisation still answer 404 through the selectors)."""
    if not allowed:
        raise PermissionDenied
