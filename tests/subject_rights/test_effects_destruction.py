"""Destruction (R-DSR-5) and erasure (R-DSR-6) remove only the subject's data, through the
retention engine's disposal path; holds win and a refuted report is honoured."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from core.errors import DomainError, InvalidTransition, NotAllowed
from records.models import (
    Dossier,
    DossierEntry,
    DossierMember,
    Person,
    PersonIdentifier,
    RecipientNotification,
    Record,
    RecordSubject,
    RemovalScope,
    SubjectDataRemoval,
    SubjectEvent,
)
from retention.models import DestructionCertificate, HoldAuthority, LegalHold, Tombstone
from subject_rights.models import Decision, RequestStatus, RequestType
from subject_rights.selectors import destructions_overdue
from subject_rights.selectors.effects import destruction_plan_for
from subject_rights.services import deadline_policies_install_defaults
from subject_rights.services.effects import subject_data_destroy
from tests.subject_rights.conftest import at
from tests.subject_rights.effects_factories import (
    DECIDED,
    counts,
    decided,
    household,
    records_about,
    sole_dossier,
)

pytestmark = pytest.mark.django_db


def _hold(organisation, user, **targets):
    hold = LegalHold.objects.create(
        organisation=organisation,
        reason="Criminal proceedings pending.",
        authority=HoldAuthority.CPIA,
        authority_reference="CPS-77",
        placed_by=user,
    )
    for name, objects in targets.items():
        getattr(hold, name).set(objects)
    return hold


def test_it_removes_only_the_subjects_entries_and_membership_from_a_shared_dossier(caseworker, adult):
    """R-DSR-1/R-DSR-5: the dossier concerns others, so it stays; the subject's parts go."""
    house = household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.DESTRUCTION)

    with at(DECIDED):
        removals = subject_data_destroy(acting_user=caseworker, request=request)

    assert Dossier.objects.filter(pk=house.dossier.pk).exists()
    remaining = set(DossierEntry.objects.filter(dossier=house.dossier).values_list("pk", flat=True))
    assert remaining == {house.report.pk, house.kids.pk}
    assert not DossierMember.objects.filter(pk=house.me.pk).exists()
    assert set(house.report.concerns.all()) == {house.partner, house.kid}
    (removal,) = removals
    assert (removal.scope, removal.entries_removed, removal.links_removed) == (RemovalScope.PARTIAL, 3, 1)
    assert removal.reference == "VT-2026-00001"
    # No tombstone: nothing was destroyed whole, but the partial removal is on record.
    assert not Tombstone.objects.exists()
    assert SubjectDataRemoval.objects.filter(request=request).count() == 1


def test_it_scrubs_the_audit_values_of_the_removed_entries(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.ERASURE)
    entry_type = ContentType.objects.get_for_model(DossierEntry)

    with at(DECIDED):
        subject_data_destroy(acting_user=caseworker, request=request)

    texts = " ".join(
        str(e.changes) for e in LogEntry.objects.filter(content_type=entry_type, object_pk=str(house.mine.pk))
    )
    assert "works nights" not in texts


def test_it_destroys_a_dossier_whole_through_the_disposal_path_when_only_the_subject_is_in_it(
    caseworker, team_leader, adult
):
    dossier = sole_dossier(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.DESTRUCTION)

    with at(DECIDED):
        # R-DSR-5: whole items are carried out by a second person (see test_effects_four_eyes).
        (removal,) = subject_data_destroy(acting_user=team_leader, request=request)

    assert not Dossier.objects.filter(pk=dossier.pk).exists()
    assert removal.scope == RemovalScope.WHOLE
    tombstone = Tombstone.objects.get(reference="VT-2026-00009")
    assert tombstone.batch == removal.batch
    assert removal.batch.number.startswith("SR-VT-")
    assert removal.batch.status == "completed"
    assert tombstone.approvals[0]["kind"] == "subject_request"
    assert tombstone.approvals[0]["reference"] == request.reference
    certificate = DestructionCertificate.objects.get(batch=removal.batch)
    assert certificate.item_list[0]["reference"] == "VT-2026-00009"
    assert certificate.pdf


def test_it_destroys_a_record_whole_only_when_nobody_else_is_in_it(caseworker, team_leader, adult):
    records = records_about(caseworker.organisation, adult)
    request = decided(caseworker, adult, RequestType.ERASURE)

    with at(DECIDED):
        removals = subject_data_destroy(acting_user=team_leader, request=request)

    assert not Record.objects.filter(pk=records.own.pk).exists()
    assert Record.objects.filter(pk=records.shared.pk).exists()
    assert not RecordSubject.objects.filter(record=records.shared, person=adult).exists()
    assert RecordSubject.objects.filter(record=records.shared).count() == 1
    assert not SubjectEvent.objects.filter(pk=records.event.pk).exists()
    scopes = {r.reference: r.scope for r in removals}
    assert scopes == {"REC-OWN": RemovalScope.WHOLE, "REC-SHARED": RemovalScope.PARTIAL}


def test_it_fulfils_the_request_and_records_the_day_of_destruction(caseworker, dpo, adult):
    """R-DSR-5: destroyed within three months of receipt; the overdue list no longer has it."""
    deadline_policies_install_defaults(acting_user=dpo, organisation=caseworker.organisation)
    household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.DESTRUCTION)
    assert request.destroy_by is not None

    with at(DECIDED):
        subject_data_destroy(acting_user=caseworker, request=request)
        request.refresh_from_db()
        assert not destructions_overdue(user=dpo, on=request.destroy_by.replace(day=28)).exists()

    assert request.status == RequestStatus.FULFILLED
    assert request.completed_on == DECIDED
    change = request.status_changes.last()
    assert change.new_status == RequestStatus.FULFILLED


def test_it_keeps_the_subject_row_the_request_needs_but_removes_their_identifiers(caseworker, adult):
    PersonIdentifier.objects.create(person=adult, scheme="bsn", value="123456782")
    request = decided(caseworker, adult, RequestType.ERASURE)

    with at(DECIDED):
        subject_data_destroy(acting_user=caseworker, request=request)

    assert Person.objects.filter(pk=adult.pk).exists()
    assert not PersonIdentifier.objects.filter(person=adult).exists()


def test_a_hold_on_the_subject_stops_everything_and_names_the_hold(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    _hold(caseworker.organisation, caseworker, people=[adult])
    request = decided(caseworker, adult, RequestType.ERASURE)
    before = counts()

    with at(DECIDED), pytest.raises(DomainError) as refused:
        subject_data_destroy(acting_user=caseworker, request=request)

    assert "CPS-77" in refused.value.message
    assert "Nothing was destroyed" in refused.value.message
    assert counts() == before
    assert DossierEntry.objects.filter(pk=house.mine.pk).exists()
    request.refresh_from_db()
    assert request.status == RequestStatus.DECIDED


def test_a_hold_on_one_dossier_stops_the_whole_execution(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    lone = sole_dossier(caseworker.organisation, adult, author=caseworker)
    _hold(caseworker.organisation, caseworker, dossiers=[house.dossier])
    request = decided(caseworker, adult, RequestType.DESTRUCTION)
    before = counts()

    with at(DECIDED), pytest.raises(DomainError, match="legal hold"):
        subject_data_destroy(acting_user=caseworker, request=request)

    assert counts() == before
    assert Dossier.objects.filter(pk=lone.pk).exists()


def test_a_refuted_report_is_destroyed_even_where_it_names_others(caseworker, adult):
    """R-DSR-5: the investigation refuted the report, so the report about the subject goes."""
    house = household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.DESTRUCTION, report_refuted=True)

    with at(DECIDED):
        subject_data_destroy(acting_user=caseworker, request=request)

    assert not DossierEntry.objects.filter(pk=house.report.pk).exists()
    assert DossierEntry.objects.filter(pk=house.kids.pk).exists()


def test_a_report_not_refuted_stays_when_it_names_others(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.DESTRUCTION)

    plan = destruction_plan_for(request)

    assert house.report.pk not in plan.items[0].entry_ids
    assert set(plan.items[0].entry_ids) == {house.mine.pk, house.opinion.pk, house.shared.pk}


def test_a_partly_granted_erasure_keeps_the_chosen_items_with_the_reason(caseworker, adult):
    """R-DSR-6: an art. 17(3) exception keeps part of the data."""
    house = household(caseworker.organisation, adult, author=caseworker)
    records = records_about(caseworker.organisation, adult)
    request = decided(
        caseworker,
        adult,
        RequestType.ERASURE,
        decision=Decision.PARTIAL,
        grounds=["erasure_exception"],
        erasure_exception="e",
    )

    with at(DECIDED):
        removals = subject_data_destroy(
            acting_user=caseworker,
            request=request,
            keep=[f"record:{records.own.pk}"],
            keep_reason="Art. 17(3)(e): the record is evidence in a pending civil claim.",
        )

    assert Record.objects.filter(pk=records.own.pk).exists()
    kept = next(r for r in removals if r.reference == "REC-OWN")
    assert kept.scope == RemovalScope.KEPT
    assert "pending civil claim" in kept.kept_reason
    assert not DossierMember.objects.filter(pk=house.me.pk).exists()


def test_keeping_needs_a_reason_and_saves_nothing_without_one(caseworker, adult):
    records = records_about(caseworker.organisation, adult)
    request = decided(
        caseworker,
        adult,
        RequestType.ERASURE,
        decision=Decision.PARTIAL,
        grounds=["erasure_exception"],
        erasure_exception="e",
    )
    before = counts()

    with at(DECIDED), pytest.raises(DomainError) as refused:
        subject_data_destroy(acting_user=caseworker, request=request, keep=[f"record:{records.own.pk}"])

    assert refused.value.field == "keep_reason"
    assert counts() == before


def test_a_granted_request_cannot_keep_items(caseworker, adult):
    records = records_about(caseworker.organisation, adult)
    request = decided(caseworker, adult, RequestType.ERASURE)

    with at(DECIDED), pytest.raises(DomainError, match="granted in full"):
        subject_data_destroy(
            acting_user=caseworker, request=request, keep=[f"record:{records.own.pk}"], keep_reason="x"
        )


def test_it_remembers_the_recipients_before_their_entries_go(caseworker, adult):
    """GDPR art. 19: the recipients list survives the erasure of the entries that named them."""
    household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.ERASURE)

    with at(DECIDED):
        subject_data_destroy(acting_user=caseworker, request=request)

    (notification,) = RecipientNotification.objects.filter(request=request)
    assert notification.recipient == "GGD Brabant-Zuidoost"
    assert notification.effect == "erasure"
    assert notification.sent_on is None


def test_a_refused_request_destroys_nothing(caseworker, team_leader, adult):
    household(caseworker.organisation, adult, author=caseworker)
    request = decided(
        caseworker,
        adult,
        RequestType.ERASURE,
        decision=Decision.REFUSE,
        grounds=["erasure_exception"],
        erasure_exception="b",
    )
    before = counts()

    with at(DECIDED), pytest.raises(InvalidTransition):
        subject_data_destroy(acting_user=caseworker, request=request)

    assert counts() == before


def test_an_access_request_has_no_destruction(caseworker, adult):
    request = decided(caseworker, adult, RequestType.ACCESS)

    with at(DECIDED), pytest.raises(DomainError, match="does not have this effect"):
        subject_data_destroy(acting_user=caseworker, request=request)


def test_only_the_handler_or_a_team_leader_executes(caseworker, colleague, outsider, team_leader, adult):
    household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.ERASURE)
    before = counts()

    for intruder in (colleague, outsider):
        with at(DECIDED), pytest.raises(NotAllowed):
            subject_data_destroy(acting_user=intruder, request=request)
    assert counts() == before

    with at(DECIDED):
        subject_data_destroy(acting_user=team_leader, request=request)
