"""R-DSR-5, R-DSR-6, R-DSR-14: once an item is destroyed, the redaction proposals about it go
too. A proposal copies the third party's name (``matched_text``) out of the item; left behind,
it would keep that personal data alive after a sanctioned destruction, and an unreviewed one
would block every later disclosure pack of its request with a span nobody can review."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from subject_rights.models import RedactionCategory, RedactionProposal, RequestType, SourceKind
from subject_rights.services.disclosure.content import unreviewed_count
from subject_rights.services.effects import subject_data_destroy
from tests.subject_rights.conftest import at
from tests.subject_rights.effects_factories import DECIDED, RECEIVED, decided, household, records_about
from tests.subject_rights.support import request_in_progress

pytestmark = pytest.mark.django_db

THIRD_PARTY = "Kees de Vries"


def _proposal(request, kind, pk, field="body"):
    return RedactionProposal.objects.create(
        organisation=request.organisation,
        request=request,
        source_kind=kind,
        source_id=pk,
        source_field=field,
        start=0,
        end=len(THIRD_PARTY),
        matched_text=THIRD_PARTY,
        category=RedactionCategory.FULL_NAME,
    )


def test_erasure_removes_the_proposals_about_destroyed_items_and_scrubs_their_audit(
    caseworker, team_leader, adult
):
    house = household(caseworker.organisation, adult, author=caseworker)
    records = records_about(caseworker.organisation, adult)
    access = request_in_progress(caseworker, adult, received_on=RECEIVED, request_type=RequestType.ACCESS)
    gone = [
        _proposal(access, SourceKind.ENTRY, house.mine.pk),  # the subject's own entry
        _proposal(access, SourceKind.RECORD, records.own.pk, field="description"),  # destroyed whole
        _proposal(access, SourceKind.EVENT, records.event.pk, field="description"),  # their event
    ]
    kept = _proposal(access, SourceKind.ENTRY, house.report.pk)  # the report concerns others too
    erasure = decided(caseworker, adult, RequestType.ERASURE)

    with at(DECIDED):
        # Whole items go, so a second person carries it out (R-DSR-6).
        subject_data_destroy(acting_user=team_leader, request=erasure)

    assert list(RedactionProposal.objects.filter(request=access)) == [kept]
    assert unreviewed_count(access) == 1  # only the one a reviewer can still see
    proposal_type = ContentType.objects.get_for_model(RedactionProposal)
    history = LogEntry.objects.filter(content_type=proposal_type, object_pk__in=[str(p.pk) for p in gone])
    assert history.exists()  # the creation and the deletion stay on record ...
    assert not any(THIRD_PARTY in f"{e.changes} {e.serialized_data} {e.object_repr}" for e in history)
    # ... without the name they copied.
