"""Recording and withdrawing consent (R-CON-1..6).

A consent is refused when it is blanket (R-CON-1), signed by the wrong people (R-CON-2/3),
oral where it must be written (R-CON-4 health data or information from a behavioural
expert, doctor or care worker; R-CON-5 publication of a pupil's photo or video), or when it
would carry a BSN to or within the school partnership (R-CON-6).
"""

import datetime
import re

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.models import OrganisationKind
from core.errors import DomainError
from core.services import domain_event_record
from records.models import Person
from subject_rights.bsn import contains_bsn_number, names_bsn
from subject_rights.capacity import UnknownAgeBands
from subject_rights.consent_rules import ConsentRuleError
from subject_rights.models import (
    CONFIDENTIAL_PROFESSIONS,
    Consent,
    ConsentDirection,
    ConsentForm,
    ConsentSignatory,
    CounterpartyKind,
)
from subject_rights.selectors.consent import consent_requirement_for
from subject_rights.services.common import acts_on_requests, not_in_future, require_role, required_text

# R-CON-1: descriptions that name no specific data or purpose at all.
_BLANKET = re.compile(
    r"^(all|any|every|everything|anyone|everyone|whoever|alle|alles|iedereen|general|generic|algemeen"
    r"|various|diverse|n/?a|-+)"
    r"( (personal|relevant|the|available|necessary|required|third|benodigde|relevante|nodige))*"
    r"( (data|information|details|gegevens|persoonsgegevens|informatie|purposes?|doeleinden|doelen"
    r"|parties|partners|organisations|instanties|derden))?$"
)


def _is_blanket(text: str) -> bool:
    return bool(_BLANKET.match(" ".join(text.casefold().strip(" .,;:!").split())))


def _check_specific(data_description: str, purpose: str, counterparty: str, why_necessary: str) -> None:
    """R-CON-1: which data, for which purpose, to or from whom, why necessary."""
    data_description = required_text(
        data_description, _("Say which data the consent is for (R-CON-1)."), "data_description"
    )
    if _is_blanket(data_description):
        raise DomainError(
            _("A blanket consent is not valid: name the specific data (R-CON-1)."), field="data_description"
        )
    purpose = required_text(purpose, _("Say for which purpose the data is needed (R-CON-1)."), "purpose")
    if _is_blanket(purpose):
        raise DomainError(
            _("A blanket consent is not valid: name the specific purpose (R-CON-1)."), field="purpose"
        )
    counterparty = required_text(
        counterparty, _("Say to whom the data goes or from whom it comes (R-CON-1)."), "counterparty"
    )
    if _is_blanket(counterparty):
        raise DomainError(
            _("A blanket consent is not valid: name the recipient or source (R-CON-1)."), field="counterparty"
        )
    required_text(why_necessary, _("Say why the data is necessary (R-CON-1)."), "why_necessary")


def _check_no_bsn(organisation, counterparty_kind: str, texts: dict[str, str]) -> None:
    """R-CON-6: no BSN in applications to, or records of, the school partnership."""
    partnership = (
        organisation.kind == OrganisationKind.SCHOOL_PARTNERSHIP
        or counterparty_kind == CounterpartyKind.SCHOOL_PARTNERSHIP
    )
    if not partnership:
        return
    for field, text in texts.items():
        if contains_bsn_number(text):
            raise DomainError(
                _(
                    "Remove the citizen service number (BSN): it must not be used with the school "
                    "partnership (R-CON-6)."
                ),
                field=field,
            )
        if names_bsn(text):
            raise DomainError(
                _(
                    "The citizen service number (BSN) must not be passed on to or used by the school "
                    "partnership (R-CON-6)."
                ),
                field=field,
            )


def _written_reason(
    direction: str, counterparty_kind: str, contains_health_data: bool, media_publication: bool
) -> str:
    if media_publication:
        return _("Publishing a pupil's photo or video needs written consent (R-CON-5).")
    if contains_health_data:
        return _("Health data needs written consent (R-CON-4).")
    if direction == ConsentDirection.OBTAIN and counterparty_kind in CONFIDENTIAL_PROFESSIONS:
        return _(
            "Asking a behavioural expert, doctor or care worker for information needs written "
            "consent (R-CON-4)."
        )
    return ""


def consent_record(
    *,
    acting_user,
    subject: Person,
    data_description: str,
    purpose: str,
    direction: str,
    counterparty: str,
    counterparty_kind: str,
    why_necessary: str,
    given_by: list[Person],
    form: str,
    given_on: datetime.date,
    valid_until: datetime.date | None = None,
    document: UploadedFile | None = None,
    contains_health_data: bool = False,
    media_publication: bool = False,
    incompetent: bool = False,
    judged_competent: bool = False,
    note: str = "",
) -> Consent:
    """Record a specific consent given by the people who had to give it on ``given_on``."""
    organisation = subject.organisation
    require_role(acting_user, organisation.pk, acts_on_requests, _("Your role cannot record consent."))
    _check_specific(data_description, purpose, counterparty, why_necessary)
    if direction not in ConsentDirection.values:
        raise DomainError(_("Say whether data is shared with or obtained from them."), field="direction")
    if counterparty_kind not in CounterpartyKind.values:
        raise DomainError(_("Choose what kind of recipient or source it is."), field="counterparty_kind")
    if form not in ConsentForm.values:
        raise DomainError(_("Say whether the consent was given orally or in writing."), field="form")
    _check_no_bsn(
        organisation,
        counterparty_kind,
        {
            "data_description": data_description,
            "purpose": purpose,
            "counterparty": counterparty,
            "why_necessary": why_necessary,
            "note": note,
        },
    )
    if given_on is None:
        raise DomainError(_("Give the date the consent was given."), field="given_on")
    not_in_future(given_on, _("Consent cannot be given in the future."), "given_on")
    if valid_until is not None and valid_until < given_on:
        raise DomainError(_("A consent cannot end before it was given."), field="valid_until")
    written_reason = _written_reason(direction, counterparty_kind, contains_health_data, media_publication)
    if written_reason and form != ConsentForm.WRITTEN:
        raise DomainError(written_reason, field="form")
    if form == ConsentForm.WRITTEN and document is None:
        raise DomainError(_("Attach the signed consent document."), field="document")
    if form == ConsentForm.ORAL and document is not None:
        raise DomainError(_("An oral consent has no document; choose written consent."), field="document")
    if document is not None and document.size > settings.ATTACHMENT_MAX_BYTES:
        raise DomainError(
            _("The document is larger than %(size)s MB.")
            % {"size": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)},
            field="document",
        )
    signatories = list(dict.fromkeys(given_by or ()))
    if not signatories:
        raise DomainError(_("Say who gave the consent."), field="given_by")
    if any(person.organisation_id != organisation.pk for person in signatories):
        raise DomainError(_("That person is not known in this organisation."), field="given_by")
    requirement = _requirement(subject, given_on, incompetent, judged_competent)
    problems = requirement.problems({p.pk for p in signatories}, {p.pk: p.full_name for p in signatories})
    if problems:
        raise DomainError(" ".join(problems), field="given_by")

    stored_name = ""
    try:
        with transaction.atomic():
            consent = Consent(
                organisation=organisation,
                subject=subject,
                data_description=data_description.strip(),
                purpose=purpose.strip(),
                direction=direction,
                counterparty=counterparty.strip(),
                counterparty_kind=counterparty_kind,
                why_necessary=why_necessary.strip(),
                contains_health_data=contains_health_data,
                media_publication=media_publication,
                form=form,
                given_on=given_on,
                valid_until=valid_until,
                signatories_reason=requirement.capacity.reason,
                note=(note or "").strip(),
                recorded_by=acting_user,
            )
            if document is not None:
                consent.document.save(document.name, document, save=False)
                stored_name = consent.document.name
            consent.save()
            ConsentSignatory.objects.bulk_create(
                ConsentSignatory(consent=consent, person=person, capacity=requirement.capacity_of(person.pk))
                for person in signatories
            )
            domain_event_record(
                acting_user=acting_user,
                verb="consent.recorded",
                target=consent,
                legal_basis="R-CON-1; R-CON-2; R-CON-3",
                data={
                    "subject": subject.pk,
                    "given_by": [person.pk for person in signatories],
                    "form": form,
                    "direction": direction,
                },
            )
    except Exception:
        if stored_name:
            Consent._meta.get_field("document").storage.delete(stored_name)
        raise
    return consent


def _requirement(subject: Person, on: datetime.date, incompetent: bool, judged_competent: bool):
    if incompetent and judged_competent:
        raise DomainError(
            _("A pupil cannot be judged both competent and not competent."), field="judged_competent"
        )
    try:
        return consent_requirement_for(
            child=subject, on=on, incompetent=incompetent, judged_competent=judged_competent
        )
    except ConsentRuleError as error:
        raise DomainError(str(error), field="given_by") from error
    except UnknownAgeBands as error:
        raise DomainError(
            _("No age bands are configured for jurisdiction %(code)s (R-DSR-12).") % {"code": str(error)}
        ) from error
    except ValueError as error:
        raise DomainError(
            _("Consent cannot have been given before %(name)s was born.") % {"name": subject.full_name},
            field="given_on",
        ) from error


def consent_withdraw(*, acting_user, consent: Consent, withdrawn_by: Person, note: str = "") -> Consent:
    """Withdraw a consent; it stops covering anything at once (from today)."""
    require_role(
        acting_user, consent.organisation_id, acts_on_requests, _("Your role cannot record consent.")
    )
    if withdrawn_by is None:
        raise DomainError(_("Say who withdrew the consent."), field="withdrawn_by")
    today = timezone.localdate()
    with transaction.atomic():
        locked = (
            Consent.objects.select_for_update(of=("self",))
            .select_related("subject__organisation")
            .get(pk=consent.pk)
        )
        if locked.withdrawn_on is not None:
            raise DomainError(
                _("This consent was already withdrawn on %(date)s.")
                % {"date": f"{locked.withdrawn_on:%d-%m-%Y}"},
                field="withdrawn_by",
            )
        if not _may_withdraw(locked, withdrawn_by, today):
            raise DomainError(
                _(
                    "%(name)s neither gave this consent nor must consent for %(subject)s now, so cannot "
                    "withdraw it."
                )
                % {"name": withdrawn_by.full_name, "subject": locked.subject.full_name},
                field="withdrawn_by",
            )
        locked.withdrawn_on = today
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = withdrawn_by
        locked.withdrawal_note = (note or "").strip()
        locked.withdrawal_recorded_by = acting_user
        locked.save(
            update_fields=[
                "withdrawn_on",
                "withdrawn_at",
                "withdrawn_by",
                "withdrawal_note",
                "withdrawal_recorded_by",
            ]
        )
        domain_event_record(
            acting_user=acting_user,
            verb="consent.withdrawn",
            target=locked,
            reason=locked.withdrawal_note,
            legal_basis="R-CON-1",
            data={"withdrawn_by": withdrawn_by.pk, "withdrawn_on": today.isoformat()},
        )
    return locked


def _may_withdraw(consent: Consent, person: Person, today: datetime.date) -> bool:
    """Anyone who gave the consent, or who must consent for the subject today (e.g. a pupil
    who has since turned 16), may withdraw it."""
    if consent.signatories.filter(person=person).exists():
        return True
    try:
        requirement = consent_requirement_for(child=consent.subject, on=today)
    except ValueError:  # nobody can consent now (ConsentRuleError, UnknownAgeBands): only signatories
        return False
    return person.pk in requirement.required_ids
