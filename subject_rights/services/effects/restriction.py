"""Restriction of processing (GDPR art. 18).

While a restriction is in force the subject's data is only stored: the records services
refuse changes (records.services.restrictions). Lifting is recorded with who, when and why,
never by deleting the restriction.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidTransition, NotAllowed
from core.services import domain_event_record
from records.models import Person, PersonRestriction
from subject_rights.models import RequestType, SubjectRequest
from subject_rights.roles import acts_on_every_request
from subject_rights.services.common import require_request_handler, required_text
from subject_rights.services.effects.common import effect_request_lock

ART_18 = "GDPR art. 18"


def restriction_apply(*, acting_user, request: SubjectRequest, reason: str) -> PersonRestriction:
    reason = required_text(reason, _("Say why the data is restricted and for how long."), "reason")
    with transaction.atomic():
        # An upheld objection stops the processing by restricting it too (GDPR art. 21, R-CON-7).
        locked = effect_request_lock(
            acting_user, request, types=frozenset({RequestType.RESTRICTION, RequestType.OBJECTION})
        )
        Person.objects.select_for_update().filter(pk=locked.subject_id).first()
        if PersonRestriction.objects.filter(person_id=locked.subject_id, lifted_at__isnull=True).exists():
            raise InvalidTransition(_("The processing of this subject's data is already restricted."))
        try:
            with transaction.atomic():
                restriction = PersonRestriction.objects.create(
                    organisation_id=locked.organisation_id,
                    person_id=locked.subject_id,
                    request=locked,
                    reason=reason,
                    restricted_by=acting_user,
                )
        except IntegrityError:
            raise InvalidTransition(
                _("The processing of this subject's data is already restricted.")
            ) from None
        domain_event_record(
            acting_user=acting_user,
            verb="person.restricted",
            target=locked,
            reason=reason,
            legal_basis=ART_18
            if locked.request_type == RequestType.RESTRICTION
            else f"{ART_18}; art. 21; R-CON-7",
            data={"restriction": restriction.pk, "person": locked.subject_id},
        )
    return restriction


def restriction_lift(*, acting_user, restriction: PersonRestriction, reason: str) -> PersonRestriction:
    """Lift a restriction; art. 18(3): the subject is told before it is lifted (say so in the reason)."""
    reason = required_text(
        reason, _("Say why the restriction is lifted and when the subject was told."), "reason"
    )
    if restriction.request_id is not None:
        require_request_handler(acting_user, restriction.request)
    elif acting_user.organisation_id != restriction.organisation_id or not acts_on_every_request(acting_user):
        raise NotAllowed(_("Only a team leader or the DPO can lift this restriction."))
    with transaction.atomic():
        locked = PersonRestriction.objects.select_for_update().get(pk=restriction.pk)
        if locked.lifted_at is not None:
            raise InvalidTransition(_("This restriction was already lifted."))
        locked.lifted_at = timezone.now()
        locked.lifted_by = acting_user
        locked.lift_reason = reason
        locked.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        domain_event_record(
            acting_user=acting_user,
            verb="person.restriction_lifted",
            target=locked.request if locked.request_id else locked.person,
            organisation=locked.organisation,
            reason=reason,
            legal_basis="GDPR art. 18(3)",
            data={"restriction": locked.pk, "person": locked.person_id},
        )
    return locked
