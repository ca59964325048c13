"""Who may prepare a disclosure, and when (R-DSR-1, R-DSR-2, R-DSR-9)."""

from django.utils.translation import gettext as _

from access_control.models import Role
from core.errors import DomainError
from subject_rights.models import Decision, RequestStatus, RequestType, SubjectRequest
from subject_rights.services.common import require_request_handler

# Requests answered by disclosing the subject's data.
DISCLOSURE_TYPES = frozenset({RequestType.ACCESS, RequestType.COPY, RequestType.PORTABILITY})
PACK_TYPES = frozenset({RequestType.ACCESS, RequestType.COPY})
EXPORT_TYPES = frozenset({RequestType.PORTABILITY})
# Identity is verified (R-DSR-9) and the request is being answered.
WORKING_STATUSES = frozenset({RequestStatus.IN_PROGRESS, RequestStatus.EXTENDED, RequestStatus.DECIDED})
# The records unit prepares disclosures for the whole organisation (R-REC-9).
DISCLOSURE_WIDE_ROLES = frozenset({Role.RECORDS_OFFICER})


def require_disclosure_handler(acting_user, request: SubjectRequest) -> None:
    """The request's handler (or a team leader / the DPO), or a records-unit officer of the
    same organisation; nobody else, and never another organisation."""
    if (
        getattr(acting_user, "organisation_id", None) == request.organisation_id
        and getattr(acting_user, "role", None) in DISCLOSURE_WIDE_ROLES
    ):
        return
    require_request_handler(acting_user, request)


def require_disclosure_request(request: SubjectRequest) -> None:
    if request.request_type not in DISCLOSURE_TYPES:
        raise DomainError(
            _("A %(type)s request is not answered by disclosing data.")
            % {"type": request.get_request_type_display().lower()}
        )
    if request.status not in WORKING_STATUSES:
        raise DomainError(
            _(
                "Request %(reference)s is %(status)s: data is disclosed only once the identity is "
                "verified and while the request is being answered (R-DSR-9)."
            )
            % {"reference": request.reference, "status": request.get_status_display().lower()}
        )


def require_not_refused(request: SubjectRequest) -> None:
    if request.decision == Decision.REFUSE:
        raise DomainError(
            _("Request %(reference)s was refused: nothing is disclosed. Send the response letter instead.")
            % {"reference": request.reference}
        )
