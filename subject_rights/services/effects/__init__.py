"""Carrying out decided subject requests: rectification (R-DSR-3), own statements (R-DSR-4),
destruction and erasure (R-DSR-5, R-DSR-6), restriction (GDPR art. 18), telling recipients
(GDPR art. 19), informing people of their rights (R-DSR-10) and limiting a representative's
rights (R-DSR-8)."""

from subject_rights.services.effects.destruction import subject_data_destroy
from subject_rights.services.effects.own_statement import own_statement_record
from subject_rights.services.effects.recipients import recipient_letters_prepare, recipient_notification_sent
from subject_rights.services.effects.rectification import (
    rectification_entry_apply,
    rectification_person_apply,
)
from subject_rights.services.effects.representatives import representative_rights_limit
from subject_rights.services.effects.restriction import restriction_apply, restriction_lift
from subject_rights.services.effects.rights_information import rights_information_record

__all__ = [
    "own_statement_record",
    "recipient_letters_prepare",
    "recipient_notification_sent",
    "rectification_entry_apply",
    "rectification_person_apply",
    "representative_rights_limit",
    "restriction_apply",
    "restriction_lift",
    "rights_information_record",
    "subject_data_destroy",
]
