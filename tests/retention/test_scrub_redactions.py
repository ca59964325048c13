"""R-WMO-4 with R-DSR-14: a scheduled disposal that anonymises a dossier takes with it the
redaction proposals that copied names out of its entries (the text they were about is
gone), and scrubs their audit history; proposals about other items stay."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from records.models import DossierEntry
from retention.services.execution import disposal_batch_execute
from subject_rights.models import RedactionCategory, RedactionProposal, SourceKind
from tests.factories import DossierEntryFactory, DossierFactory
from tests.retention.disposal_support import (
    approved,
    decide,
    officer,
    recompute,
    vt_choose_anonymisation,
    vt_dossier,
)
from tests.subject_rights.screen_factories import SubjectRequestFactory

pytestmark = pytest.mark.django_db

NAME = "Zebedee Quartermaine"


def _proposal(request, entry):
    return RedactionProposal.objects.create(
        organisation=request.organisation,
        request=request,
        source_kind=SourceKind.ENTRY,
        source_id=entry.pk,
        source_field="body",
        start=0,
        end=len(NAME),
        matched_text=NAME,
        category=RedactionCategory.FULL_NAME,
    )


def test_anonymising_a_dossier_removes_the_redaction_proposals_about_its_entries(veilig_thuis):
    vt_choose_anonymisation(veilig_thuis)
    dossier = vt_dossier(veilig_thuis)
    entry = DossierEntry.objects.get(dossier=dossier)
    other_entry = DossierEntryFactory(dossier=DossierFactory(organisation=veilig_thuis))
    request = SubjectRequestFactory(organisation=veilig_thuis)
    gone, kept = _proposal(request, entry), _proposal(request, other_entry)
    recompute(veilig_thuis)
    decide(dossier)

    disposal_batch_execute(acting_user=officer(veilig_thuis), batch_id=approved(veilig_thuis).pk)

    assert list(RedactionProposal.objects.all()) == [kept]
    history = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(RedactionProposal), object_pk=str(gone.pk)
    )
    assert history.exists()
    assert not any(NAME in f"{e.changes} {e.serialized_data} {e.object_repr}" for e in history)
