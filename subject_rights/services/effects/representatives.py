"""R-DSR-8: a team leader may limit or refuse a legal representative's rights where the young
person's weighty interests require it. The decision is recorded in the dossier (a decision
entry) with its reasons and communicated to the representative in writing (a letter).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.models import Role
from core.errors import DomainError, NotAllowed
from core.services import domain_event_record
from records.models import (
    DossierMember,
    EntryKind,
    EntryNature,
    LimitationExtent,
    MemberRole,
    RepresentativeLimitation,
)
from records.selectors import dossiers_visible_to
from records.services import dossier_entry_add
from subject_rights.models import SubjectRequest
from subject_rights.services.common import required_text
from subject_rights.services.effects.common import letter_render

LETTER_TEMPLATE = "subject_rights/effects/letters/representative.html"
# Reasons are the young person's weighty interests in words, not a tick box.
MIN_REASON_WORDS = 5


def representative_rights_limit(
    *,
    acting_user,
    young_person: DossierMember,
    representative: DossierMember,
    extent: str,
    reasons: str,
    request: SubjectRequest | None = None,
) -> RepresentativeLimitation:
    dossier = young_person.dossier
    if acting_user.organisation_id != dossier.organisation_id or acting_user.role != Role.TEAM_LEADER:
        raise NotAllowed(_("Only a team leader can limit or refuse a representative's rights (R-DSR-8)."))
    if not dossiers_visible_to(acting_user, perm="change").filter(pk=dossier.pk).exists():
        raise NotAllowed(_("Only a team leader working on this dossier can do this."))
    if extent not in LimitationExtent.values:
        raise DomainError(_("Choose whether the rights are limited or refused."), field="extent")
    reasons = required_text(reasons, _("Give the reasons: the young person's weighty interests."), "reasons")
    if len(reasons.split()) < MIN_REASON_WORDS:
        raise DomainError(
            _("Describe the young person's weighty interests that require this (R-DSR-8)."), field="reasons"
        )
    if young_person.role != MemberRole.CHILD:
        raise DomainError(_("Choose the young person (a child of the household)."), field="young_person")
    if representative.dossier_id != dossier.pk or representative.pk == young_person.pk:
        raise DomainError(_("Choose the representative among the other members."), field="representative")
    if representative.role == MemberRole.CHILD:
        raise DomainError(
            _("A child of the household is not a legal representative."), field="representative"
        )
    if request is not None and (
        request.organisation_id != dossier.organisation_id or request.subject_id != young_person.person_id
    ):
        raise DomainError(_("The request must be about this young person."), field="request")
    label = LimitationExtent(extent).label.lower()
    body = _(
        "Decision (R-DSR-8): the rights of %(representative)s as legal representative of %(child)s are "
        "%(extent)s by team leader %(leader)s. Reasons: %(reasons)s"
    ) % {
        "representative": representative.person.full_name,
        "child": young_person.person.full_name,
        "extent": label,
        "leader": acting_user.get_full_name() or acting_user.username,
        "reasons": reasons,
    }
    with transaction.atomic():
        entry = dossier_entry_add(
            acting_user=acting_user,
            dossier=dossier,
            kind=EntryKind.DECISION,
            nature=EntryNature.FACT,
            body=body,
            concerns=[young_person, representative],
            subject_request=request,
        )
        limitation = RepresentativeLimitation.objects.create(
            organisation_id=dossier.organisation_id,
            dossier=dossier,
            young_person=young_person,
            representative=representative,
            extent=extent,
            reasons=reasons,
            request=request,
            entry=entry,
            decided_by=acting_user,
            decided_on=timezone.localdate(),
        )
        limitation.letter.save(
            "letter.pdf",
            letter_render(
                LETTER_TEMPLATE,
                {"limitation": limitation, "dossier": dossier},
                organisation=dossier.organisation,
                title=_("Decision on your rights"),
            ),
            save=True,
        )
        domain_event_record(
            acting_user=acting_user,
            verb="dossier.representative_rights_limited",
            target=dossier,
            reason=reasons,
            legal_basis="R-DSR-8",
            data={"limitation": limitation.pk, "extent": extent, "entry": entry.pk},
        )
    return limitation
