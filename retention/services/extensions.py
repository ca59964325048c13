"""Extensions (R-WMO-3): a team leader keeps an item longer, with reasons; later, never earlier.

The decision is stored as a ``RetentionExtension`` row and as the item's
``retention_extended_to`` (a later-only override the engine applies), and the item is
recomputed in the same transaction so its date and explanation change at once. For a
dossier the decision and its reasons are also written into the dossier itself, as R-WMO-3
requires.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from access_control.models import Role
from core.errors import DomainError, NotAllowed
from core.services import domain_event_record
from records.models import Dossier, DossierStatus, EntryKind, EntryNature, ItemStatus, Record
from records.services import dossier_entry_add
from retention import engine
from retention.dates import FOREVER
from retention.models import DueAction, RetentionExtension


def _d(value: datetime.date) -> str:
    return value.strftime("%d-%m-%Y")


def _status(item) -> str:
    return item.status if isinstance(item, Record) else item.lifecycle


def _no_date_reason(item) -> str:
    if isinstance(item, Dossier) and item.status != DossierStatus.CLOSED:
        return _("the dossier is open, so it has no destruction date (R-WMO-5)")
    if item.retention_action == DueAction.RETAIN_PERMANENTLY:
        return _("it is kept permanently")
    return _("it has no retention date yet")


def retention_extend(
    *, acting_user, item: Record | Dossier, extended_to: datetime.date, reason: str
) -> RetentionExtension:
    """Keep ``item`` until ``extended_to`` (R-WMO-3). Refreshes ``item`` with its new dates."""
    if not isinstance(item, Record | Dossier):
        raise DomainError(_("Only a record or a dossier can be extended."))
    if getattr(acting_user, "role", None) != Role.TEAM_LEADER:
        raise NotAllowed(_("Only a team leader can extend retention (R-WMO-3)."))
    if acting_user.organisation_id != item.organisation_id:
        raise NotAllowed(_("You can only extend retention in your own organisation."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reasons for the extension (R-WMO-3)."), field="reason")
    if isinstance(extended_to, datetime.datetime) or not isinstance(extended_to, datetime.date):
        raise DomainError(_("Give the date until which the item is kept."), field="extended_to")
    if extended_to >= FOREVER:
        raise DomainError(
            _("Choose a real date; to keep an item permanently, change its schedule."), field="extended_to"
        )
    model = type(item)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=item.pk)
        if _status(locked) != ItemStatus.LIVE:
            raise DomainError(
                _("This item has already been disposed of or transferred."), field="extended_to"
            )
        current = locked.retention_due_on
        if current is None:
            raise DomainError(
                _("There is nothing to extend: %(reason)s.") % {"reason": _no_date_reason(locked)},
                field="extended_to",
            )
        # The due date already includes any earlier extension; both are checked so the
        # message is right even before a recompute has caught up with an old extension.
        floor = max(filter(None, (current, locked.retention_extended_to)))
        if extended_to <= floor:
            raise DomainError(
                _("An extension can only make retention longer: choose a date after %(date)s.")
                % {"date": _d(floor)},
                field="extended_to",
            )
        extension = RetentionExtension.objects.create(
            organisation_id=locked.organisation_id,
            record=locked if model is Record else None,
            dossier=locked if model is Dossier else None,
            previous_due_on=current,
            extended_to=extended_to,
            reason=reason,
            decided_by=acting_user,
        )
        locked.retention_extended_to = extended_to
        locked.save(update_fields=["retention_extended_to"])
        if model is Dossier:
            _record_in_dossier(acting_user, locked, current, extended_to, reason)
            engine.recompute_dossiers([locked.pk])
        else:
            engine.recompute_records([locked.pk])
        domain_event_record(
            acting_user=acting_user,
            verb="retention.extended",
            target=locked,
            reason=reason,
            legal_basis="R-WMO-3",
            data={"previous_due_on": current.isoformat(), "extended_to": extended_to.isoformat()},
        )
    item.refresh_from_db()
    return extension


def _record_in_dossier(acting_user, dossier: Dossier, previous, extended_to, reason: str) -> None:
    """R-WMO-3: "the decision and its reasons are recorded in the dossier"."""
    members = list(dossier.members.all())
    if not members:
        raise DomainError(
            _("The dossier has no members to record the extension decision against; add them first."),
            field="extended_to",
        )
    dossier_entry_add(
        acting_user=acting_user,
        dossier=dossier,
        kind=EntryKind.DECISION,
        nature=EntryNature.FACT,
        body=(
            f"Retention extended by team leader {acting_user.get_full_name() or acting_user.username}: "
            f"kept until {_d(extended_to)} instead of {_d(previous)} (R-WMO-3). Reasons: {reason}"
        ),
        concerns=members,
    )
