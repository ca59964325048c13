"""Corrections of facts (R-DSR-3), through ``save()`` so django-auditlog keeps the old values.

The old value of a corrected field lives only in the audit entry django-auditlog writes for
the save; nothing here copies it anywhere else. Opinions are not corrected: the subject may
add an own statement instead (R-DSR-4).
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.services import domain_event_record
from records.models import DossierEntry, EntryNature, Person, PersonIdentifier
from records.services.inputs import PersonInput
from records.services.people import person_validate
from records.services.restrictions import restriction_refuse
from records.signals import personal_data_corrected

_UNSET = object()


def person_correct(
    *,
    acting_user,
    person: Person,
    given_names: str | None = None,
    family_name: str | None = None,
    date_of_birth: datetime.date | None | object = _UNSET,
    identifiers: dict[str, str] | None = None,
    consenting: int | None = None,
    reason: str = "",
    legal_basis: str = "",
) -> list[str]:
    """Correct a person's name, date of birth or identifiers; return the fields changed.

    ``identifiers`` maps scheme to the corrected value; an empty value removes the identifier.
    """
    given = person.given_names if given_names is None else given_names.strip()
    family = person.family_name if family_name is None else family_name.strip()
    born = person.date_of_birth if date_of_birth is _UNSET else date_of_birth
    person_validate(
        PersonInput(given_names=given, family_name=family, date_of_birth=born, identifiers=identifiers or {})
    )
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        restriction_refuse(person_ids=[locked.pk], consenting=consenting)
        changed = [
            name
            for name, value in (("given_names", given), ("family_name", family), ("date_of_birth", born))
            if getattr(locked, name) != value
        ]
        if changed:
            locked.given_names, locked.family_name, locked.date_of_birth = given, family, born
            locked.save(update_fields=[*changed, "updated_at"])
        for scheme, value in (identifiers or {}).items():
            value = value.strip()
            current = PersonIdentifier.objects.filter(person=locked, scheme=scheme).first()
            if current is None and value:
                PersonIdentifier.objects.create(person=locked, scheme=scheme, value=value)
            elif current is not None and not value:
                current.delete()
            elif current is not None and current.value != value:
                current.value = value
                current.save(update_fields=["value"])
            else:
                continue
            changed.append(f"identifier:{scheme}")
        if not changed:
            raise DomainError(_("Nothing was changed: enter the corrected values."), field="family_name")
        # Field names only: the old values are in the audit log, not in the event.
        domain_event_record(
            acting_user=acting_user,
            verb="person.corrected",
            target=locked,
            reason=reason,
            legal_basis=legal_basis,
            data={"fields": changed},
        )
    person.refresh_from_db()
    return changed


def dossier_entry_correct(
    *,
    acting_user,
    entry: DossierEntry,
    body: str,
    consenting: int | None = None,
    reason: str = "",
    legal_basis: str = "",
) -> DossierEntry:
    """Correct the text of a factual entry. An opinion is refused (R-DSR-4)."""
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Enter the corrected text."), field="body")
    with transaction.atomic():
        locked = DossierEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.nature != EntryNature.FACT:
            raise DomainError(
                _(
                    "This entry is an opinion: opinions are not corrected. The subject can add an own "
                    "statement instead (R-DSR-4)."
                ),
                field="entry",
            )
        if locked.body == body:
            raise DomainError(_("The corrected text is the same as the current text."), field="body")
        restriction_refuse(
            person_ids=locked.concerns.values_list("person_id", flat=True), consenting=consenting
        )
        locked.body = body
        locked.save(update_fields=["body", "updated_at"])
        # Copies of the old text (redaction proposals) follow the correction (R-DSR-3).
        personal_data_corrected.send(
            sender=DossierEntry,
            objects=[(ContentType.objects.get_for_model(DossierEntry).pk, str(locked.pk))],
            fields=["body"],
        )
        domain_event_record(
            acting_user=acting_user,
            verb="dossier.entry_corrected",
            target=locked.dossier,
            reason=reason,
            legal_basis=legal_basis,
            data={"entry": locked.pk, "fields": ["body"]},
        )
    entry.refresh_from_db()
    return entry
