"""Four eyes on erasure and destruction of whole items (R-DSR-5, R-DSR-6) and the archive
exception (R-REC-6, GDPR art. 17(3)(d)); holds still win.

Destroying a whole dossier or record is irreversible, so the caseworker who decided the
request cannot also carry it out: a team leader, the DPO or a records-unit officer who did
not decide it does. Removing the subject's own entries from shared items stays single-person.
"""

import pytest
from django.urls import reverse

from core.errors import DomainError, NotAllowed
from core.models import DomainEvent
from records.models import Dossier, DossierMember, Record, RemovalScope, SubjectDataRemoval
from retention.models import BatchApproval, BatchStatus, DueAction, HoldAuthority, LegalHold, Tombstone
from subject_rights.models import Decision, RequestStatus, RequestType
from subject_rights.selectors.effects import destruction_plan_for
from subject_rights.services.effects import four_eyes, subject_data_destroy
from tests.factories import RecordFactory, RecordSubjectFactory
from tests.subject_rights.conftest import at
from tests.subject_rights.disclosure_factories import RecordsOfficerFactory
from tests.subject_rights.effects_factories import DECIDED, counts, decided, household, sole_dossier

pytestmark = pytest.mark.django_db


def test_r_dsr_5_the_decider_alone_cannot_destroy_whole_items_and_nothing_is_deleted(caseworker, adult):
    dossier = sole_dossier(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.DESTRUCTION)
    before = counts()

    with at(DECIDED), pytest.raises(NotAllowed, match="needs a second person"):
        subject_data_destroy(acting_user=caseworker, request=request)

    assert counts() == before
    assert Dossier.objects.filter(pk=dossier.pk).exists()
    request.refresh_from_db()
    assert request.status == RequestStatus.DECIDED


def test_r_dsr_6_a_team_leader_who_decided_cannot_carry_it_out_either(caseworker, team_leader, adult):
    sole_dossier(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.ERASURE, decider=team_leader)
    before = counts()

    with at(DECIDED), pytest.raises(NotAllowed):
        subject_data_destroy(acting_user=team_leader, request=request)

    assert counts() == before


def test_r_dsr_6_a_caseworker_who_did_not_decide_is_not_a_second_person(
    caseworker, colleague, team_leader, adult
):
    """The handler may be the second pair of eyes only with a team leader's or DPO's role."""
    sole_dossier(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.ERASURE, decider=team_leader)
    before = counts()

    with at(DECIDED), pytest.raises(NotAllowed, match="who did not decide"):
        subject_data_destroy(acting_user=caseworker, request=request)

    assert counts() == before


@pytest.mark.parametrize("second", ["team_leader", "dpo"])
def test_r_dsr_5_a_second_person_carries_out_the_destruction_with_four_eyes_on_the_batch(
    caseworker, adult, second, request
):
    executor = request.getfixturevalue(second)
    dossier = sole_dossier(caseworker.organisation, adult, author=caseworker)
    subject_request = decided(caseworker, adult, RequestType.DESTRUCTION)

    with at(DECIDED):
        (removal,) = subject_data_destroy(acting_user=executor, request=subject_request)

    assert not Dossier.objects.filter(pk=dossier.pk).exists()
    batch = removal.batch
    assert batch.status == BatchStatus.COMPLETED
    # Built by the decision, approved by the second person: as any disposal batch.
    assert (batch.built_by, batch.approvals_required) == (caseworker, 1)
    assert list(BatchApproval.objects.filter(batch=batch).values_list("approver", "stage")) == [
        (executor.pk, 1)
    ]
    approvals = Tombstone.objects.get(reference="VT-2026-00009").approvals
    assert [a["kind"] for a in approvals] == ["subject_request", "approval"]
    assert approvals[1]["by"] == (executor.get_full_name() or executor.username)


def test_r_dsr_5_a_records_unit_officer_may_be_the_second_person(caseworker, adult, police):
    """The records unit approves disposal (R-ACC-1): the four-eyes check accepts them too."""
    officer = RecordsOfficerFactory(organisation=caseworker.organisation)
    subject_request = decided(caseworker, adult, RequestType.DESTRUCTION)
    assert four_eyes.may_destroy_whole_items(officer, subject_request)
    assert not four_eyes.may_destroy_whole_items(caseworker, subject_request)
    stranger = RecordsOfficerFactory(organisation=police)
    assert not four_eyes.may_destroy_whole_items(stranger, subject_request)


def test_r_dsr_5_removing_only_the_subjects_own_entries_stays_single_person(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.DESTRUCTION)

    with at(DECIDED):
        (removal,) = subject_data_destroy(acting_user=caseworker, request=request)

    assert removal.scope == RemovalScope.PARTIAL
    assert not DossierMember.objects.filter(pk=house.me.pk).exists()


def test_r_dsr_5_a_partly_granted_request_that_keeps_the_whole_items_needs_no_second_person(
    caseworker, adult
):
    sole = sole_dossier(caseworker.organisation, adult, author=caseworker)
    household(caseworker.organisation, adult, author=caseworker)
    request = decided(
        caseworker,
        adult,
        RequestType.ERASURE,
        decision=Decision.PARTIAL,
        grounds=["erasure_exception"],
        erasure_exception="e",
    )

    with at(DECIDED):
        subject_data_destroy(
            acting_user=caseworker,
            request=request,
            keep=[f"dossier:{sole.pk}"],
            keep_reason="Needed for the pending court case.",
        )

    assert Dossier.objects.filter(pk=sole.pk).exists()


def test_r_dsr_5_holds_still_block_the_second_person(caseworker, team_leader, adult):
    dossier = sole_dossier(caseworker.organisation, adult, author=caseworker)
    hold = LegalHold.objects.create(
        organisation=caseworker.organisation,
        reason="Criminal proceedings pending.",
        authority=HoldAuthority.CPIA,
        authority_reference="CPS-77",
        placed_by=team_leader,
    )
    hold.dossiers.set([dossier])
    request = decided(caseworker, adult, RequestType.ERASURE)
    before = counts()

    with at(DECIDED), pytest.raises(DomainError, match="legal hold") as refused:
        subject_data_destroy(acting_user=team_leader, request=request)

    assert refused.value.code == "held"
    assert counts() == before
    assert Dossier.objects.filter(pk=dossier.pk).exists()


def test_r_rec_6_an_archive_class_item_is_kept_with_the_art_17_3_d_exception_recorded(
    caseworker, team_leader, adult
):
    archived = RecordFactory(
        organisation=caseworker.organisation,
        reference="REC-ARCHIVE",
        record_class__organisation=caseworker.organisation,
        retention_action=DueAction.TRANSFER,
    )
    RecordSubjectFactory(record=archived, person=adult)
    own = RecordFactory(
        organisation=caseworker.organisation,
        reference="REC-OWN",
        record_class__organisation=caseworker.organisation,
    )
    RecordSubjectFactory(record=own, person=adult)
    request = decided(caseworker, adult, RequestType.ERASURE)
    plan = destruction_plan_for(request)
    assert [item.reference for item in plan.archived] == ["REC-ARCHIVE"]

    with at(DECIDED):
        subject_data_destroy(acting_user=team_leader, request=request)

    assert Record.objects.filter(pk=archived.pk).exists()
    assert archived.subject_links.filter(person=adult).exists()
    assert not Record.objects.filter(pk=own.pk).exists()
    kept = SubjectDataRemoval.objects.get(request=request, reference="REC-ARCHIVE")
    assert kept.scope == RemovalScope.KEPT
    assert "17(3)(d)" in kept.kept_reason and "R-REC-6" in kept.kept_reason
    # The exception is on the request's own history too.
    fulfilled = DomainEvent.objects.get(verb="subject_request.fulfilled", target_id=str(request.pk))
    assert fulfilled.data["archive_exception"] == ["REC-ARCHIVE"]


def test_r_rec_6_an_archive_item_alone_needs_no_second_person(caseworker, adult):
    """Nothing is destroyed whole, so the decider may record the exception alone."""
    archived = RecordFactory(
        organisation=caseworker.organisation,
        reference="REC-ARCHIVE",
        record_class__organisation=caseworker.organisation,
        retention_action=DueAction.TRANSFER,
    )
    RecordSubjectFactory(record=archived, person=adult)
    request = decided(caseworker, adult, RequestType.ERASURE)

    with at(DECIDED):
        (removal,) = subject_data_destroy(acting_user=caseworker, request=request)

    assert removal.scope == RemovalScope.KEPT
    assert Record.objects.filter(pk=archived.pk).exists()


def test_the_destroy_page_tells_the_decider_a_second_person_is_needed(client, caseworker, team_leader, adult):
    sole_dossier(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.DESTRUCTION)
    url = reverse("subject_rights:effects_destroy", args=[request.pk])

    client.force_login(caseworker)
    with at(DECIDED):
        page = client.get(url)
        refused = client.post(url, {"confirm": "on"})
    assert page.status_code == 200
    assert "destroyed by a second person" in page.content.decode()
    assert refused.status_code == 200
    assert "needs a second person" in refused.content.decode()
    assert Dossier.objects.filter(reference="VT-2026-00009").exists()

    client.force_login(team_leader)
    with at(DECIDED):
        done = client.post(url, {"confirm": "on"})
    assert done.status_code == 302
    assert not Dossier.objects.filter(reference="VT-2026-00009").exists()


def test_an_outsider_is_refused(caseworker, outsider, adult):
    sole_dossier(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.DESTRUCTION)
    before = counts()
    with at(DECIDED), pytest.raises(NotAllowed):
        subject_data_destroy(acting_user=outsider, request=request)
    assert counts() == before
