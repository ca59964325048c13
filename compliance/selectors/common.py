"""What every compliance selector starts from: the reader's organisation, checked."""

from compliance.permissions import user_reads_compliance
from core.errors import NotAllowed


def reader_organisation_id(user) -> int:
    """The organisation whose figures ``user`` may read; NotAllowed unless DPO or auditor.

    Every compliance figure and list filters on this id first, so one organisation's DPO
    never counts another's data.
    """
    if not user_reads_compliance(user):
        raise NotAllowed("Only the data protection officer and auditors read the compliance figures.")
    return user.organisation_id
