from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.services import domain_event_record
from records.models import IdentifierScheme, Person, PersonIdentifier
from records.services.inputs import PersonInput


def person_validate(data: PersonInput) -> None:
    if not data.given_names.strip() and not data.family_name.strip():
        raise DomainError(_("Give the person's name."), field="family_name")
    if data.date_of_birth and data.date_of_birth > timezone.localdate():
        raise DomainError(_("A date of birth cannot be in the future."), field="date_of_birth")
    for scheme in data.identifiers:
        if scheme not in IdentifierScheme.values:
            raise DomainError(
                _("Unknown identifier scheme %(scheme)s.") % {"scheme": repr(scheme)}, field="identifiers"
            )


def person_create(*, acting_user, organisation, data: PersonInput) -> Person:
    person_validate(data)
    with transaction.atomic():
        person = Person.objects.create(
            organisation=organisation,
            given_names=data.given_names.strip(),
            family_name=data.family_name.strip(),
            date_of_birth=data.date_of_birth,
            created_by=acting_user,
        )
        PersonIdentifier.objects.bulk_create(
            PersonIdentifier(person=person, scheme=scheme, value=value.strip())
            for scheme, value in data.identifiers.items()
            if value.strip()
        )
        domain_event_record(acting_user=acting_user, verb="person.created", target=person)
    return person


def person_resolve(
    *, acting_user, organisation, person: Person | None, new_person: PersonInput | None
) -> Person:
    """The existing person (checked to be of this organisation) or a newly registered one."""
    if person is not None:
        if person.organisation_id != organisation.pk:
            raise DomainError(_("That person is not known in this organisation."), field="person")
        return person
    if new_person is None:
        raise DomainError(_("Choose a person or enter a new one."), field="person")
    return person_create(acting_user=acting_user, organisation=organisation, data=new_person)
