"""Rectification (GDPR art. 16, R-DSR-3): facts about the subject are corrected.

The correction goes through the records services, which save the rows so django-auditlog
keeps the old value; the ``DataCorrection`` row names only the fields. Opinions are not
corrected: the subject may add an own statement instead (R-DSR-4).
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.services import domain_event_record
from records.models import DataCorrection, DossierEntry
from records.services.rectification import _UNSET, dossier_entry_correct, person_correct
from subject_rights.models import LEGAL_BASIS_BY_TYPE, RequestType, SubjectRequest
from subject_rights.services.effects.common import effect_request_lock

RECTIFIABLE = frozenset({RequestType.RECTIFICATION})


def rectification_person_apply(
    *,
    acting_user,
    request: SubjectRequest,
    given_names: str | None = None,
    family_name: str | None = None,
    date_of_birth: datetime.date | None | object = _UNSET,
    identifiers: dict[str, str] | None = None,
) -> DataCorrection:
    """Correct the subject's name, date of birth or identifiers."""
    with transaction.atomic():
        locked = effect_request_lock(acting_user, request, types=RECTIFIABLE)
        fields = person_correct(
            acting_user=acting_user,
            person=locked.subject,
            given_names=given_names,
            family_name=family_name,
            date_of_birth=date_of_birth,
            identifiers=identifiers,
            # Art. 18(2): a correction the subject asked for goes ahead even while restricted.
            consenting=locked.subject_id,
            reason=_("Rectification request %(reference)s") % {"reference": locked.reference},
            legal_basis=LEGAL_BASIS_BY_TYPE[RequestType.RECTIFICATION],
        )
        return _correction_record(acting_user, locked, fields, person=locked.subject)


def rectification_entry_apply(
    *, acting_user, request: SubjectRequest, entry: DossierEntry, body: str
) -> DataCorrection:
    """Correct the text of a factual entry that concerns the subject."""
    with transaction.atomic():
        locked = effect_request_lock(acting_user, request, types=RECTIFIABLE)
        if (
            entry.dossier.organisation_id != locked.organisation_id
            or not entry.concerns.filter(person_id=locked.subject_id).exists()
        ):
            raise DomainError(_("Choose an entry that concerns the subject."), field="entry")
        dossier_entry_correct(
            acting_user=acting_user,
            entry=entry,
            body=body,
            consenting=locked.subject_id,
            reason=_("Rectification request %(reference)s") % {"reference": locked.reference},
            legal_basis=LEGAL_BASIS_BY_TYPE[RequestType.RECTIFICATION],
        )
        return _correction_record(acting_user, locked, ["body"], entry=entry)


def _correction_record(acting_user, request: SubjectRequest, fields: list[str], **target) -> DataCorrection:
    correction = DataCorrection.objects.create(
        organisation_id=request.organisation_id,
        request=request,
        fields=fields,
        corrected_by=acting_user,
        **target,
    )
    domain_event_record(
        acting_user=acting_user,
        verb="subject_request.rectified",
        target=request,
        legal_basis=LEGAL_BASIS_BY_TYPE[RequestType.RECTIFICATION],
        data={"correction": correction.pk, "fields": fields},
    )
    return correction
