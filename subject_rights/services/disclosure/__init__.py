"""Disclosure of a subject's data: redactions, the pack, the letter and the export
(R-DSR-1, R-DSR-2, R-DSR-14; GDPR arts. 15 and 20)."""

from subject_rights.services.disclosure.letters import response_letter_issue
from subject_rights.services.disclosure.packs import disclosure_pack_render, disclosure_pack_request
from subject_rights.services.disclosure.portability import portability_export_create
from subject_rights.services.disclosure.redactions import (
    ReviewAction,
    redaction_add,
    redaction_remove,
    redaction_review,
    redactions_propose,
)

__all__ = [
    "ReviewAction",
    "disclosure_pack_render",
    "disclosure_pack_request",
    "portability_export_create",
    "redaction_add",
    "redaction_remove",
    "redaction_review",
    "redactions_propose",
    "response_letter_issue",
]
