"""Writes that register a new person and use them in the same step, for the pages where a
caseworker logs a request about (or records the parent of) someone not registered yet.

One transaction around both: when the request or relation is refused, the person it
would have been about is not left behind either (nothing saved on a refusal).
"""

from django.db import transaction

from records.models import Person
from records.services import PersonInput
from records.services.people import person_resolve
from subject_rights.models import LegalRelation, SubjectRequest
from subject_rights.services.intake import subject_request_create
from subject_rights.services.relations import legal_relation_record


def subject_request_log(
    *,
    acting_user,
    subject: Person | None,
    new_subject: PersonInput | None = None,
    **request: object,
) -> SubjectRequest:
    """``subject_request_create`` for an existing subject, or for a new person registered
    with it. Neither given: the service refuses the request for having no subject (R-DSR-1)."""
    with transaction.atomic():
        if subject is None and new_subject is not None:
            subject = person_resolve(
                acting_user=acting_user,
                organisation=acting_user.organisation,
                person=None,
                new_person=new_subject,
            )
        return subject_request_create(acting_user=acting_user, subject=subject, **request)


def legal_relation_record_with_adult(
    *,
    acting_user,
    child: Person,
    adult: Person | None,
    new_adult: PersonInput | None,
    kind: str,
    has_parental_authority: bool | None = None,
) -> LegalRelation:
    """``legal_relation_record`` with an existing adult or one registered with it."""
    with transaction.atomic():
        adult = person_resolve(
            acting_user=acting_user, organisation=child.organisation, person=adult, new_person=new_adult
        )
        return legal_relation_record(
            acting_user=acting_user,
            adult=adult,
            child=child,
            kind=kind,
            has_parental_authority=has_parental_authority,
        )
