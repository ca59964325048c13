"""Writes on people, records and dossiers. Every function is atomic and takes acting_user."""

from records.services.dossiers import (
    dossier_close,
    dossier_create,
    dossier_entry_add,
    dossier_member_add,
    dossier_reopen,
)
from records.services.inputs import CopyInput, MemberInput, PersonInput, SubjectInput
from records.services.people import person_create
from records.services.registry import (
    record_copy_add,
    record_create,
    record_subject_add,
    subject_event_record,
)

__all__ = [
    "CopyInput",
    "MemberInput",
    "PersonInput",
    "SubjectInput",
    "dossier_close",
    "dossier_create",
    "dossier_entry_add",
    "dossier_member_add",
    "dossier_reopen",
    "person_create",
    "record_copy_add",
    "record_create",
    "record_subject_add",
    "subject_event_record",
]
