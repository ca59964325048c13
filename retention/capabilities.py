"""Who may take the disposal decisions, read from the authorisation matrix (R-ACC-1).

A disposal batch holds dossiers and records of either category, so a role holds a
capability when the matrix grants it on any of the register's categories (as for legal
holds). By default only records-unit officers hold both (R-REC-9); an organisation may, for
example, let team leaders approve disposal as well. The four-eyes rules (the builder never
approves, each stage another approver) stay in the services whoever holds the right.
"""

from django.utils.translation import gettext as _

from access_control.matrix import MatrixAction
from access_control.permissions import REGISTER_CATEGORIES, user_can
from core.errors import NotAllowed


def may_approve_disposal(user) -> bool:
    """The matrix's "Approve disposal": give an approval stage of a proposed batch."""
    return user_can(user, MatrixAction.APPROVE_DISPOSAL, category=REGISTER_CATEGORIES)


def may_dispose(user) -> bool:
    """The matrix's "Destroy or anonymise": build, trim, cancel and execute batches and
    confirm the destruction of copies for the whole organisation."""
    return user_can(user, MatrixAction.DESTROY, category=REGISTER_CATEGORIES)


def _require_own_organisation(user, organisation_id: int) -> None:
    if user is None or getattr(user, "organisation_id", None) != organisation_id:
        raise NotAllowed(_("Only the records unit of this organisation can do this."))


def disposal_approver_require(*, user, organisation_id: int) -> None:
    _require_own_organisation(user, organisation_id)
    if not may_approve_disposal(user):
        raise NotAllowed(_("Your role may not approve disposal."))


def disposer_require(*, user, organisation_id: int) -> None:
    _require_own_organisation(user, organisation_id)
    if not may_dispose(user):
        raise NotAllowed(_("Only a records-unit officer can do this."))
