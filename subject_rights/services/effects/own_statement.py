"""Own statement (R-DSR-4): the subject's view on an opinion, added to the dossier.

It becomes an entry of kind ``own_statement`` concerning only the subject, linked to the
request (and to the entry it disagrees with), so every later disclosure to the subject
shows it beside what it answers.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from records.models import DossierEntry, DossierMember, EntryKind, EntryNature
from records.services import dossier_entry_add
from subject_rights.models import RequestStatus, RequestType, SubjectRequest
from subject_rights.services.common import required_text
from subject_rights.services.effects.common import ALL_DECISIONS, GRANTED, effect_request_lock

# A rectification refused because the entry is an opinion is answered with an own statement.
STATEMENT_TYPES = frozenset({RequestType.OWN_STATEMENT, RequestType.RECTIFICATION})


def own_statement_record(
    *,
    acting_user,
    request: SubjectRequest,
    member: DossierMember,
    body: str,
    about: DossierEntry | None = None,
) -> DossierEntry:
    body = required_text(body, _("Enter the subject's own statement."), "body")
    with transaction.atomic():
        locked = effect_request_lock(
            acting_user,
            request,
            types=STATEMENT_TYPES,
            statuses=frozenset({RequestStatus.DECIDED, RequestStatus.FULFILLED}),
            # Any decision on a rectification: refusing to correct an opinion is the usual case.
            decisions=GRANTED if request.request_type == RequestType.OWN_STATEMENT else ALL_DECISIONS,
        )
        if member.person_id != locked.subject_id:
            raise DomainError(_("Choose a dossier the subject is a member of."), field="member")
        if about is not None and not about.concerns.filter(pk=member.pk).exists():
            raise DomainError(_("Choose an entry of this dossier that concerns the subject."), field="entry")
        return dossier_entry_add(
            acting_user=acting_user,
            dossier=member.dossier,
            kind=EntryKind.OWN_STATEMENT,
            nature=EntryNature.OPINION,
            body=body,
            concerns=[member],
            source=_("The subject's own statement (request %(reference)s)") % {"reference": locked.reference},
            subject_request=locked,
            statement_about=about,
        )
