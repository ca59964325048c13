"""Legal holds: placing and releasing them (RETENTION.md precedence: a hold suspends everything).

A hold names records, dossiers and/or people; an item is held while an active hold names it
or a person it is about (retention.selectors.held_condition). Disposal, transfer and
anonymisation all exclude held items, and execution re-checks them, so placing a hold needs
no recompute. Holds are never deleted: release keeps who, when and why.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.models import Organisation, Role
from access_control.permissions import user_may_manage_holds
from core.errors import DomainError, NotAllowed
from core.services import domain_event_record
from records.models import Dossier, ItemStatus, Person, Record
from retention.models import HoldAuthority, LegalHold

# Who may stop and restart disposal: the records unit, the DPO (independent oversight) and
# team leaders (they know when an investigation or a complaint is pending).
HOLD_ROLES = frozenset({Role.RECORDS_OFFICER, Role.DPO, Role.TEAM_LEADER})
# An API client's service user reaches these services only through the endpoints that
# require its holds:write scope (api.views.retention), so the role alone grants nothing.
SERVICE_HOLD_ROLES = HOLD_ROLES | {Role.API_CLIENT}
GONE_STATUSES = frozenset({ItemStatus.DISPOSED, ItemStatus.ANONYMISED, ItemStatus.TRANSFERRED})
REFERENCE_MAX = LegalHold._meta.get_field("authority_reference").max_length


def _require_hold_role(acting_user, organisation_id: int) -> None:
    # Who manages holds is a cell of the authorisation matrix (R-ACC-1); by default the
    # roles of HOLD_ROLES and API clients (SERVICE_HOLD_ROLES).
    if not user_may_manage_holds(acting_user):
        raise NotAllowed(
            _("Only a records-unit officer, the DPO or a team leader can place or release holds.")
        )
    if acting_user.organisation_id != organisation_id:
        raise NotAllowed(_("You can only place or release holds in your own organisation."))


def _authority_text(hold: LegalHold) -> str:
    text = str(HoldAuthority(hold.authority).label)
    if hold.authority_reference:
        text += f" ({hold.authority_reference})"
    return text[:255]


def _check_scope(organisation: Organisation, records: list, dossiers: list, people: list) -> None:
    if not (records or dossiers or people):
        raise DomainError(_("Choose at least one record, dossier or person to hold."), field="records")
    for items, field in ((records, "records"), (dossiers, "dossiers"), (people, "people")):
        if any(item.organisation_id != organisation.pk for item in items):
            raise DomainError(
                _("Every item on hold must belong to %(organisation)s.")
                % {"organisation": organisation.name},
                field=field,
            )
    for record in records:
        if record.status in GONE_STATUSES:
            raise DomainError(
                _("Record %(reference)s is already %(status)s: there is nothing left to hold.")
                % {"reference": record.reference, "status": record.get_status_display().lower()},
                field="records",
            )
    for dossier in dossiers:
        if dossier.lifecycle in GONE_STATUSES:
            raise DomainError(
                _("Dossier %(reference)s is already %(status)s: there is nothing left to hold.")
                % {"reference": dossier.reference, "status": dossier.get_lifecycle_display().lower()},
                field="dossiers",
            )


def legal_hold_place(
    *,
    acting_user,
    organisation: Organisation,
    reason: str,
    authority: str,
    authority_reference: str = "",
    records: Iterable[Record] = (),
    dossiers: Iterable[Dossier] = (),
    people: Iterable[Person] = (),
) -> LegalHold:
    """Stop disposal, transfer and anonymisation of the items in scope until released."""
    _require_hold_role(acting_user, organisation.pk)
    reason = (reason or "").strip()
    authority_reference = (authority_reference or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the hold."), field="reason")
    if authority not in HoldAuthority.values:
        raise DomainError(_("Choose the authority for the hold (e.g. CPIA, litigation)."), field="authority")
    if len(authority_reference) > REFERENCE_MAX:
        raise DomainError(
            _("The case or matter reference is longer than %(max)s characters.") % {"max": REFERENCE_MAX},
            field="authority_reference",
        )
    # Each item once, in the order given, however the caller built the lists.
    records = list(dict.fromkeys(records))
    dossiers = list(dict.fromkeys(dossiers))
    people = list(dict.fromkeys(people))
    _check_scope(organisation, records, dossiers, people)
    with transaction.atomic():
        # Lock the items (as execution does before its hold check), so a hold placed while
        # an item is being disposed either waits for that item or is seen by it.
        list(Record.objects.select_for_update().filter(pk__in=[r.pk for r in records]).values_list("pk"))
        list(Dossier.objects.select_for_update().filter(pk__in=[d.pk for d in dossiers]).values_list("pk"))
        list(Person.objects.select_for_update().filter(pk__in=[p.pk for p in people]).values_list("pk"))
        hold = LegalHold.objects.create(
            organisation=organisation,
            reason=reason,
            authority=authority,
            authority_reference=authority_reference,
            placed_by=acting_user,
        )
        hold.records.set(records)
        hold.dossiers.set(dossiers)
        hold.people.set(people)
        domain_event_record(
            acting_user=acting_user,
            verb="legal_hold.placed",
            target=hold,
            reason=reason,
            legal_basis=_authority_text(hold),
            data={
                "records": [r.pk for r in records],
                "dossiers": [d.pk for d in dossiers],
                "people": [p.pk for p in people],
            },
        )
    return hold


def legal_hold_release(*, acting_user, hold: LegalHold, reason: str) -> LegalHold:
    """End a hold; its items follow their schedules again (from the next sweep)."""
    _require_hold_role(acting_user, hold.organisation_id)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for releasing the hold."), field="reason")
    with transaction.atomic():
        locked = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if locked.released_at is not None:
            raise DomainError(
                _("This hold was already released on %(date)s.")
                % {"date": f"{timezone.localtime(locked.released_at):%d-%m-%Y}"},
                field="reason",
            )
        locked.released_by = acting_user
        locked.released_at = timezone.now()
        locked.release_reason = reason
        locked.save(update_fields=["released_by", "released_at", "release_reason"])
        domain_event_record(
            acting_user=acting_user,
            verb="legal_hold.released",
            target=locked,
            reason=reason,
            legal_basis=_authority_text(locked),
        )
    hold.released_by, hold.released_at, hold.release_reason = (
        locked.released_by,
        locked.released_at,
        locked.release_reason,
    )
    return hold
