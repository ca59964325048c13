"""Reads for the disclosure screens: the permission-checked request, its redactions and
documents, and the in-scope text cut into highlighted segments for the reviewer.

``disclosure_request_get_for_user`` is the one lookup: the request's handler (or its
creator), a team leader or the DPO, or a records-unit officer of the same organisation.
Everyone else, and every other organisation, gets 404.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from subject_rights.models import (
    DisclosureOutput,
    OutputKind,
    OutputStatus,
    RedactionProposal,
    RedactionStatus,
    SubjectRequest,
)
from subject_rights.roles import acts_on_every_request, handles_requests
from subject_rights.selectors.scope import DisclosureScope, ScopeItem
from subject_rights.services.disclosure.common import DISCLOSURE_WIDE_ROLES
from subject_rights.services.disclosure.content import FIELD_LABELS
from subject_rights.services.disclosure.redactions import is_current


def disclosure_requests_visible_to(user) -> QuerySet[SubjectRequest]:
    if not user.is_authenticated or user.organisation_id is None:
        return SubjectRequest.objects.none()
    records_unit = getattr(user, "role", None) in DISCLOSURE_WIDE_ROLES
    if not (records_unit or handles_requests(user)):
        return SubjectRequest.objects.none()
    requests = SubjectRequest.objects.filter(organisation_id=user.organisation_id)
    if records_unit or acts_on_every_request(user):
        return requests
    return requests.filter(Q(handler=user) | Q(created_by=user))


def disclosure_request_get_for_user(*, user, pk: int) -> SubjectRequest:
    request = (
        disclosure_requests_visible_to(user).select_related("organisation", "subject").filter(pk=pk).first()
    )
    if request is None:
        raise Http404("No such request.")
    return request


def redaction_get(*, request: SubjectRequest, pk: int) -> RedactionProposal:
    proposal = request.redactions.filter(pk=pk).select_related("request").first()
    if proposal is None:
        raise Http404("No such redaction.")
    proposal.request = request
    return proposal


def disclosure_output_get(*, request: SubjectRequest, pk: int) -> DisclosureOutput:
    output = request.disclosure_outputs.filter(pk=pk).first()
    if output is None:
        raise Http404("No such document.")
    output.request = request
    return output


def disclosure_outputs(request: SubjectRequest) -> QuerySet[DisclosureOutput]:
    return request.disclosure_outputs.select_related("requested_by").order_by("-requested_at", "-id")


def pack_latest(request: SubjectRequest) -> DisclosureOutput | None:
    return request.disclosure_outputs.filter(kind=OutputKind.PACK).order_by("-requested_at", "-id").first()


def ready_output(request: SubjectRequest, kind: str) -> DisclosureOutput | None:
    return (
        request.disclosure_outputs.filter(kind=kind, status=OutputStatus.READY)
        .order_by("-completed_at", "-id")
        .first()
    )


def redaction_counts(request: SubjectRequest) -> dict[str, int]:
    counts = dict.fromkeys(RedactionStatus.values, 0)
    grouped = (
        RedactionProposal.objects.filter(request_id=request.pk)
        .order_by()
        .values_list("status")
        .annotate(number=Count("id"))
    )
    counts.update(dict(grouped))
    return counts


@dataclass
class ReviewPassage:
    name: str
    label: str
    # (text, proposal or None): the proposal highlighted over that text.
    segments: list[tuple[str, RedactionProposal | None]]


@dataclass
class ReviewItem:
    item: ScopeItem
    passages: list[ReviewPassage] = field(default_factory=list)
    proposals: list[RedactionProposal] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"item-{self.item.kind}-{self.item.pk}"


def _highlighted(text: str, proposals: list[RedactionProposal]) -> list[tuple[str, RedactionProposal | None]]:
    segments: list[tuple[str, RedactionProposal | None]] = []
    position = 0
    for proposal in sorted(proposals, key=lambda p: (p.start, -p.end)):
        if proposal.start < position:
            continue  # overlaps one already highlighted; it is still listed below the item
        if proposal.start > position:
            segments.append((text[position : proposal.start], None))
        segments.append((text[proposal.start : proposal.end], proposal))
        position = proposal.end
    if position < len(text):
        segments.append((text[position:], None))
    return segments


def review_items(scope: DisclosureScope) -> list[ReviewItem]:
    """Every in-scope item with its proposals, for the review page."""
    by_source: dict[tuple, list[RedactionProposal]] = {}
    proposals = scope.request.redactions.select_related("third_party", "reviewed_by").order_by("start", "id")
    for proposal in proposals:
        by_source.setdefault((proposal.source_kind, proposal.source_id), []).append(proposal)
    rows = []
    for item in scope.items:
        row = ReviewItem(item=item)
        for proposal in by_source.get((item.kind, item.pk), []):
            text = item.fields.get(proposal.source_field, "")
            if is_current(proposal, text):
                row.proposals.append(proposal)
        for name, text in item.fields.items():
            if not text:
                continue
            mine = [p for p in row.proposals if p.source_field == name]
            row.passages.append(
                ReviewPassage(name, str(FIELD_LABELS.get(name, name)), _highlighted(text, mine))
            )
        rows.append(row)
    return rows
