"""The register of processors, their agreements and processing activities (GDPR arts. 28, 30)."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from access_control.models import Role
from core.errors import DomainError, NotAllowed
from core.services import domain_event_record
from governance.access import REGISTER_MANAGERS
from governance.models import (
    LegalBasis,
    ProcessingActivity,
    ProcessingAgreement,
    Processor,
)
from governance.services.common import (
    require_member,
    require_same_organisation,
    require_text,
)

# --- Processors and processing activities ---------------------------------------------------


def _require_register_manager(acting_user) -> None:
    require_member(acting_user)
    if acting_user.role not in REGISTER_MANAGERS and acting_user.role != Role.API_CLIENT:
        raise NotAllowed(_("Only an administrator or the DPO keeps the processing register."))


def processor_create(*, acting_user, name: str, contact: str = "", country: str = "") -> Processor:
    _require_register_manager(acting_user)
    name = require_text(name, _("Enter the processor's name."), "name")
    if Processor.objects.filter(organisation_id=acting_user.organisation_id, name=name).exists():
        raise DomainError(_("This processor is already registered."), field="name")
    with transaction.atomic():
        processor = Processor.objects.create(
            organisation_id=acting_user.organisation_id,
            name=name,
            contact=contact.strip(),
            country=country.strip(),
        )
        domain_event_record(acting_user=acting_user, verb="processor.registered", target=processor)
    return processor


def agreement_add(
    *,
    acting_user,
    processor: Processor,
    parties: str,
    subject: str,
    data_categories: str,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None = None,
    document=None,
) -> ProcessingAgreement:
    _require_register_manager(acting_user)
    require_same_organisation(acting_user, processor, field="processor")
    parties = require_text(parties, _("Name the parties to the agreement."), "parties")
    subject = require_text(subject, _("Describe the subject of the processing."), "subject")
    data_categories = require_text(
        data_categories, _("List the categories of personal data."), "data_categories"
    )
    if starts_on is None:
        raise DomainError(_("Enter the start date of the agreement."), field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("The agreement cannot end before it starts."), field="ends_on")
    with transaction.atomic():
        agreement = ProcessingAgreement.objects.create(
            organisation_id=processor.organisation_id,
            processor=processor,
            parties=parties,
            subject=subject,
            data_categories=data_categories,
            starts_on=starts_on,
            ends_on=ends_on,
            document=document or "",
            created_by=acting_user,
        )
        domain_event_record(acting_user=acting_user, verb="processor.agreement_added", target=agreement)
    return agreement


def activity_create(
    *,
    acting_user,
    name: str,
    purpose: str,
    legal_basis: str,
    subject_categories: str,
    data_categories: str,
    recipients: str = "",
    legal_basis_detail: str = "",
    processors=(),
    record_class=None,
) -> ProcessingActivity:
    _require_register_manager(acting_user)
    name = require_text(name, _("Name the processing activity."), "name")
    purpose = require_text(purpose, _("Describe the purpose."), "purpose")
    if legal_basis not in LegalBasis.values:
        raise DomainError(_("Choose the legal basis."), field="legal_basis")
    subject_categories = require_text(
        subject_categories, _("List the categories of data subjects."), "subject_categories"
    )
    data_categories = require_text(
        data_categories, _("List the categories of personal data."), "data_categories"
    )
    processors = list(processors)
    require_same_organisation(acting_user, *processors, field="processors")
    require_same_organisation(acting_user, record_class, field="record_class")
    if ProcessingActivity.objects.filter(organisation_id=acting_user.organisation_id, name=name).exists():
        raise DomainError(_("An activity with this name is already registered."), field="name")
    with transaction.atomic():
        activity = ProcessingActivity.objects.create(
            organisation_id=acting_user.organisation_id,
            name=name,
            purpose=purpose,
            legal_basis=legal_basis,
            legal_basis_detail=(legal_basis_detail or "").strip(),
            subject_categories=subject_categories,
            data_categories=data_categories,
            recipients=(recipients or "").strip(),
            record_class=record_class,
        )
        activity.processors.set(processors)
        domain_event_record(acting_user=acting_user, verb="processing_activity.registered", target=activity)
    return activity
