"""Template tags of the effect panels: what a decided request can still do, and the
restriction banner of person, record and dossier pages (GDPR art. 18)."""

from dataclasses import dataclass

from django import template

from records.models import DossierMember, RemovalScope
from subject_rights.models import Decision, RequestStatus, RequestType
from subject_rights.selectors.effects import (
    active_restriction_of,
    corrections_for,
    data_removals_for,
    restrictions_for,
    restrictions_on_item,
)
from subject_rights.selectors.recipients import notifications_for

register = template.Library()

GRANTED = (Decision.GRANT, Decision.PARTIAL)
DESTRUCTIVE = (RequestType.DESTRUCTION, RequestType.ERASURE)
NOTIFIED = (RequestType.RECTIFICATION, RequestType.ERASURE, RequestType.DESTRUCTION, RequestType.RESTRICTION)


@register.simple_tag
def effects_of(subject_request) -> dict:
    """What the effects panel shows for ``subject_request``."""
    decided = subject_request.status == RequestStatus.DECIDED
    granted = subject_request.decision in GRANTED
    kind = subject_request.request_type
    removals = list(data_removals_for(subject_request)) if kind in DESTRUCTIVE else []
    statement_allowed = subject_request.status in (RequestStatus.DECIDED, RequestStatus.FULFILLED) and (
        (kind == RequestType.OWN_STATEMENT and granted)
        or (kind == RequestType.RECTIFICATION and subject_request.decision)
    )
    return {
        "decided": bool(subject_request.decision),
        "granted": granted,
        "can_rectify": decided and granted and kind == RequestType.RECTIFICATION,
        "can_state": statement_allowed
        and DossierMember.objects.filter(person_id=subject_request.subject_id).exists(),
        "can_destroy": decided and granted and kind in DESTRUCTIVE,
        # An upheld objection (R-CON-7) may stop the processing by a restriction too.
        "can_restrict": decided and granted and kind in (RequestType.RESTRICTION, RequestType.OBJECTION),
        "notifies": granted and kind in NOTIFIED,
        "restriction": active_restriction_of(subject_request.subject_id),
        "restrictions": list(restrictions_for(subject_request)) if kind == RequestType.RESTRICTION else [],
        "corrections": list(corrections_for(subject_request)) if kind == RequestType.RECTIFICATION else [],
        "statements": list(subject_request.dossier_entries.select_related("dossier")),
        "removals": removals,
        "whole": [r for r in removals if r.scope == RemovalScope.WHOLE],
        "notifications": list(notifications_for(subject_request)),
        # R-DSR-8: the decision limited a representative; record it in the subject's dossiers.
        "limit_in": list(
            DossierMember.objects.filter(person_id=subject_request.subject_id).select_related("dossier")
        )
        if subject_request.representative_rights_limited
        else [],
    }


@register.simple_tag
def restrictions_on(item) -> list:
    """Active restrictions of the people in a record or dossier, or of one person."""
    if item is None:
        return []
    return list(restrictions_on_item(item))


@dataclass(frozen=True)
class ShownRestriction:
    person: object
    restricted_at: object
    reason: str


@register.simple_tag
def restrictions_among(links) -> list[ShownRestriction]:
    """The restrictions of the people linked to a page (members or record subjects), read
    from ``records.selectors.with_rights_state``'s annotations: no query per person."""
    return [
        ShownRestriction(link.person, link.restricted_at, link.restriction_reason)
        for link in links
        if getattr(link, "restriction_reason", None) is not None
    ]


@register.simple_tag
def not_informed_among(members) -> list:
    """R-DSR-10: members never informed of their rights (annotated members, no query)."""
    return [member for member in members if not getattr(member, "informed_of_rights", False)]
