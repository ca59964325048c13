"""Receiving a request and verifying who asks (R-DSR-7, R-DSR-9, R-DSR-11).

A request is refused at the door when it names no subject or when the person asking may
not make it for the subject (capacity on the date of receipt). Its deadline terms are
copied from the organisation's policy as they are on the day it is logged.
"""

import datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.models import Organisation
from core.errors import DomainError, NotAllowed
from core.services import domain_event_record
from records.models import Person
from subject_rights import deadlines
from subject_rights.capacity import UnknownAgeBands, age_bands_for, capacity_for
from subject_rights.entitlement import entitlement_refusal
from subject_rights.models import (
    LEGAL_BASIS_BY_TYPE,
    Channel,
    IdentityMethod,
    RequesterRole,
    RequestStatus,
    RequestStatusChange,
    RequestType,
    SubjectRequest,
)
from subject_rights.selectors.requests import deadline_terms_for
from subject_rights.services.common import (
    acts_on_requests,
    handles_requests,
    not_in_future,
    require_request_handler,
    require_role,
    required_text,
)
from subject_rights.services.workflow import (
    ensure_can_move,
    id_copy_delete,
    id_copy_detach,
    request_lock,
    request_move,
)

# Verification is recorded from these statuses (a paused request is resumed first).
_BEFORE_VERIFICATION = frozenset({RequestStatus.RECEIVED, RequestStatus.AWAITING_IDENTITY})
_FINISHED = frozenset({RequestStatus.FULFILLED, RequestStatus.CLOSED})


def subject_request_reference_next(organisation: Organisation, year: int) -> str:
    """The next free reference like ``VT-SR-2026-00007``. Call with the organisation locked."""
    prefix = f"{organisation.slug[:4].upper()}-SR-{year}-"
    last = (
        SubjectRequest.objects.filter(organisation=organisation, reference__regex=rf"^{prefix}[0-9]{{1,9}}$")
        .annotate(number=Cast(Substr("reference", len(prefix) + 1), IntegerField()))
        .aggregate(last=Max("number"))["last"]
    )
    return f"{prefix}{(last or 0) + 1:05d}"


def _check_choice(value: str, choices: type, message: str, field: str) -> None:
    if value not in choices.values:
        raise DomainError(message % {"value": repr(value)}, field=field)


def _check_upload(upload: UploadedFile) -> None:
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise DomainError(
            _("The ID copy is larger than %(size)s MB.") % {"size": limit // (1024 * 1024)},
            field="id_document",
        )


def subject_request_create(
    *,
    acting_user,
    subject: Person | None,
    request_type: str,
    requester_role: str,
    received_on: datetime.date,
    channel: str,
    requester_name: str = "",
    requester_relationship: str = "",
    on_behalf_of: str = "",
    requester_contact: str = "",
    details: str = "",
    incompetent: bool = False,
    judged_competent: bool = False,
    id_document: UploadedFile | None = None,
) -> SubjectRequest:
    """Log a request: who asks, for whom, what, when; refuse one that cannot be made."""
    organisation = getattr(acting_user, "organisation", None)
    if organisation is None:
        raise NotAllowed(_("You must belong to an organisation to log a request."))
    require_role(acting_user, organisation.pk, acts_on_requests, _("Your role cannot log subject requests."))
    if subject is None:
        raise DomainError(
            _(
                "Name the person the request is about: a request without a subject cannot be "
                "answered (R-DSR-1)."
            ),
            field="subject",
        )
    if subject.organisation_id != organisation.pk:
        raise DomainError(_("That person is not known in this organisation."), field="subject")
    _check_choice(request_type, RequestType, _("Unknown type of request %(value)s."), "request_type")
    _check_choice(requester_role, RequesterRole, _("Unknown kind of requester %(value)s."), "requester_role")
    _check_choice(channel, Channel, _("Unknown channel %(value)s."), "channel")
    if received_on is None:
        raise DomainError(_("Give the date the request was received."), field="received_on")
    not_in_future(received_on, _("The date of receipt cannot be in the future."), "received_on")
    if requester_role == RequesterRole.SUBJECT and not (requester_name or "").strip():
        requester_name = subject.full_name
    requester_name = required_text(
        requester_name, _("Give the name of the person making the request."), "requester_name"
    )
    if requester_role != RequesterRole.SUBJECT:
        requester_relationship = required_text(
            requester_relationship,
            _("Say how the requester is related to %(name)s (e.g. mother, guardian, solicitor).")
            % {"name": subject.full_name},
            "requester_relationship",
        )
    if id_document is not None:
        _check_upload(id_document)

    capacity = _capacity(organisation, subject, received_on, incompetent, judged_competent)
    refusal = entitlement_refusal(capacity, requester_role, subject.full_name)
    if refusal:
        raise DomainError(refusal, field="requester_role")

    try:
        policy, terms = deadline_terms_for(organisation=organisation, request_type=request_type)
    except ValueError as error:
        raise DomainError(
            _("The deadline cannot be computed: %(error)s Ask the DPO to correct the deadline policy.")
            % {"error": error}
        ) from error
    destroy_by = None
    if request_type == RequestType.DESTRUCTION and terms.destroy_within_months:
        destroy_by = deadlines.destruction_due_on(received_on, terms.destroy_within_months)

    stored_name = ""
    try:
        with transaction.atomic():
            Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
            request = SubjectRequest(
                organisation=organisation,
                reference=subject_request_reference_next(organisation, received_on.year),
                request_type=request_type,
                subject=subject,
                requester_role=requester_role,
                requester_name=requester_name,
                requester_relationship=(requester_relationship or "").strip(),
                on_behalf_of=(on_behalf_of or "").strip(),
                requester_contact=(requester_contact or "").strip(),
                details=(details or "").strip(),
                received_on=received_on,
                channel=channel,
                handler=acting_user if handles_requests(acting_user) else None,
                subject_age_on_receipt=capacity.age,
                signatories=capacity.signatories,
                capacity_reason=capacity.reason,
                deadline_policy=policy,
                deadline_terms=terms.as_dict(),
                clock_started_on=received_on,
                due_on=deadlines.response_due_on(terms, received_on),
                destroy_by=destroy_by,
                created_by=acting_user,
            )
            if id_document is not None:
                request.id_document.save(id_document.name, id_document, save=False)
                stored_name = request.id_document.name
            request.save()
            RequestStatusChange.objects.create(
                request=request, old_status="", new_status=RequestStatus.RECEIVED, changed_by=acting_user
            )
            domain_event_record(
                acting_user=acting_user,
                verb="subject_request.created",
                target=request,
                legal_basis=LEGAL_BASIS_BY_TYPE[request_type],
                data={
                    "request_type": request_type,
                    "subject": subject.pk,
                    "requester_role": requester_role,
                    "signatories": capacity.signatories,
                    "due_on": request.due_on.isoformat(),
                    "deadline_terms": terms.as_dict(),
                },
            )
    except Exception:
        # The row rolled back; the ID copy must not linger in storage as an orphan.
        if stored_name:
            SubjectRequest._meta.get_field("id_document").storage.delete(stored_name)
        raise
    return request


def _capacity(organisation, subject: Person, received_on, incompetent: bool, judged_competent: bool):
    if incompetent and judged_competent:
        raise DomainError(
            _("A person cannot be judged both competent and not competent."), field="judged_competent"
        )
    try:
        bands = age_bands_for(organisation.jurisdiction)
    except UnknownAgeBands as error:
        raise DomainError(
            _("No age bands are configured for jurisdiction %(code)s (R-DSR-12).") % {"code": str(error)}
        ) from error
    try:
        capacity = capacity_for(
            date_of_birth=subject.date_of_birth,
            on=received_on,
            bands=bands,
            incompetent=incompetent,
            judged_competent=judged_competent,
        )
    except ValueError as error:
        raise DomainError(
            _("The request cannot have been received before %(name)s was born.")
            % {"name": subject.full_name},
            field="received_on",
        ) from error
    if capacity.needs_assessment:
        raise DomainError(
            _("%(reason)s Record whether %(name)s is competent to exercise their own rights (R-DSR-12).")
            % {"reason": capacity.reason, "name": subject.full_name},
            field="judged_competent",
        )
    return capacity


def subject_request_id_document_attach(
    *, acting_user, request: SubjectRequest, upload: UploadedFile
) -> SubjectRequest:
    """Keep a copy of the requester's ID until verification is recorded (R-DSR-9)."""
    require_request_handler(acting_user, request)
    _check_upload(upload)
    field = SubjectRequest._meta.get_field("id_document")
    stored_name = ""
    try:
        with transaction.atomic():
            locked = request_lock(request)
            if locked.identity_verified:
                raise DomainError(
                    _("Identity is already verified: no ID copy is kept after that (R-DSR-9)."),
                    field="id_document",
                )
            if locked.status in _FINISHED:
                raise DomainError(
                    _("This request is finished: no ID copy is kept for it."), field="id_document"
                )
            previous = locked.id_document.name
            locked.id_document.save(upload.name, upload, save=False)
            stored_name = locked.id_document.name
            locked.save(update_fields=["id_document", "updated_at"])
            domain_event_record(
                acting_user=acting_user,
                verb="subject_request.id_document_attached",
                target=locked,
                legal_basis="R-DSR-9",
            )
            if previous:
                # Only one copy is kept: the newer one replaces it.
                field.storage.delete(previous)
    except Exception:
        if stored_name:
            field.storage.delete(stored_name)
        raise
    return locked


def subject_request_identity_verify(
    *,
    acting_user,
    request: SubjectRequest,
    method: str,
    note: str = "",
    evidence_received_on: datetime.date | None = None,
    representation_proven_on: datetime.date | None = None,
    fee_received_on: datetime.date | None = None,
) -> SubjectRequest:
    """Record how the requester's identity (and their right to act for the subject) was
    verified; work on the request starts, and the ID copy is deleted (R-DSR-9).

    When identity evidence, proof of representation or a fee was asked for (the request is
    awaiting identity), the clock starts at the latest of receipt and those dates
    (R-DSR-11). Evidence that came with the request does not move the clock.
    """
    require_request_handler(acting_user, request)
    _check_choice(method, IdentityMethod, _("Unknown way of verifying identity %(value)s."), "method")
    note = (note or "").strip()
    if method == IdentityMethod.OTHER and not note:
        raise DomainError(_("Describe how the identity was verified."), field="note")
    for day, field in (
        (evidence_received_on, "evidence_received_on"),
        (representation_proven_on, "representation_proven_on"),
        (fee_received_on, "fee_received_on"),
    ):
        not_in_future(day, _("This date cannot be in the future."), field)
        if day is not None and day < request.received_on:
            raise DomainError(_("This date cannot be before the request was received."), field=field)
    with transaction.atomic():
        locked = request_lock(request)
        ensure_can_move(locked, RequestStatus.IN_PROGRESS)
        if locked.identity_verified:
            raise DomainError(_("Identity is already verified for this request."), field="method")
        if locked.status not in _BEFORE_VERIFICATION:
            raise DomainError(
                _("Resume the request before recording the identity verification."), field="method"
            )
        if locked.requester_role != RequesterRole.SUBJECT and representation_proven_on is None:
            raise DomainError(
                _("Record when %(requester)s showed they may act for %(subject)s (R-DSR-9).")
                % {"requester": locked.requester_name, "subject": locked.subject.full_name},
                field="representation_proven_on",
            )
        awaited = locked.status == RequestStatus.AWAITING_IDENTITY
        if awaited and not (evidence_received_on or representation_proven_on or fee_received_on):
            raise DomainError(
                _("Give the date the evidence asked for arrived: the clock starts then (R-DSR-11)."),
                field="evidence_received_on",
            )
        now = timezone.now()
        locked.identity_method = method
        locked.identity_note = note
        locked.identity_verified_by = acting_user
        locked.identity_verified_at = now
        locked.identity_evidence_received_on = evidence_received_on
        locked.representation_proven_on = representation_proven_on
        locked.fee_received_on = fee_received_on
        fields = [
            "identity_method",
            "identity_note",
            "identity_verified_by",
            "identity_verified_at",
            "identity_evidence_received_on",
            "representation_proven_on",
            "fee_received_on",
        ]
        if awaited:
            terms = deadlines.DeadlineTerms.from_dict(locked.deadline_terms)
            locked.clock_started_on = deadlines.clock_start(
                locked.received_on, evidence_received_on, representation_proven_on, fee_received_on
            )
            locked.due_on = deadlines.response_due_on(terms, locked.clock_started_on, locked.paused_days)
            fields += ["clock_started_on", "due_on"]
        id_copy, copy_fields = id_copy_detach(locked)
        fields += copy_fields
        request_move(
            locked,
            acting_user=acting_user,
            new_status=RequestStatus.IN_PROGRESS,
            reason=str(IdentityMethod(method).label),
            update_fields=tuple(fields),
            legal_basis="R-DSR-9",
            data={
                "method": method,
                "id_copy_deleted": bool(id_copy),
                "clock_started_on": locked.clock_started_on.isoformat(),
                "due_on": locked.due_on.isoformat(),
            },
        )
        id_copy_delete(id_copy)
    return locked
