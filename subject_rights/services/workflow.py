"""The request workflow: the declared transition table and the one place that moves a request.

Every move locks the row (``select_for_update``), checks ``TRANSITIONS``, writes a
``RequestStatusChange`` and a domain event in the caller's transaction. Moves that need
more than a reason have their own service (identity, pause/resume, extension, decision);
``subject_request_transition`` does the plain ones.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError, InvalidTransition
from core.services import domain_event_record
from subject_rights.models import (
    LEGAL_BASIS_BY_TYPE,
    Decision,
    RequestStatus,
    RequestStatusChange,
    SubjectRequest,
)
from subject_rights.services.common import require_request_handler, required_text

S = RequestStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.AWAITING_IDENTITY, S.IN_PROGRESS, S.PAUSED, S.CLOSED}),
    S.AWAITING_IDENTITY: frozenset({S.IN_PROGRESS, S.CLOSED}),
    S.IN_PROGRESS: frozenset({S.PAUSED, S.EXTENDED, S.DECIDED, S.CLOSED}),
    S.EXTENDED: frozenset({S.PAUSED, S.DECIDED, S.CLOSED}),
    # A pause ends by going back to where it came from (or the requester gives up).
    S.PAUSED: frozenset({S.RECEIVED, S.IN_PROGRESS, S.EXTENDED, S.CLOSED}),
    S.DECIDED: frozenset({S.FULFILLED, S.CLOSED}),
    S.FULFILLED: frozenset(),
    S.CLOSED: frozenset(),
}

# Moves with their own service, and what to use instead.
_DEDICATED = {
    S.RECEIVED: gettext_lazy("resume the request when the clarification arrives"),
    S.IN_PROGRESS: gettext_lazy("record the identity verification (or resume the paused request)"),
    S.PAUSED: gettext_lazy("pause the request for clarification"),
    S.EXTENDED: gettext_lazy("extend the deadline with a reason"),
    S.DECIDED: gettext_lazy("record the decision with its reasons"),
}


def request_lock(request: SubjectRequest) -> SubjectRequest:
    """The request's row, locked until the end of the transaction, with current values."""
    # Lock the request's row only: the organisation and the subject are read, not changed.
    return (
        SubjectRequest.objects.select_for_update(of=("self",))
        .select_related("organisation", "subject")
        .get(pk=request.pk)
    )


def id_copy_detach(locked: SubjectRequest) -> tuple[str, tuple[str, ...]]:
    """Forget the requester's ID copy on the (locked) row: its storage name, to delete once
    the row is written, and the fields changed (none when no copy is kept)."""
    name = locked.id_document.name
    if not name:
        return "", ()
    locked.id_document = ""
    locked.id_document_deleted_at = timezone.now()
    return name, ("id_document", "id_document_deleted_at")


def id_copy_delete(name: str) -> None:
    """Delete a detached ID copy from storage. Called inside the transaction, last: if the
    file cannot be deleted, nothing is recorded either, so a verified or closed request
    never keeps an ID copy (R-DSR-9)."""
    if name:
        SubjectRequest._meta.get_field("id_document").storage.delete(name)


def ensure_can_move(locked: SubjectRequest, new_status: str) -> None:
    if new_status not in TRANSITIONS[locked.status]:
        raise InvalidTransition(
            _("Request %(reference)s is %(old)s; it cannot become %(new)s.")
            % {
                "reference": locked.reference,
                "old": locked.get_status_display().lower(),
                "new": RequestStatus(new_status).label.lower(),
            }
        )


def request_move(
    locked: SubjectRequest,
    *,
    acting_user,
    new_status: str,
    reason: str = "",
    update_fields: tuple[str, ...] = (),
    legal_basis: str = "",
    data: dict | None = None,
) -> SubjectRequest:
    """Move a locked request (with its other changed fields) and record the move."""
    ensure_can_move(locked, new_status)
    old_status = locked.status
    locked.status = new_status
    locked.save(update_fields=["status", "updated_at", *update_fields])
    RequestStatusChange.objects.create(
        request=locked, old_status=old_status, new_status=new_status, reason=reason, changed_by=acting_user
    )
    domain_event_record(
        acting_user=acting_user,
        verb=f"subject_request.{new_status}",
        target=locked,
        reason=reason,
        legal_basis=legal_basis or LEGAL_BASIS_BY_TYPE[locked.request_type],
        data={"from": old_status, **(data or {})},
    )
    return locked


def subject_request_transition(
    *, acting_user, request: SubjectRequest, new_status: str, reason: str = ""
) -> SubjectRequest:
    """The plain moves: ask for identity evidence, mark fulfilled, close."""
    require_request_handler(acting_user, request)
    if new_status not in RequestStatus.values:
        raise InvalidTransition(_("Unknown status %(status)s.") % {"status": repr(new_status)})
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = request_lock(request)
        ensure_can_move(locked, new_status)
        if new_status in _DEDICATED:
            raise InvalidTransition(
                _("To make this request %(new)s, %(how)s.")
                % {"new": RequestStatus(new_status).label.lower(), "how": _DEDICATED[new_status]}
            )
        fields: tuple[str, ...] = ()
        id_copy = ""
        if new_status == S.AWAITING_IDENTITY:
            required_text(
                reason,
                _("Say what was asked for: identity evidence, proof of representation or a fee."),
                "reason",
            )
            # R-DSR-11: the clock starts when what was asked for arrives, not before.
            locked.clock_started_on = None
            locked.due_on = None
            fields = ("clock_started_on", "due_on")
        elif new_status == S.FULFILLED:
            if locked.decision == Decision.REFUSE:
                raise DomainError(_("A refused request is closed, not fulfilled."), field="status")
            locked.completed_on = timezone.localdate()
            fields = ("completed_on",)
        elif new_status == S.CLOSED:
            required_text(reason, _("Give the reason for closing the request."), "reason")
            locked.completed_on = timezone.localdate()
            # An ID copy of a request closed before verification is not kept either (R-DSR-9).
            id_copy, copy_fields = id_copy_detach(locked)
            fields = ("completed_on", *copy_fields)
        moved = request_move(
            locked,
            acting_user=acting_user,
            new_status=new_status,
            reason=reason,
            update_fields=fields,
            data={"id_copy_deleted": True} if id_copy else None,
        )
        id_copy_delete(id_copy)
        return moved
