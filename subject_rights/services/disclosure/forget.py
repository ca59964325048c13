"""Redaction proposals follow their source into destruction (R-DSR-5, R-DSR-6, R-DSR-14).

A ``RedactionProposal`` copies a third party's name, identifier or date of birth out of a
dossier entry, record or event (``matched_text``). When a sanctioned disposal destroys or
anonymises that item (a retention batch, or a subject's destruction/erasure request), the
copy must not outlive it: the proposals about the item are deleted and their audit history
is scrubbed with the item's. A proposal about a gone item is also one no reviewer can see
any more, so an unreviewed one would otherwise block the request's packs for ever.

Connected to ``retention.services.scrub.personal_data_removed`` in ``SubjectRightsConfig``.
A corrected entry (R-DSR-3) is followed the same way: its proposals move to where their text
still is in the new text, or go (``redactions_follow_correction``).
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from records.models import DossierEntry, Record, SubjectEvent
from subject_rights.models import RedactionProposal, SourceKind
from subject_rights.services.disclosure.detection import occurrences

_SOURCE_MODELS = {SourceKind.ENTRY: DossierEntry, SourceKind.RECORD: Record, SourceKind.EVENT: SubjectEvent}


def redactions_forget_removed_sources(*, objects, **kwargs) -> list[tuple[int, str]]:
    """Delete the proposals whose source is among ``objects`` (audit keys: content type id,
    pk); return the audit keys of the deleted proposals, for the scrub."""
    kinds = {ContentType.objects.get_for_model(model).pk: kind for kind, model in _SOURCE_MODELS.items()}
    removed: dict[str, set[int]] = defaultdict(set)
    for content_type_id, pk in objects:
        kind = kinds.get(int(content_type_id))
        if kind is not None and str(pk).isdigit():
            removed[kind].add(int(pk))
    if not removed:
        return []
    condition = Q()
    for kind, ids in removed.items():
        condition |= Q(source_kind=kind, source_id__in=sorted(ids))
    proposals = RedactionProposal.objects.filter(condition)
    content_type_id = ContentType.objects.get_for_model(RedactionProposal).pk
    keys = [(content_type_id, str(pk)) for pk in proposals.values_list("pk", flat=True)]
    if keys:
        # django-auditlog logs each deletion; the scrub that follows blanks those entries too.
        proposals.delete()
    return keys


def redactions_follow_correction(*, objects, fields, **kwargs) -> int:
    """R-DSR-3: a corrected text keeps no proposal that holds its old text.

    For each proposal on a corrected field of a source among ``objects`` (audit keys): a
    span still covering its text stays; one whose text is still in the new text moves there
    (as the disclosure re-anchoring does); any other — reviewed or not — is deleted, since
    its ``matched_text`` copies text the correction replaced. The next ``redactions_propose``
    proposes what the new text needs. Returns how many proposals were deleted.

    Connected to ``records.signals.personal_data_corrected`` in ``SubjectRightsConfig``.
    """
    kinds = {ContentType.objects.get_for_model(model).pk: kind for kind, model in _SOURCE_MODELS.items()}
    stale: list[int] = []
    for content_type_id, pk in objects:
        kind = kinds.get(int(content_type_id))
        if kind is None or not str(pk).isdigit():
            continue
        source = _SOURCE_MODELS[kind].objects.filter(pk=int(pk)).first()
        proposals = RedactionProposal.objects.select_for_update().filter(
            source_kind=kind, source_id=int(pk), source_field__in=list(fields)
        )
        by_field: dict[tuple[int, str], list[RedactionProposal]] = defaultdict(list)
        for proposal in proposals.order_by("start", "pk"):
            by_field[(proposal.request_id, proposal.source_field)].append(proposal)
        for (_request_id, field), group in by_field.items():
            text = str(getattr(source, field, "") or "") if source is not None else ""
            stale += _reanchor_or_drop(group, text)
    if stale:
        RedactionProposal.objects.filter(pk__in=stale).delete()
    return len(stale)


def _reanchor_or_drop(proposals: list[RedactionProposal], text: str) -> list[int]:
    """Move each proposal to its text in ``text``; return the ids of those whose text is gone."""
    taken = {(p.start, p.end) for p in proposals if text[p.start : p.end] == p.matched_text}
    stale: list[int] = []
    for proposal in proposals:
        if text[proposal.start : proposal.end] == proposal.matched_text:
            continue
        free = [o for o in occurrences(text, proposal.matched_text) if o not in taken]
        if not free:
            stale.append(proposal.pk)
            continue
        proposal.start, proposal.end = min(free, key=lambda o: abs(o[0] - proposal.start))
        proposal.save(update_fields=["start", "end"])
        taken.add((proposal.start, proposal.end))
    return stale
