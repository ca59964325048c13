"""Documents about the subject go with their data on erasure or destruction (R-DSR-5, R-DSR-6).

Disclosure packs, portability exports and the letters of earlier effects copy the subject's
data; after a granted erasure they must not outlive it. Files go only once the destruction
has committed; a refused destruction leaves every document in place.
"""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.errors import DomainError
from core.models import DomainEvent
from records.models import NotifiedEffect, RecipientNotification, RightsInformation, SubjectDataRemoval
from records.models.subject_effects import InformedHow
from retention.models import HoldAuthority, LegalHold
from subject_rights.models import DisclosureOutput, OutputKind, OutputStatus, RequestType
from subject_rights.services.effects import subject_data_destroy
from tests.factories import PersonFactory
from tests.subject_rights.conftest import at
from tests.subject_rights.effects_factories import DECIDED, RECEIVED, decided, household
from tests.subject_rights.support import request_in_progress

pytestmark = pytest.mark.django_db


def _output(request, kind, user, name):
    output = DisclosureOutput.objects.create(
        organisation=request.organisation,
        request=request,
        kind=kind,
        status=OutputStatus.READY,
        requested_by=user,
        file_name=name,
    )
    output.file.save(name, ContentFile(b"Eva Jansen works nights at the hospital."), save=True)
    return output


def _documents(caseworker, adult):
    """An access request's pack and export, a rectification letter and a rights letter."""
    access = request_in_progress(caseworker, adult, received_on=RECEIVED, request_type=RequestType.ACCESS)
    pack = _output(access, OutputKind.PACK, caseworker, "pack.pdf")
    export = _output(access, OutputKind.EXPORT_JSON, caseworker, "export.json")
    rectification = request_in_progress(
        caseworker, adult, received_on=RECEIVED, request_type=RequestType.RECTIFICATION
    )
    notification = RecipientNotification.objects.create(
        organisation=caseworker.organisation,
        request=rectification,
        recipient="GGD Amsterdam",
        effect=NotifiedEffect.RECTIFICATION,
        prepared_by=caseworker,
    )
    notification.letter.save("notification.pdf", ContentFile(b"Eva Jansen's corrected address."))
    informed = RightsInformation.objects.create(
        organisation=caseworker.organisation,
        person=adult,
        informed_on=dt.date(2026, 3, 1),
        how=InformedHow.LETTER_POST,
        informed_by=caseworker,
    )
    informed.letter.save("rights.pdf", ContentFile(b"Dear Eva Jansen"))
    files = [pack.file.name, export.file.name, notification.letter.name, informed.letter.name]
    return access, rectification, [pack, export], notification, informed, files


def test_r_dsr_6_erasure_deletes_the_subjects_disclosure_documents_and_effect_letters(
    caseworker, adult, django_capture_on_commit_callbacks
):
    household(caseworker.organisation, adult, author=caseworker)
    access, rectification, outputs, notification, informed, files = _documents(caseworker, adult)
    erasure = decided(caseworker, adult, RequestType.ERASURE)
    answer = _output(erasure, OutputKind.LETTER, caseworker, "answer.pdf")
    assert all(default_storage.exists(name) for name in files)

    with at(DECIDED), django_capture_on_commit_callbacks(execute=True):
        subject_data_destroy(acting_user=caseworker, request=erasure)

    assert not DisclosureOutput.objects.filter(pk__in=[o.pk for o in outputs]).exists()
    assert not any(default_storage.exists(name) for name in files)
    notification.refresh_from_db()
    informed.refresh_from_db()
    # The rows stay as proof the recipient and the subject were told; the copies go.
    assert (notification.letter.name, informed.letter.name) == ("", "")
    assert notification.recipient == "GGD Amsterdam"
    # This request's own answer letter is the organisation's proof of how it answered.
    assert DisclosureOutput.objects.filter(pk=answer.pk).exists()
    assert default_storage.exists(answer.file.name)
    traces = {
        r.reference: r.attachments_removed
        for r in SubjectDataRemoval.objects.filter(request=erasure, item_kind="document")
    }
    assert traces == {access.reference: 2, rectification.reference: 1, erasure.reference: 1}
    event = DomainEvent.objects.get(verb="subject_request.data_destroyed", target_id=str(erasure.pk))
    assert {d["kind"] for d in event.data["documents"]} == {
        "output:pack",
        "output:export_json",
        "letter:RecipientNotification",
        "letter:RightsInformation",
    }


def test_r_dsr_5_a_hold_keeps_every_document_and_file(
    caseworker, team_leader, adult, django_capture_on_commit_callbacks
):
    household(caseworker.organisation, adult, author=caseworker)
    _access, _rect, outputs, notification, _informed, files = _documents(caseworker, adult)
    hold = LegalHold.objects.create(
        organisation=caseworker.organisation,
        reason="Criminal proceedings pending.",
        authority=HoldAuthority.CPIA,
        placed_by=team_leader,
    )
    hold.people.set([adult])
    destruction = decided(caseworker, adult, RequestType.DESTRUCTION)

    with at(DECIDED), django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        subject_data_destroy(acting_user=caseworker, request=destruction)

    assert DisclosureOutput.objects.filter(pk__in=[o.pk for o in outputs]).count() == 2
    assert all(default_storage.exists(name) for name in files)
    notification.refresh_from_db()
    assert notification.letter.name
    assert not SubjectDataRemoval.objects.filter(request=destruction).exists()


def test_another_subjects_documents_stay(caseworker, adult, django_capture_on_commit_callbacks):
    household(caseworker.organisation, adult, author=caseworker)
    other = PersonFactory(organisation=caseworker.organisation, date_of_birth=dt.date(1980, 1, 1))
    theirs = request_in_progress(caseworker, other, received_on=RECEIVED, request_type=RequestType.ACCESS)
    pack = _output(theirs, OutputKind.PACK, caseworker, "their-pack.pdf")
    erasure = decided(caseworker, adult, RequestType.ERASURE)

    with at(DECIDED), django_capture_on_commit_callbacks(execute=True):
        subject_data_destroy(acting_user=caseworker, request=erasure)

    assert DisclosureOutput.objects.filter(pk=pack.pk).exists()
    assert default_storage.exists(pack.file.name)
