"""Safeguarding concerns (R-SAF-1): the DSL team, logging a concern, the DSL team's record of
actions, decisions, advice and escalations, and closing with an outcome."""

import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.models import Role
from core.errors import DomainError, InvalidTransition, NotAllowed
from core.services import domain_event_record
from governance.access import DESIGNATORS, is_dsl_team
from governance.models import (
    Agency,
    Concern,
    ConcernCategory,
    ConcernEntry,
    ConcernStatus,
    DslRole,
    EntryKind,
    SafeguardingDesignation,
)
from governance.services.common import (
    default_record_class,
    mail_after_commit,
    require_member,
    require_not_future,
    require_same_organisation,
    require_text,
)
from records.models import Person

SAFEGUARDING_CLASS = "SCH-SAFEGUARDING"


def _require_dsl_team(acting_user) -> None:
    if not is_dsl_team(acting_user):
        raise NotAllowed(_("Only the Designated Safeguarding Lead and deputies can do this."))


def dsl_team_emails(organisation_id: int) -> list[str]:
    return list(
        SafeguardingDesignation.objects.filter(
            organisation_id=organisation_id, ended_at__isnull=True
        ).values_list("user__email", flat=True)
    )


# --- The DSL team ---------------------------------------------------------------------------


def dsl_designate(*, acting_user, user, role: str) -> SafeguardingDesignation:
    """An administrator designates ``user`` DSL or deputy DSL of their organisation."""
    require_member(acting_user)
    if acting_user.role not in DESIGNATORS:
        raise NotAllowed(_("Only an administrator designates the safeguarding lead and deputies."))
    if user is None:
        raise DomainError(_("Choose the member of staff to designate."), field="user")
    require_same_organisation(acting_user, user, field="user")
    if user.role == Role.API_CLIENT or not user.is_active:
        raise DomainError(_("Only an active member of staff can be on the DSL team."), field="user")
    if role not in DslRole.values:
        raise DomainError(_("Choose lead or deputy."), field="role")
    try:
        with transaction.atomic():
            designation = SafeguardingDesignation.objects.create(
                organisation_id=acting_user.organisation_id, user=user, role=role, designated_by=acting_user
            )
            domain_event_record(
                acting_user=acting_user,
                verb="safeguarding.dsl_designated",
                target=designation,
                data={"user": user.pk, "role": role},
            )
    except IntegrityError:
        raise DomainError(_("%(user)s is already on the DSL team.") % {"user": user}, field="user") from None
    return designation


def dsl_designation_end(*, acting_user, designation: SafeguardingDesignation) -> SafeguardingDesignation:
    require_member(acting_user)
    if acting_user.role not in DESIGNATORS:
        raise NotAllowed(_("Only an administrator designates the safeguarding lead and deputies."))
    require_same_organisation(acting_user, designation)
    with transaction.atomic():
        designation = SafeguardingDesignation.objects.select_for_update().get(pk=designation.pk)
        if designation.ended_at is not None:
            raise InvalidTransition(_("This designation has already ended."))
        designation.ended_at = timezone.now()
        designation.ended_by = acting_user
        designation.save(update_fields=["ended_at", "ended_by"])
        domain_event_record(
            acting_user=acting_user, verb="safeguarding.dsl_designation_ended", target=designation
        )
    return designation


# --- Concerns -------------------------------------------------------------------------------


def concern_report(
    *,
    acting_user,
    category: str,
    summary: str,
    pupils: Iterable[Person],
    occurred_on: datetime.date | None = None,
) -> Concern:
    """Any member of staff logs a concern about one or more pupils; the DSL team is told."""
    require_member(acting_user)
    if acting_user.role == Role.AUDITOR:
        raise NotAllowed(_("Auditors read registers; they do not log concerns."))
    if category not in ConcernCategory.values:
        raise DomainError(_("Choose the kind of concern."), field="category")
    summary = require_text(summary, _("Describe what happened."), "summary")
    pupils = list(dict.fromkeys(pupils))
    if not pupils:
        raise DomainError(_("Choose at least one pupil the concern is about."), field="pupils")
    require_same_organisation(acting_user, *pupils, field="pupils")
    if occurred_on is not None:
        require_not_future(occurred_on, "occurred_on")
    with transaction.atomic():
        concern = Concern.objects.create(
            organisation_id=acting_user.organisation_id,
            category=category,
            summary=summary,
            occurred_on=occurred_on,
            reported_by=acting_user,
            record_class=default_record_class(acting_user.organisation_id, SAFEGUARDING_CLASS),
        )
        concern.pupils.set(pupils)
        domain_event_record(
            acting_user=acting_user,
            verb="safeguarding.concern_reported",
            target=concern,
            legal_basis="R-SAF-1",
            data={"category": category, "pupils": [p.pk for p in pupils]},
        )
        # Routed to the DSL team (R-SAF-1): a reference and a link, no details by mail.
        mail_after_commit(
            _("New safeguarding concern %(reference)s") % {"reference": concern.reference},
            _("A safeguarding concern was logged. Read it at %(path)s")
            % {"path": reverse("governance:concern_detail", args=[concern.pk])},
            dsl_team_emails(acting_user.organisation_id),
        )
    return concern


def concern_entry_add(
    *,
    acting_user,
    concern: Concern,
    kind: str,
    text: str,
    agency: str = "",
    agency_contact: str = "",
    agency_reference: str = "",
    escalated_on: datetime.date | None = None,
) -> ConcernEntry:
    """The DSL team records an action, decision, advice given or escalation (R-SAF-1)."""
    _require_dsl_team(acting_user)
    require_same_organisation(acting_user, concern)
    if kind not in EntryKind.values:
        raise DomainError(_("Choose what you are recording."), field="kind")
    text = require_text(text, _("Write what was done, decided or advised."), "text")
    agency_contact, agency_reference = agency_contact.strip(), agency_reference.strip()
    if kind == EntryKind.ESCALATION:
        if agency not in Agency.values:
            raise DomainError(_("Choose the agency the concern was referred to."), field="agency")
        if escalated_on is None:
            raise DomainError(_("Enter the date of the referral."), field="escalated_on")
        require_not_future(escalated_on, "escalated_on")
        if not agency_contact:
            raise DomainError(_("Name who at the agency took the referral."), field="agency_contact")
    elif agency or agency_contact or agency_reference or escalated_on:
        agency, agency_contact, agency_reference, escalated_on = "", "", "", None
    with transaction.atomic():
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        if locked.status == ConcernStatus.CLOSED:
            raise InvalidTransition(_("The concern is closed; nothing more can be recorded on it."))
        entry = ConcernEntry.objects.create(
            organisation_id=locked.organisation_id,
            concern=locked,
            kind=kind,
            text=text,
            agency=agency,
            agency_contact=agency_contact,
            agency_reference=agency_reference,
            escalated_on=escalated_on,
            recorded_by=acting_user,
        )
        domain_event_record(
            acting_user=acting_user,
            verb=f"safeguarding.concern_{kind}",
            target=locked,
            legal_basis="R-SAF-1",
            data={"entry": entry.pk, "agency": agency},
        )
    return entry


def concern_close(*, acting_user, concern: Concern, outcome: str) -> Concern:
    _require_dsl_team(acting_user)
    require_same_organisation(acting_user, concern)
    outcome = require_text(outcome, _("Record the outcome of the concern."), "outcome")
    with transaction.atomic():
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        if locked.status == ConcernStatus.CLOSED:
            raise InvalidTransition(_("The concern is already closed."))
        locked.status = ConcernStatus.CLOSED
        locked.outcome = outcome
        locked.closed_by = acting_user
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "outcome", "closed_by", "closed_at"])
        domain_event_record(
            acting_user=acting_user, verb="safeguarding.concern_closed", target=locked, legal_basis="R-SAF-1"
        )
    return locked


def staff_of(organisation_id: int):
    """Active people of the organisation who can hold a device or be designated."""
    return (
        get_user_model()
        .objects.filter(organisation_id=organisation_id, is_active=True)
        .exclude(role=Role.API_CLIENT)
        .order_by("last_name", "first_name", "username")
    )
