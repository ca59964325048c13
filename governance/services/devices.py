"""The confiscated-device register (R-SAF-2): confiscation and the chain of custody.

Every step appends a ``CustodyEvent``; the service locks the device, reads the last step and
refuses a step the chain does not allow (a release before a seizure, a deletion before a
search, anything after the device left the school) or a search without the consent the
policy requires (the pupil or a parent/carer, school online-safety policy 6.3.8).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.models import Role
from core.errors import DomainError, InvalidTransition, NotAllowed
from core.services import domain_event_record
from governance.access import SEARCHERS, is_dsl_team
from governance.models import ConfiscatedDevice, ConsentGiver, CustodyEvent, CustodyStep
from governance.services.common import (
    default_record_class,
    require_member,
    require_not_future,
    require_same_organisation,
    require_text,
)
from governance.services.safeguarding import SAFEGUARDING_CLASS

# The steps that may follow each step. A released device, or one handed to the police,
# has left the school's custody: its chain is complete.
NEXT_STEPS: dict[str, frozenset[str]] = {
    CustodyStep.SEIZED: frozenset(
        {CustodyStep.HANDED_OVER, CustodyStep.SEARCHED, CustodyStep.RELEASED, CustodyStep.HANDED_TO_POLICE}
    ),
    CustodyStep.HANDED_OVER: frozenset(
        {CustodyStep.HANDED_OVER, CustodyStep.SEARCHED, CustodyStep.RELEASED, CustodyStep.HANDED_TO_POLICE}
    ),
    CustodyStep.SEARCHED: frozenset(
        {
            CustodyStep.HANDED_OVER,
            CustodyStep.SEARCHED,
            CustodyStep.CONTENT_DELETED,
            CustodyStep.RELEASED,
            CustodyStep.HANDED_TO_POLICE,
        }
    ),
    CustodyStep.CONTENT_DELETED: frozenset(
        {CustodyStep.HANDED_OVER, CustodyStep.SEARCHED, CustodyStep.RELEASED, CustodyStep.HANDED_TO_POLICE}
    ),
    CustodyStep.RELEASED: frozenset(),
    CustodyStep.HANDED_TO_POLICE: frozenset(),
}
LEFT_CUSTODY = frozenset({CustodyStep.RELEASED, CustodyStep.HANDED_TO_POLICE})


def device_confiscate(
    *,
    acting_user,
    pupil,
    description: str,
    reason: str,
    location: str,
    holder=None,
    occurred_at: datetime.datetime | None = None,
    concern=None,
) -> ConfiscatedDevice:
    """A member of staff confiscates a pupil's device: the register entry and custody step 1."""
    require_member(acting_user)
    if acting_user.role in (Role.AUDITOR, Role.API_CLIENT):
        raise NotAllowed(_("Only a member of staff records a confiscation."))
    if pupil is None:
        raise DomainError(_("Choose the pupil the device was taken from."), field="pupil")
    require_same_organisation(acting_user, pupil, field="pupil")
    require_same_organisation(acting_user, concern, field="concern")
    require_same_organisation(acting_user, holder, field="holder")
    description = require_text(description, _("Describe the device (e.g. black iPhone 12)."), "description")
    reason = require_text(reason, _("Give the reason for the confiscation."), "reason")
    location = require_text(location, _("Say where the device is stored."), "location")
    occurred_at = occurred_at or timezone.now()
    require_not_future(occurred_at, "occurred_at")
    with transaction.atomic():
        device = ConfiscatedDevice.objects.create(
            organisation_id=acting_user.organisation_id,
            pupil=pupil,
            description=description,
            reason=reason,
            concern=concern,
            recorded_by=acting_user,
            record_class=default_record_class(acting_user.organisation_id, SAFEGUARDING_CLASS),
        )
        CustodyEvent.objects.create(
            organisation_id=device.organisation_id,
            device=device,
            sequence=1,
            step=CustodyStep.SEIZED,
            occurred_at=occurred_at,
            actor=acting_user,
            holder=holder or acting_user,
            location=location,
            recorded_by=acting_user,
        )
        domain_event_record(
            acting_user=acting_user, verb="device.confiscated", target=device, legal_basis="R-SAF-2"
        )
    return device


def _check_step(acting_user, last: CustodyEvent, step: str, device: ConfiscatedDevice) -> None:
    if step == CustodyStep.SEIZED:
        raise InvalidTransition(_("The device was already confiscated; record the next step instead."))
    if step not in NEXT_STEPS:
        raise DomainError(_("Choose the step to record."), field="step")
    if last.step in LEFT_CUSTODY:
        raise InvalidTransition(
            _("The device has left the school's custody (%(step)s); its chain of custody is complete.")
            % {"step": last.get_step_display().lower()}
        )
    if step not in NEXT_STEPS[last.step]:
        if step == CustodyStep.CONTENT_DELETED:
            raise InvalidTransition(_("Content can only be deleted after a recorded search."))
        raise InvalidTransition(
            _("%(step)s cannot follow %(last)s.")
            % {"step": CustodyStep(step).label, "last": last.get_step_display().lower()}
        )
    dsl = is_dsl_team(acting_user)
    if step in (CustodyStep.SEARCHED, CustodyStep.CONTENT_DELETED) and not (
        dsl or acting_user.role in SEARCHERS
    ):
        raise NotAllowed(_("Only the leadership team or the DSL team may search a device."))
    if not dsl and last.holder_id != acting_user.pk and acting_user.role not in SEARCHERS:
        raise NotAllowed(
            _("Only the member of staff holding the device or the DSL team records its custody.")
        )


def custody_record(
    *,
    acting_user,
    device: ConfiscatedDevice,
    step: str,
    occurred_at: datetime.datetime | None = None,
    holder=None,
    location: str = "",
    consent_by: str = "",
    consent_name: str = "",
    released_to: str = "",
    released_to_relationship: str = "",
    note: str = "",
) -> CustodyEvent:
    """Append the next step of the chain of custody; refuse an out-of-order step."""
    require_member(acting_user)
    require_same_organisation(acting_user, device)
    require_same_organisation(acting_user, holder, field="holder")
    occurred_at = occurred_at or timezone.now()
    require_not_future(occurred_at, "occurred_at")
    location, note = (location or "").strip(), (note or "").strip()
    consent_name = (consent_name or "").strip()
    released_to = (released_to or "").strip()
    released_to_relationship = (released_to_relationship or "").strip()
    with transaction.atomic():
        device = ConfiscatedDevice.objects.select_for_update().get(pk=device.pk)
        last = device.custody.order_by("-sequence").first()
        if last is None:
            raise InvalidTransition(_("The device has no recorded confiscation."))
        _check_step(acting_user, last, step, device)
        if occurred_at < last.occurred_at:
            raise DomainError(
                _("This step cannot be earlier than the previous one (%(when)s).")
                % {"when": timezone.localtime(last.occurred_at).strftime("%d-%m-%Y %H:%M")},
                field="occurred_at",
            )
        fields = {"holder": last.holder, "location": last.location}
        if step == CustodyStep.HANDED_OVER:
            if holder is None:
                raise DomainError(_("Choose who receives the device."), field="holder")
            location = require_text(location, _("Say where the device is stored now."), "location")
            fields = {"holder": holder, "location": location}
        elif step == CustodyStep.SEARCHED:
            if consent_by not in ConsentGiver.values:
                raise DomainError(
                    _("A search needs the consent of the pupil or a parent or carer: say who consented."),
                    field="consent_by",
                )
            require_text(consent_name, _("Name the person who consented to the search."), "consent_name")
        elif step == CustodyStep.CONTENT_DELETED:
            note = require_text(note, _("Describe what content was deleted and why."), "note")
        elif step in LEFT_CUSTODY:
            released_to = require_text(released_to, _("Name who received the device."), "released_to")
            if step == CustodyStep.RELEASED:
                require_text(
                    released_to_relationship,
                    _("Give their relationship to the pupil (devices are released to parents or carers)."),
                    "released_to_relationship",
                )
            fields = {"holder": None, "location": ""}
        event = CustodyEvent.objects.create(
            organisation_id=device.organisation_id,
            device=device,
            sequence=last.sequence + 1,
            step=step,
            occurred_at=occurred_at,
            actor=acting_user,
            consent_by=consent_by if step == CustodyStep.SEARCHED else "",
            consent_name=consent_name if step == CustodyStep.SEARCHED else "",
            released_to=released_to if step in LEFT_CUSTODY else "",
            released_to_relationship=released_to_relationship if step == CustodyStep.RELEASED else "",
            note=note,
            recorded_by=acting_user,
            **fields,
        )
        domain_event_record(
            acting_user=acting_user,
            verb=f"device.{step}",
            target=device,
            legal_basis="R-SAF-2",
            data={"sequence": event.sequence},
        )
    return event
