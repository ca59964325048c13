"""Reads on subject requests and the consent register."""

from subject_rights.selectors.consent import (
    SharingAnswer,
    consent_requirement_for,
    consents_for_subject,
    legal_relations_of,
    may_obtain,
    may_share,
)
from subject_rights.selectors.dashboard import (
    RequestFigures,
    Timeliness,
    destructions_overdue,
    request_average_days_to_close,
    request_timeliness,
    requests_due_soon,
    requests_open_by_status,
    requests_overdue,
    subject_request_figures,
)
from subject_rights.selectors.requests import (
    deadline_terms_for,
    subject_request_get_for_user,
    subject_request_list,
    subject_requests_visible_to,
)

__all__ = [
    "RequestFigures",
    "SharingAnswer",
    "Timeliness",
    "consent_requirement_for",
    "consents_for_subject",
    "deadline_terms_for",
    "destructions_overdue",
    "legal_relations_of",
    "may_obtain",
    "may_share",
    "request_average_days_to_close",
    "request_timeliness",
    "requests_due_soon",
    "requests_open_by_status",
    "requests_overdue",
    "subject_request_figures",
    "subject_request_get_for_user",
    "subject_request_list",
    "subject_requests_visible_to",
]
