"""R-DSR-10: people are informed of their rights at first contact, in writing.

Each time is recorded per person (date, how, by whom) with the letter given; a dossier
shows its members who have not been informed yet.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.services import domain_event_record
from records.models import DossierMember, InformedHow, RightsInformation
from records.selectors import dossiers_visible_to
from subject_rights.services.common import not_in_future
from subject_rights.services.effects.common import letter_render

LETTER_TEMPLATE = "subject_rights/effects/letters/rights.html"


def rights_information_record(
    *,
    acting_user,
    member: DossierMember,
    informed_on: datetime.date | None,
    how: str,
    note: str = "",
) -> RightsInformation:
    """Record that a household member was informed of their rights, and write the letter."""
    dossier = member.dossier
    if not dossiers_visible_to(acting_user, perm="change").filter(pk=dossier.pk).exists():
        raise DomainError(_("Only someone working on this dossier can record this."), code="forbidden")
    if informed_on is None:
        raise DomainError(_("Give the date the person was informed."), field="informed_on")
    not_in_future(informed_on, _("The date cannot be in the future."), "informed_on")
    if informed_on < dossier.report_date:
        raise DomainError(_("The date cannot be before the report date of the dossier."), field="informed_on")
    if how not in InformedHow.values:
        raise DomainError(_("Choose how the letter was given."), field="how")
    with transaction.atomic():
        information = RightsInformation.objects.create(
            organisation_id=dossier.organisation_id,
            person=member.person,
            dossier=dossier,
            informed_on=informed_on,
            how=how,
            informed_by=acting_user,
            note=(note or "").strip(),
        )
        information.letter.save(
            "letter.pdf",
            letter_render(
                LETTER_TEMPLATE,
                {"information": information, "person": member.person, "dossier": dossier},
                organisation=dossier.organisation,
                title=_("Your rights"),
            ),
            save=True,
        )
        domain_event_record(
            acting_user=acting_user,
            verb="person.informed_of_rights",
            target=dossier,
            legal_basis="R-DSR-10; GDPR arts. 13-14",
            data={"person": member.person_id, "how": how, "informed_on": informed_on.isoformat()},
        )
    return information
