"""Helpers every records-unit page uses."""

from django.core.exceptions import PermissionDenied

from retention import selectors
from retention.capabilities import may_approve_disposal, may_dispose


def require_area(user, area: str) -> None:
    """The records unit's pages are a role capability: refuse other roles with 403 (their
    objects still answer 404 to another organisation)."""
    if not selectors.user_sees_area(user, area):
        raise PermissionDenied


def require_role(user, roles) -> None:
    if getattr(user, "role", None) not in roles:
        raise PermissionDenied


def is_records_officer(user) -> bool:
    """Holds the matrix's "Destroy or anonymise" (R-ACC-1; by default records-unit officers):
    builds, trims, cancels and executes batches and sees every copy-destruction task."""
    return may_dispose(user)


def require_records_officer(user) -> None:
    """Only a records-unit officer acts on disposal batches (R-REC-9); others may only look."""
    if not is_records_officer(user):
        raise PermissionDenied


def require_disposal_approver(user) -> None:
    if not may_approve_disposal(user):
        raise PermissionDenied
