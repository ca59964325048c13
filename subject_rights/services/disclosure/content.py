"""The content of a disclosure with the reviewed redactions burned in (R-DSR-2, R-DSR-14).

Every document (pack, portability export) is built from ``disclosure_content``: the text
of each in-scope item cut into segments, the redacted ones carrying only the label
"[redacted: reason]". The withheld text is dropped here, before any template sees it, so
it can never reach a PDF's text layer or an export.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError
from subject_rights.models import REDACTED_STATUSES, RedactionStatus, SubjectRequest
from subject_rights.selectors.scope import DisclosureScope, ScopeItem, disclosure_scope
from subject_rights.services.disclosure.redactions import is_current

FIELD_LABELS = {
    "body": gettext_lazy("Text"),
    "source": gettext_lazy("Source"),
    "recipient": gettext_lazy("Shared with"),
    "title": gettext_lazy("Title"),
    "description": gettext_lazy("Description"),
}


@dataclass(frozen=True)
class Segment:
    text: str = ""
    redacted: str = ""


@dataclass
class ContentItem:
    item: ScopeItem
    fields: dict[str, list[Segment]]
    redactions: int = 0

    @property
    def passages(self) -> list[tuple[str, list[Segment]]]:
        """The non-empty fields with their labels, for the templates."""
        return [
            (str(FIELD_LABELS.get(name, name)), segments)
            for name, segments in self.fields.items()
            if segments
        ]

    def plain(self, name: str) -> str:
        """The field as text, each redaction replaced by its label."""
        return "".join(segment.text or segment.redacted for segment in self.fields[name])


@dataclass
class DisclosureContent:
    scope: DisclosureScope
    items: list[ContentItem] = field(default_factory=list)

    @property
    def redactions(self) -> int:
        return sum(item.redactions for item in self.items)

    def index(self) -> list[dict]:
        """What was disclosed, by reference only (kept with the document)."""
        memberships = [
            {"kind": "membership", "id": m.pk, "reference": m.dossier.reference, "dossier_id": m.dossier_id}
            for m in self.scope.memberships
        ]
        return memberships + [
            {
                "kind": c.item.kind,
                "id": c.item.pk,
                "reference": c.item.reference,
                "dossier_id": c.item.dossier_id,
                "record_id": c.item.record_id,
                "redactions": c.redactions,
            }
            for c in self.items
        ]


def redaction_label(reason_label: str) -> str:
    return _("[redacted: %(reason)s]") % {"reason": str(reason_label).lower()}


def redacted_segments(text: str, spans: list[tuple[int, int, str]]) -> list[Segment]:
    """``text`` cut at the redacted ``spans`` (start, end, label); overlapping spans merge."""
    merged: list[list] = []
    for start, end, label in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, label])
    segments: list[Segment] = []
    position = 0
    for start, end, label in merged:
        if start > position:
            segments.append(Segment(text=text[position:start]))
        segments.append(Segment(redacted=label))
        position = end
    if position < len(text):
        segments.append(Segment(text=text[position:]))
    return segments


def unreviewed_count(request: SubjectRequest) -> int:
    return request.redactions.filter(status=RedactionStatus.PROPOSED).count()


def disclosure_content(
    *, request: SubjectRequest, on_item: Callable[[int, int], None] | None = None
) -> DisclosureContent:
    """The subject's data as it will be disclosed. Refuses while a proposal is unreviewed:
    an unreviewed name must neither slip out nor be withheld without a decision."""
    pending = unreviewed_count(request)
    if pending:
        raise DomainError(
            _(
                "%(count)d proposed redaction(s) still need a review: accept, edit or reject each "
                "before the documents are made."
            )
            % {"count": pending},
            code="unreviewed",
        )
    scope = disclosure_scope(request=request)
    spans: dict[tuple, list] = defaultdict(list)
    for proposal in request.redactions.filter(status__in=REDACTED_STATUSES):
        spans[(proposal.source_kind, proposal.source_id, proposal.source_field)].append(proposal)
    content = DisclosureContent(scope=scope)
    total = len(scope.items)
    for number, item in enumerate(scope.items, start=1):
        fields: dict[str, list[Segment]] = {}
        count = 0
        for name, text in item.fields.items():
            applying = [
                (p.start, p.end, redaction_label(p.get_reason_display()))
                for p in spans.get((item.kind, item.pk, name), [])
                if is_current(p, text)
            ]
            count += len(applying)
            fields[name] = redacted_segments(text, applying)
        content.items.append(ContentItem(item=item, fields=fields, redactions=count))
        if on_item is not None:
            on_item(number, total)
    return content
