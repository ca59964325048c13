"""Writes on subject requests and the consent register. Every function is atomic,
keyword-only, takes acting_user and records a domain event."""

from subject_rights.services.clock import (
    subject_request_extend,
    subject_request_pause,
    subject_request_resume,
)
from subject_rights.services.consent import consent_record, consent_withdraw
from subject_rights.services.decisions import subject_request_decide
from subject_rights.services.intake import (
    subject_request_create,
    subject_request_id_document_attach,
    subject_request_identity_verify,
)
from subject_rights.services.policies import deadline_policies_install_defaults, deadline_policy_set
from subject_rights.services.relations import legal_relation_end, legal_relation_record
from subject_rights.services.workflow import TRANSITIONS, subject_request_transition

__all__ = [
    "TRANSITIONS",
    "consent_record",
    "consent_withdraw",
    "deadline_policies_install_defaults",
    "deadline_policy_set",
    "legal_relation_end",
    "legal_relation_record",
    "subject_request_create",
    "subject_request_decide",
    "subject_request_extend",
    "subject_request_id_document_attach",
    "subject_request_identity_verify",
    "subject_request_pause",
    "subject_request_resume",
    "subject_request_transition",
]
