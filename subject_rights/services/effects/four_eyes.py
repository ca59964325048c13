"""Four eyes on destroying whole items for a subject's request (R-DSR-5, R-DSR-6).

Destroying a whole record or dossier is irreversible, so — as for scheduled disposal, where
the builder of a batch never approves it (retention.services.batches) — the person who
decided the request does not also carry it out. The second person is a team leader or the
DPO (they act on every request, R-ACC-1) or a records-unit officer (the matrix lets them
approve disposal), of the request's organisation.
"""

from django.utils.translation import gettext as _

from core.errors import NotAllowed
from retention.capabilities import may_approve_disposal
from subject_rights.models import SubjectRequest
from subject_rights.roles import acts_on_every_request
from subject_rights.selectors.effects import ItemPlan


def may_destroy_whole_items(user, request: SubjectRequest) -> bool:
    """Four eyes (R-DSR-5, R-DSR-6): someone other than the decider, who is a team leader,
    the DPO (they act on every request) or a records-unit officer (approves disposal)."""
    if user is None or getattr(user, "organisation_id", None) != request.organisation_id:
        return False
    if request.decided_by_id is not None and request.decided_by_id == user.pk:
        return False
    return acts_on_every_request(user) or may_approve_disposal(user)


def second_person_require(acting_user, request: SubjectRequest, whole: list[ItemPlan]) -> None:
    """Refuse the destruction of the ``whole`` items by anyone but a second person."""
    if not whole or may_destroy_whole_items(acting_user, request):
        return
    references = ", ".join(item.reference for item in whole)
    if request.decided_by_id == acting_user.pk:
        raise NotAllowed(
            _(
                "You decided this request, so destroying whole items (%(references)s) needs a second "
                "person: a team leader, the DPO or a records-unit officer carries it out."
            )
            % {"references": references}
        )
    raise NotAllowed(
        _(
            "Destroying whole items (%(references)s) is carried out by a team leader, the DPO or a "
            "records-unit officer who did not decide the request."
        )
        % {"references": references}
    )
