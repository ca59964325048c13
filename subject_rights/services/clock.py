"""Stopping, restarting and extending a request's clock (R-DSR-11).

* A pause for clarification stops the clock from the day of asking; the answer restarts
  it, and the paused days (both the day of asking and the day of the answer) are added to
  the deadline before the working-day roll.
* An extension (complex or numerous requests) moves the deadline to start + the policy's
  extension months by the same rules; it must be made, and the requester told with
  reasons, before the deadline passes.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from subject_rights import deadlines
from subject_rights.models import RequestPause, RequestStatus, SubjectRequest
from subject_rights.services.common import not_in_future, require_request_handler, required_text
from subject_rights.services.workflow import ensure_can_move, request_lock, request_move


def _terms(request: SubjectRequest) -> deadlines.DeadlineTerms:
    return deadlines.DeadlineTerms.from_dict(request.deadline_terms)


def subject_request_pause(
    *, acting_user, request: SubjectRequest, question: str, asked_on: datetime.date
) -> SubjectRequest:
    """Stop the clock while the requester is asked to clarify what they want."""
    require_request_handler(acting_user, request)
    question = required_text(question, _("Say what the requester was asked to clarify."), "question")
    if asked_on is None:
        raise DomainError(_("Give the date the clarification was asked for."), field="asked_on")
    not_in_future(asked_on, _("The date of asking cannot be in the future."), "asked_on")
    with transaction.atomic():
        locked = request_lock(request)
        ensure_can_move(locked, RequestStatus.PAUSED)
        if asked_on < locked.received_on:
            raise DomainError(
                _("The clarification cannot be asked before the request was received."), field="asked_on"
            )
        if locked.current_due_on is not None and asked_on > locked.current_due_on:
            raise DomainError(
                _("The answer was due on %(date)s: a later question cannot stop the clock.")
                % {"date": f"{locked.current_due_on:%d-%m-%Y}"},
                field="asked_on",
            )
        last = locked.pauses.exclude(answered_on__isnull=True).order_by("-answered_on").first()
        if last is not None and asked_on <= last.answered_on:
            raise DomainError(
                _("The previous clarification was answered on %(date)s; a new pause starts after it.")
                % {"date": f"{last.answered_on:%d-%m-%Y}"},
                field="asked_on",
            )
        pause = RequestPause.objects.create(
            request=locked, question=question, asked_on=asked_on, paused_by=acting_user
        )
        locked.paused_from_status = locked.status
        return request_move(
            locked,
            acting_user=acting_user,
            new_status=RequestStatus.PAUSED,
            reason=question,
            update_fields=("paused_from_status",),
            legal_basis="R-DSR-11",
            data={"pause": pause.pk, "asked_on": asked_on.isoformat()},
        )


def subject_request_resume(
    *, acting_user, request: SubjectRequest, answered_on: datetime.date
) -> SubjectRequest:
    """Restart the clock on the day the clarification arrived; the deadline moves by the
    paused days, counting the day of asking and the day of the answer."""
    require_request_handler(acting_user, request)
    if answered_on is None:
        raise DomainError(_("Give the date the clarification arrived."), field="answered_on")
    not_in_future(answered_on, _("The date of the answer cannot be in the future."), "answered_on")
    with transaction.atomic():
        locked = request_lock(request)
        if locked.status != RequestStatus.PAUSED:
            raise DomainError(_("This request is not paused."), field="answered_on")
        pause = locked.pauses.select_for_update().get(answered_on__isnull=True)
        if answered_on < pause.asked_on:
            raise DomainError(
                _("The answer cannot come before the question (asked on %(date)s).")
                % {"date": f"{pause.asked_on:%d-%m-%Y}"},
                field="answered_on",
            )
        days = deadlines.pause_days(pause.asked_on, answered_on)
        pause.answered_on = answered_on
        pause.days = days
        pause.resumed_by = acting_user
        pause.save(update_fields=["answered_on", "days", "resumed_by"])
        terms = _terms(locked)
        locked.paused_days += days
        fields = ["paused_days", "paused_from_status"]
        if locked.clock_started_on is not None:
            locked.due_on = deadlines.response_due_on(terms, locked.clock_started_on, locked.paused_days)
            fields.append("due_on")
            if locked.extended_due_on is not None:
                locked.extended_due_on = deadlines.extended_due_on(
                    terms, locked.clock_started_on, locked.paused_days
                )
                fields.append("extended_due_on")
        back_to = locked.paused_from_status
        locked.paused_from_status = ""
        return request_move(
            locked,
            acting_user=acting_user,
            new_status=back_to,
            reason=_("Clarification received; %(days)s paused days added.") % {"days": days},
            update_fields=tuple(fields),
            legal_basis="R-DSR-11",
            data={
                "pause": pause.pk,
                "answered_on": answered_on.isoformat(),
                "paused_days": days,
                "due_on": locked.current_due_on.isoformat() if locked.current_due_on else None,
            },
        )


def subject_request_extend(
    *, acting_user, request: SubjectRequest, reason: str, notified_on: datetime.date | None = None
) -> SubjectRequest:
    """Extend the deadline for a complex or numerous request, before it passes, recording
    the reasons and the day the requester was told (R-DSR-11)."""
    require_request_handler(acting_user, request)
    reason = required_text(
        reason, _("Give the reason for the extension: the requester is told it."), "reason"
    )
    today = timezone.localdate()
    notified_on = notified_on or today
    not_in_future(notified_on, _("The requester cannot have been told in the future."), "notified_on")
    with transaction.atomic():
        locked = request_lock(request)
        ensure_can_move(locked, RequestStatus.EXTENDED)
        if locked.status != RequestStatus.IN_PROGRESS:
            raise DomainError(_("Only a request in progress can be extended."), field="reason")
        terms = _terms(locked)
        if not terms.allows_extension:
            raise DomainError(
                _("The deadline policy for this kind of request allows no extension (%(basis)s).")
                % {"basis": terms.legal_basis or terms.rule},
                field="reason",
            )
        if today > locked.due_on:
            raise DomainError(
                _("The answer was due on %(date)s: a deadline that has passed cannot be extended.")
                % {"date": f"{locked.due_on:%d-%m-%Y}"},
                field="reason",
            )
        if notified_on > locked.due_on or notified_on < locked.received_on:
            raise DomainError(
                _("The requester must be told of the extension between receipt and %(date)s.")
                % {"date": f"{locked.due_on:%d-%m-%Y}"},
                field="notified_on",
            )
        locked.extended_due_on = deadlines.extended_due_on(terms, locked.clock_started_on, locked.paused_days)
        locked.extension_reason = reason
        locked.extension_notified_on = notified_on
        locked.extended_by = acting_user
        return request_move(
            locked,
            acting_user=acting_user,
            new_status=RequestStatus.EXTENDED,
            reason=reason,
            update_fields=("extended_due_on", "extension_reason", "extension_notified_on", "extended_by"),
            legal_basis="GDPR art. 12(3); R-DSR-11",
            data={
                "due_on": locked.due_on.isoformat(),
                "extended_due_on": locked.extended_due_on.isoformat(),
                "notified_on": notified_on.isoformat(),
            },
        )
