"""Recording who holds parental authority over a child (R-CON-2, R-CON-3)."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.services import domain_event_record
from records.models import Person
from subject_rights.models import LegalRelation, RelationKind
from subject_rights.services.common import handles_requests, not_in_future, require_role, required_text

# R-CON-3: the authority some kinds of relation always have or never have.
_FIXED_AUTHORITY = {
    RelationKind.GUARDIAN_WITH_AUTHORITY: True,
    RelationKind.FAMILY_GUARDIAN_OTS: False,
    RelationKind.FOSTER_PARENT: False,
}


def legal_relation_record(
    *,
    acting_user,
    adult: Person,
    child: Person,
    kind: str,
    has_parental_authority: bool | None = None,
) -> LegalRelation:
    """Record an adult's relation to a child. A parent's authority must be stated; for the
    other kinds it follows from the kind (a foster parent who is the guardian is recorded
    as a guardian with authority)."""
    organisation = child.organisation
    require_role(
        acting_user, organisation.pk, handles_requests, _("Your role cannot record legal relations.")
    )
    if adult.organisation_id != organisation.pk:
        raise DomainError(_("That person is not known in this organisation."), field="adult")
    if adult.pk == child.pk:
        raise DomainError(_("A person cannot be their own parent or guardian."), field="adult")
    if kind not in RelationKind.values:
        raise DomainError(_("Unknown relation %(value)s.") % {"value": repr(kind)}, field="kind")
    fixed = _FIXED_AUTHORITY.get(kind)
    if fixed is None and has_parental_authority is None:
        raise DomainError(
            _("Say whether this parent holds parental authority (R-CON-2)."), field="has_parental_authority"
        )
    if fixed is not None and has_parental_authority not in (None, fixed):
        messages = {
            RelationKind.GUARDIAN_WITH_AUTHORITY: _(
                "A guardian with authority holds parental authority (R-CON-3)."
            ),
            RelationKind.FAMILY_GUARDIAN_OTS: _(
                "A family guardian under a supervision order (OTS) has no parental authority; "
                "the parents keep it (R-CON-3)."
            ),
            RelationKind.FOSTER_PARENT: _(
                "A foster parent has no parental authority; record a foster parent who is the guardian "
                "as a guardian with authority (R-CON-3)."
            ),
        }
        raise DomainError(messages[kind], field="has_parental_authority")
    with transaction.atomic():
        if LegalRelation.objects.filter(adult=adult, child=child, ended_on__isnull=True).exists():
            raise DomainError(
                _("A relation between %(adult)s and %(child)s is already recorded; end it first.")
                % {"adult": adult.full_name, "child": child.full_name},
                field="adult",
            )
        relation = LegalRelation.objects.create(
            organisation=organisation,
            adult=adult,
            child=child,
            kind=kind,
            has_parental_authority=fixed if fixed is not None else bool(has_parental_authority),
            recorded_by=acting_user,
        )
        domain_event_record(
            acting_user=acting_user,
            verb="legal_relation.recorded",
            target=relation,
            legal_basis="R-CON-2; R-CON-3",
            data={
                "adult": adult.pk,
                "child": child.pk,
                "kind": kind,
                "authority": relation.has_parental_authority,
            },
        )
    return relation


def legal_relation_end(
    *, acting_user, relation: LegalRelation, ended_on: datetime.date, reason: str
) -> LegalRelation:
    """End a relation (e.g. a court transferred authority); the row stays as history."""
    require_role(
        acting_user, relation.organisation_id, handles_requests, _("Your role cannot record legal relations.")
    )
    reason = required_text(reason, _("Give the reason the relation ended."), "reason")
    if ended_on is None:
        raise DomainError(_("Give the date the relation ended."), field="ended_on")
    not_in_future(ended_on, _("The end date cannot be in the future."), "ended_on")
    with transaction.atomic():
        locked = LegalRelation.objects.select_for_update().get(pk=relation.pk)
        if locked.ended_on is not None:
            raise DomainError(_("This relation has already ended."), field="ended_on")
        locked.ended_on = ended_on
        locked.end_reason = reason
        locked.save(update_fields=["ended_on", "end_reason"])
        domain_event_record(
            acting_user=acting_user,
            verb="legal_relation.ended",
            target=locked,
            reason=reason,
            legal_basis="R-CON-2; R-CON-3",
            data={"ended_on": ended_on.isoformat()},
        )
    return locked
