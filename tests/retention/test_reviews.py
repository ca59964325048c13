"""Reviews (R-REC-5, R-REC-7): which items get one, and deciding them (NRAC for police groups)."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from access_control.models import Role
from core.errors import DomainError, NotAllowed
from core.models import DomainEvent
from records.models import Dossier, DossierStatus, MemberRole, Record, RetentionBasis
from retention import engine
from retention.explain import explain
from retention.models import RetentionExtension, Review, ReviewReason, ReviewStatus
from retention.nrac import NRAC_CODES
from retention.selectors import disposal_candidates
from retention.services.reviews import review_decide, reviews_open_due
from tests.factories import (
    DossierFactory,
    DossierMemberFactory,
    OrganisationFactory,
    PersonFactory,
    RecordFactory,
    RecordSubjectFactory,
    SubjectEventFactory,
    UserFactory,
)
from tests.retention.conftest import record_class

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)
ALL_NO = dict.fromkeys(NRAC_CODES, False)
JUSTIFICATION = "No further offending in the clear period; no risk factors identified."


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def officer(police):
    return UserFactory(organisation=police, role=Role.RECORDS_OFFICER)


def _police_record(organisation, code, *, created_on, event_on=None, born=None):
    person = PersonFactory(organisation=organisation, date_of_birth=born or dt.date(1980, 2, 2))
    record = RecordFactory(
        organisation=organisation, record_class=record_class(organisation, code), created_on=created_on
    )
    RecordSubjectFactory(record=record, person=person)
    if event_on:
        SubjectEventFactory(person=person, occurred_on=event_on)
    return record


@pytest.fixture
def register(police):
    """One record per MoPI group 1, 2 and 3, each past its review or clear period in 2026."""
    items = {
        # Group 1: kept until the subject is 100; periodic review 10 years after creation.
        "group1": _police_record(police, "MOPI-1", created_on=dt.date(2012, 1, 1), born=dt.date(1970, 5, 17)),
        # Group 2: 10-year clear period from 09-08-2012 ended 09-08-2022; action review.
        "group2": _police_record(
            police, "MOPI-2", created_on=dt.date(2010, 1, 1), event_on=dt.date(2012, 8, 9)
        ),
        # Group 3: 6-year clear period ended 01-04-2019; automatic destruction.
        "group3": _police_record(
            police, "MOPI-3", created_on=dt.date(2012, 3, 1), event_on=dt.date(2013, 4, 1)
        ),
    }
    engine.recompute_all(organisation_id=police.pk)
    for record in items.values():
        record.refresh_from_db()
    return items


def _review(item) -> Review:
    field = "record" if isinstance(item, Record) else "dossier"
    return Review.objects.get(**{field: item}, status=ReviewStatus.OPEN)


def _candidates(model, organisation):
    return set(disposal_candidates(model, organisation_id=organisation.pk, today=TODAY))


# --- opening ----------------------------------------------------------------------------------


def test_it_opens_one_review_per_due_item_and_none_on_a_re_run(police, register):
    opened = reviews_open_due(organisation=police, today=TODAY)

    assert opened == 2
    assert Review.objects.filter(status=ReviewStatus.OPEN).count() == 2
    assert reviews_open_due(organisation=police, today=TODAY) == 0
    assert Review.objects.count() == 2


def test_it_gives_group_1_and_2_a_review_and_no_disposal_without_a_decision_r_rec_7(police, register):
    reviews_open_due(organisation=police, today=TODAY)

    assert Review.objects.filter(record__in=[register["group1"], register["group2"]]).count() == 2
    assert not {register["group1"], register["group2"]} & _candidates(Record, police)


def test_it_sends_group_3_automatic_items_to_disposal_without_a_review_r_rec_7(police, register):
    reviews_open_due(organisation=police, today=TODAY)

    assert not Review.objects.filter(record=register["group3"]).exists()
    assert register["group3"] in _candidates(Record, police)


def test_it_opens_the_review_with_its_reason_date_version_and_explanation(police, register):
    reviews_open_due(organisation=police, today=TODAY)

    due = _review(register["group2"])
    periodic = _review(register["group1"])
    assert (due.reason, due.due_on) == (ReviewReason.DUE, dt.date(2022, 8, 9))
    assert due.schedule_version == register["group2"].retention_version
    assert due.explanation == explain(register["group2"])
    assert (periodic.reason, periodic.due_on) == (ReviewReason.PERIODIC, dt.date(2022, 1, 1))


def test_it_opens_reviews_in_the_same_number_of_queries_for_more_items(police):
    def add_due_records(count):
        for _ in range(count):
            _police_record(police, "MOPI-2", created_on=dt.date(2010, 1, 1), event_on=dt.date(2012, 8, 9))
        engine.recompute_all(organisation_id=police.pk)

    add_due_records(2)
    with CaptureQueriesContext(connection) as few:
        assert reviews_open_due(organisation=police, today=TODAY) == 2
    add_due_records(6)
    with CaptureQueriesContext(connection) as more:
        assert reviews_open_due(organisation=police, today=TODAY) == 6

    assert len(more.captured_queries) == len(few.captured_queries)


def test_it_does_not_open_a_review_before_the_item_is_due(police, register):
    assert reviews_open_due(organisation=police, today=dt.date(2021, 12, 31)) == 0


def test_it_opens_no_new_review_while_a_decided_disposal_awaits_its_batch(police, register, officer):
    reviews_open_due(organisation=police, today=TODAY)
    review_decide(
        acting_user=officer,
        review=_review(register["group2"]),
        decision="dispose",
        justification=JUSTIFICATION,
        nrac_answers=ALL_NO,
    )

    assert reviews_open_due(organisation=police, today=TODAY) == 0


# --- deciding ---------------------------------------------------------------------------------


@pytest.fixture
def group2_review(police, register):
    reviews_open_due(organisation=police, today=TODAY)
    return _review(register["group2"])


@pytest.mark.parametrize("justification", ["", "  "])
def test_it_refuses_a_decision_without_justification_r_rec_5(officer, group2_review, justification):
    with pytest.raises(DomainError, match="justification") as caught:
        review_decide(
            acting_user=officer,
            review=group2_review,
            decision="retain",
            justification=justification,
            nrac_answers=ALL_NO,
        )

    assert caught.value.field == "justification"
    group2_review.refresh_from_db()
    assert group2_review.status == ReviewStatus.OPEN


def test_it_refuses_missing_assessment_answers_for_a_police_group(officer, group2_review):
    answers = dict(ALL_NO)
    del answers["mental_state"]

    with pytest.raises(DomainError, match="Answer every assessment question") as caught:
        review_decide(
            acting_user=officer,
            review=group2_review,
            decision="dispose",
            justification=JUSTIFICATION,
            nrac_answers=answers,
        )

    assert "mental state" in caught.value.message
    assert _review(group2_review.record) == group2_review


@pytest.mark.parametrize("answers", [None, {**ALL_NO, "serious_harm": "no"}, {**ALL_NO, "hunch": False}])
def test_it_refuses_assessment_answers_that_are_not_yes_or_no(officer, group2_review, answers):
    with pytest.raises(DomainError) as caught:
        review_decide(
            acting_user=officer,
            review=group2_review,
            decision="retain",
            justification=JUSTIFICATION,
            nrac_answers=answers,
        )

    assert caught.value.field == "nrac_answers"


def test_it_refuses_disposal_when_an_assessment_criterion_is_yes(officer, group2_review, police):
    with pytest.raises(DomainError, match="A 'yes' to an assessment criterion requires a justified retain."):
        review_decide(
            acting_user=officer,
            review=group2_review,
            decision="dispose",
            justification=JUSTIFICATION,
            nrac_answers={**ALL_NO, "children_vulnerable": True},
        )

    group2_review.refresh_from_db()
    assert group2_review.status == ReviewStatus.OPEN
    assert group2_review.record not in _candidates(Record, police)


def test_it_retains_on_a_yes_and_moves_the_next_review_ten_years_on(officer, group2_review):
    """MoPI group 2: retain → next review after the 10-year review interval."""
    review = review_decide(
        acting_user=officer,
        review=group2_review,
        decision="retain",
        justification="Repeated contact with vulnerable adults in the period.",
        nrac_answers={**ALL_NO, "children_vulnerable": True},
    )

    record = Record.objects.get(pk=review.record_id)
    assert (review.status, review.decision, review.decided_by) == ("decided", "retain", officer)
    assert review.decided_at is not None
    assert review.nrac_answers["children_vulnerable"] is True
    assert review.next_review_on == dt.date(2036, 6, 1)
    assert record.retention_review_on == record.retention_due_on == dt.date(2036, 6, 1)
    assert record.retention_last_reviewed_on == TODAY
    assert record.retention_basis == RetentionBasis.REVIEW_RETAIN
    assert "retained at the review of 01-06-2026 (R-REC-5)" in explain(record)
    event = DomainEvent.objects.get(verb="review.decided")
    assert (event.actor, event.reason, event.data["decision"]) == (
        officer,
        "Repeated contact with vulnerable adults in the period.",
        "retain",
    )


def test_it_moves_a_group_1_periodic_review_by_the_interval(police, register, officer):
    reviews_open_due(organisation=police, today=TODAY)

    review_decide(
        acting_user=officer,
        review=_review(register["group1"]),
        decision="retain",
        justification="MAPPA-managed; still necessary.",
        nrac_answers={**ALL_NO, "serious_harm": True},
    )

    record = Record.objects.get(pk=register["group1"].pk)
    assert record.retention_review_on == dt.date(2036, 6, 1)
    assert record.retention_due_on == dt.date(2070, 5, 17)


def test_it_refuses_a_periodic_review_date_other_than_the_interval(police, register, officer):
    """A periodic review (MoPI group 1) is dated by the schedule's interval, not by hand."""
    reviews_open_due(organisation=police, today=TODAY)
    review = _review(register["group1"])

    with pytest.raises(DomainError, match="10-year interval \\(next review 01-06-2036\\)"):
        review_decide(
            acting_user=officer,
            review=review,
            decision="retain",
            justification="MAPPA-managed; still necessary.",
            nrac_answers={**ALL_NO, "serious_harm": True},
            next_review_on=dt.date(2029, 1, 1),
        )

    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN


def test_it_makes_a_decided_disposal_a_disposal_candidate_r_rec_7(officer, group2_review, police):
    assert group2_review.record not in _candidates(Record, police)

    review_decide(
        acting_user=officer,
        review=group2_review,
        decision="dispose",
        justification=JUSTIFICATION,
        nrac_answers=ALL_NO,
    )

    assert group2_review.record in _candidates(Record, police)


def test_it_refuses_to_decide_a_review_twice(officer, group2_review):
    review_decide(
        acting_user=officer,
        review=group2_review,
        decision="dispose",
        justification=JUSTIFICATION,
        nrac_answers=ALL_NO,
    )

    with pytest.raises(DomainError, match="already decided"):
        review_decide(
            acting_user=officer,
            review=group2_review,
            decision="retain",
            justification="Changed my mind",
            nrac_answers=ALL_NO,
        )

    group2_review.refresh_from_db()
    assert group2_review.decision == "dispose"
    assert DomainEvent.objects.filter(verb="review.decided").count() == 1


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.DPO, Role.AUDITOR])
def test_it_lets_only_records_officers_and_team_leaders_decide(police, group2_review, role):
    with pytest.raises(NotAllowed):
        review_decide(
            acting_user=UserFactory(organisation=police, role=role),
            review=group2_review,
            decision="dispose",
            justification=JUSTIFICATION,
            nrac_answers=ALL_NO,
        )


def test_it_refuses_a_decider_of_another_organisation(group2_review):
    outsider = UserFactory(organisation=OrganisationFactory(), role=Role.RECORDS_OFFICER)

    with pytest.raises(NotAllowed):
        review_decide(
            acting_user=outsider,
            review=group2_review,
            decision="dispose",
            justification=JUSTIFICATION,
            nrac_answers=ALL_NO,
        )


def test_it_refuses_an_extension_decided_by_a_records_officer_r_wmo_3(officer, group2_review):
    with pytest.raises(NotAllowed, match="team leader"):
        review_decide(
            acting_user=officer,
            review=group2_review,
            decision="extend",
            justification=JUSTIFICATION,
            nrac_answers=ALL_NO,
            extended_to=dt.date(2030, 1, 1),
        )


def test_it_extends_through_a_team_leaders_review_decision_r_wmo_3(police, group2_review):
    leader = UserFactory(organisation=police, role=Role.TEAM_LEADER)

    review = review_decide(
        acting_user=leader,
        review=group2_review,
        decision="extend",
        justification="Linked investigation still open.",
        nrac_answers=ALL_NO,
        extended_to=dt.date(2030, 1, 1),
    )

    record = Record.objects.get(pk=review.record_id)
    assert review.decision == "extend"
    assert record.retention_due_on == dt.date(2030, 1, 1)
    assert RetentionExtension.objects.get().reason == "Linked investigation still open."


def test_it_allows_a_transfer_to_the_archive_as_a_review_outcome_r_rec_6(officer, group2_review, police):
    review_decide(
        acting_user=officer,
        review=group2_review,
        decision="transfer",
        justification="Of historical interest: National Archives selection criteria.",
        nrac_answers=ALL_NO,
    )

    assert group2_review.record in _candidates(Record, police)


# --- household dossiers (no police group) -----------------------------------------------------


@pytest.fixture
def dossier_review(veilig_thuis):
    dossier = DossierFactory(
        organisation=veilig_thuis,
        record_class=record_class(veilig_thuis, "VT-DOSSIER"),
        report_date=dt.date(2003, 2, 1),
        status=DossierStatus.CLOSED,
        closed_on=dt.date(2004, 5, 1),
    )
    DossierMemberFactory(dossier=dossier, role=MemberRole.CHILD, person__date_of_birth=dt.date(2001, 1, 1))
    engine.recompute_dossiers([dossier.pk])
    assert reviews_open_due(organisation=veilig_thuis, today=TODAY) == 1
    return _review(dossier)


def test_it_asks_for_the_next_review_date_when_the_schedule_has_no_interval(veilig_thuis, dossier_review):
    officer = UserFactory(organisation=veilig_thuis, role=Role.RECORDS_OFFICER)

    with pytest.raises(DomainError, match="give the date of the next review") as caught:
        review_decide(acting_user=officer, review=dossier_review, decision="retain", justification="Ongoing")

    assert caught.value.field == "next_review_on"


def test_it_retains_a_dossier_until_the_given_review_date(veilig_thuis, dossier_review):
    officer = UserFactory(organisation=veilig_thuis, role=Role.RECORDS_OFFICER)

    review_decide(
        acting_user=officer,
        review=dossier_review,
        decision="retain",
        justification="A sibling's case refers to it.",
        next_review_on=dt.date(2028, 1, 1),
    )

    dossier = Dossier.objects.get(pk=dossier_review.dossier_id)
    assert dossier.retention_due_on == dt.date(2028, 1, 1)
    assert dossier.retention_basis == RetentionBasis.REVIEW_RETAIN


def test_it_refuses_a_next_review_date_in_the_past(veilig_thuis, dossier_review):
    officer = UserFactory(organisation=veilig_thuis, role=Role.RECORDS_OFFICER)

    with pytest.raises(DomainError, match="must be in the future"):
        review_decide(
            acting_user=officer,
            review=dossier_review,
            decision="retain",
            justification="A sibling's case refers to it.",
            next_review_on=dt.date(2025, 1, 1),
        )


def test_it_does_not_ask_the_assessment_criteria_outside_police_groups(veilig_thuis, dossier_review):
    officer = UserFactory(organisation=veilig_thuis, role=Role.RECORDS_OFFICER)

    with pytest.raises(DomainError, match="only for police review groups"):
        review_decide(
            acting_user=officer,
            review=dossier_review,
            decision="dispose",
            justification="Nothing pending.",
            nrac_answers=ALL_NO,
        )

    review = review_decide(
        acting_user=officer, review=dossier_review, decision="dispose", justification="Nothing pending."
    )
    assert (review.decision, review.nrac_answers) == ("dispose", {})


def test_it_refuses_an_unknown_decision(veilig_thuis, dossier_review):
    officer = UserFactory(organisation=veilig_thuis, role=Role.RECORDS_OFFICER)

    with pytest.raises(DomainError, match="Choose retain, dispose, transfer or extend"):
        review_decide(acting_user=officer, review=dossier_review, decision="shred", justification="x")


def test_it_withdraws_an_open_review_once_a_new_event_restarts_the_clear_period(police):
    """R-REC-5 / MoPI: a review opened for a due group-2 record is withdrawn by the next
    sweep when a new event about the person makes the record no longer due."""
    import datetime as dt

    from records.models import SubjectEventKind
    from records.services import subject_event_record
    from retention.models import Review, ReviewStatus
    from retention.services.reviews import reviews_open_due, reviews_withdraw_stale
    from tests.factories import PersonFactory, RecordFactory, RecordSubjectFactory, UserFactory
    from tests.retention.conftest import record_class

    person = PersonFactory(organisation=police)
    record = RecordFactory(
        organisation=police, record_class=record_class(police, "MOPI-2"), created_on=dt.date(2010, 1, 1)
    )
    RecordSubjectFactory(record=record, person=person)
    from retention import engine

    engine.recompute_all(organisation_id=police.pk)
    today = dt.date(2026, 11, 23)
    assert reviews_open_due(organisation=police, today=today) == 1

    subject_event_record(
        acting_user=UserFactory(organisation=police),
        person=person,
        kind=SubjectEventKind.ARREST,
        occurred_on=dt.date(2025, 6, 1),
    )
    assert reviews_withdraw_stale(organisation=police, today=today) == 1
    assert Review.objects.get(record=record).status == ReviewStatus.WITHDRAWN
    assert reviews_open_due(organisation=police, today=today) == 0
