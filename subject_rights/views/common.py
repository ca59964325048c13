"""Helpers the request and consent pages share."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from access_control.models import Role
from subject_rights.models import CLOCK_RUNNING_STATUSES, SubjectRequest
from subject_rights.roles import handles_requests

# Who uses these pages: those who handle requests and consent (the matrix's "decide subject
# requests"), and the records unit, which prepares disclosures and carries out decided
# requests (R-REC-9). Oversight roles read figures on their dashboards and the access log,
# not the requests themselves.
READER_ROLES = frozenset({Role.RECORDS_OFFICER})


def user_handles_requests(user) -> bool:
    """Whose role may decide subject requests in the matrix (R-ACC-1; by default
    caseworkers, team leaders and the DPO) log and handle requests and record consent;
    other roles (the records unit, auditors) may only read what they are shown."""
    return handles_requests(user)


def require_reader(user) -> None:
    if not (user_handles_requests(user) or getattr(user, "role", None) in READER_ROLES):
        raise PermissionDenied


def require_handler(user) -> None:
    """Acting is a role capability: refuse other roles with 403 (objects they may not see
    still answer 404)."""
    if not user_handles_requests(user):
        raise PermissionDenied


@dataclass(frozen=True)
class Deadline:
    """A request's deadline as the queue and the detail page show it."""

    due_on: datetime.date | None
    running: bool
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.overdue else 0

    @property
    def due_soon(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= 7


def deadline_of(request: SubjectRequest, today: datetime.date) -> Deadline:
    """Days left only while the clock runs: a paused request or one awaiting identity has
    no running deadline (R-DSR-11), a decided or finished one no longer needs one."""
    due_on = request.current_due_on
    running = request.status in CLOCK_RUNNING_STATUSES and due_on is not None
    return Deadline(due_on, running, (due_on - today).days if running else None)
