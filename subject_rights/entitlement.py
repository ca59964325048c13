"""Whether the person asking may make a request for the subject (R-DSR-7, R-DSR-9).

Pure: takes the subject's capacity on the date of receipt (subject_rights.capacity) and
the requester's role, returns the reason for refusing or ``None``. Where the legal
representatives act alone, a request the child co-signs is still theirs and is accepted.
An agent (e.g. a solicitor) acts on the subject's own authority, so only for a subject who
may act alone; they must still prove that authority before the decision (R-DSR-9).
"""

from django.utils.translation import gettext as _

from subject_rights.capacity import Capacity, Signatories
from subject_rights.models.choices import RequesterRole

ENTITLED_ROLES: dict[str, frozenset[str]] = {
    Signatories.REPRESENTATIVES: frozenset({RequesterRole.REPRESENTATIVE, RequesterRole.JOINT}),
    Signatories.TOGETHER: frozenset({RequesterRole.JOINT}),
    Signatories.ALONE: frozenset({RequesterRole.SUBJECT, RequesterRole.AGENT}),
    Signatories.ASSESS: frozenset(),
}


def entitlement_refusal(capacity: Capacity, requester_role: str, subject_name: str) -> str | None:
    """Why this requester may not make the request, or None when they may."""
    if requester_role in ENTITLED_ROLES[capacity.signatories]:
        return None
    values = {"name": subject_name, "reason": capacity.reason}
    if capacity.signatories == Signatories.REPRESENTATIVES:
        return _("Only the legal representative(s) of %(name)s can make this request. %(reason)s") % values
    if capacity.signatories == Signatories.TOGETHER:
        return (
            _("The legal representative(s) and %(name)s must make this request together. %(reason)s") % values
        )
    if capacity.signatories == Signatories.ALONE:
        return (
            _(
                "Only %(name)s, or someone %(name)s authorised, can make this request; a legal "
                "representative cannot make it for them. %(reason)s"
            )
            % values
        )
    return _("Whether %(name)s can make this request must be assessed first. %(reason)s") % values
