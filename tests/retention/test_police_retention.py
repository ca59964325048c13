"""MoPI review groups (RETENTION.md), R-REC-7, and the person-centred rules."""

import datetime as dt

import pytest

from records.models import RetentionBasis, SubjectEventKind
from records.services import subject_event_record
from retention import engine
from retention.explain import explain
from tests.factories import (
    PersonFactory,
    RecordFactory,
    RecordSubjectFactory,
    SubjectEventFactory,
    UserFactory,
)
from tests.retention.conftest import record_class

pytestmark = pytest.mark.django_db


def _record(organisation, code, *, created_on=dt.date(2012, 3, 1), person=None, **kwargs):
    record = RecordFactory(
        organisation=organisation,
        record_class=record_class(organisation, code),
        category=record_class(organisation, code).category,
        created_on=created_on,
        **kwargs,
    )
    if person is not None:
        RecordSubjectFactory(record=record, person=person)
    return record


def _refresh(*items):
    for item in items:
        item.refresh_from_db()


def test_it_keeps_group_1_until_the_subject_is_100_with_a_review_every_10_years(police):
    person = PersonFactory(organisation=police, date_of_birth=dt.date(1970, 5, 17))
    record = _record(police, "MOPI-1", person=person, created_on=dt.date(2015, 1, 1))

    engine.recompute_all(organisation_id=police.pk)
    _refresh(record)

    assert record.retention_due_on == dt.date(2070, 5, 17)
    assert record.retention_action == "destroy"
    assert record.retention_review_on == dt.date(2025, 1, 1)


def test_it_reviews_group_2_after_a_ten_year_clear_period(police):
    person = PersonFactory(organisation=police)
    record = _record(police, "MOPI-2", person=person, created_on=dt.date(2010, 1, 1))
    SubjectEventFactory(person=person, kind=SubjectEventKind.ARREST, occurred_on=dt.date(2012, 8, 9))

    engine.recompute_all(organisation_id=police.pk)
    _refresh(record)

    assert record.retention_due_on == dt.date(2022, 8, 9)
    assert record.retention_action == "review"
    assert record.retention_review_on == dt.date(2022, 8, 9)


def test_it_destroys_group_3_after_a_six_year_clear_period(police):
    person = PersonFactory(organisation=police)
    record = _record(police, "MOPI-3", person=person, created_on=dt.date(2014, 2, 1))
    SubjectEventFactory(person=person, occurred_on=dt.date(2015, 6, 1))

    engine.recompute_all(organisation_id=police.pk)
    _refresh(record)

    assert (record.retention_due_on, record.retention_action) == (dt.date(2021, 6, 1), "destroy")
    assert record.retention_version.automation == "automatic"


@pytest.mark.parametrize("code", ["MOPI-4", "MOPI-MISC"])
def test_it_reviews_group_4_and_misc_six_years_after_the_last_event(police, code):
    record = _record(police, code, created_on=dt.date(2016, 7, 4))

    engine.recompute_all(organisation_id=police.pk)
    _refresh(record)

    assert (record.retention_due_on, record.retention_action) == (dt.date(2022, 7, 4), "review")


def test_it_restarts_the_clear_period_for_all_of_a_persons_records_on_a_new_event(police):
    person = PersonFactory(organisation=police)
    first = _record(police, "MOPI-3", person=person, created_on=dt.date(2012, 1, 1))
    second = _record(police, "MOPI-3", person=person, created_on=dt.date(2013, 1, 1))
    engine.recompute_all(organisation_id=police.pk)
    officer = UserFactory(organisation=police)

    subject_event_record(
        acting_user=officer, person=person, kind=SubjectEventKind.ARREST, occurred_on=dt.date(2024, 3, 5)
    )
    _refresh(first, second)

    assert first.retention_due_on == second.retention_due_on == dt.date(2030, 3, 5)


def test_it_makes_every_record_about_a_person_follow_their_highest_group(police):
    person = PersonFactory(organisation=police)
    minor = _record(police, "MOPI-3", person=person, created_on=dt.date(2011, 1, 1))
    _record(police, "MOPI-2", person=person, created_on=dt.date(2011, 6, 1))
    SubjectEventFactory(person=person, occurred_on=dt.date(2012, 2, 2))

    engine.recompute_all(organisation_id=police.pk)
    _refresh(minor)

    assert minor.retention_basis == RetentionBasis.PERSON_GROUP
    assert minor.retention_version.police_group == "2"
    assert (minor.retention_due_on, minor.retention_action) == (dt.date(2022, 2, 2), "review")
    assert "the highest group of any record about them" in explain(minor)


def test_it_lets_the_latest_date_win_when_a_record_has_two_subjects(police):
    older = PersonFactory(organisation=police)
    younger = PersonFactory(organisation=police)
    record = _record(police, "MOPI-3", person=older, created_on=dt.date(2010, 1, 1))
    RecordSubjectFactory(record=record, person=younger)
    SubjectEventFactory(person=older, occurred_on=dt.date(2011, 1, 1))
    SubjectEventFactory(person=younger, occurred_on=dt.date(2016, 4, 4))

    engine.recompute_all(organisation_id=police.pk)
    _refresh(record)

    assert record.retention_due_on == dt.date(2022, 4, 4)


def test_it_rounds_finance_records_to_the_end_of_the_financial_year(police):
    police.financial_year_end_month, police.financial_year_end_day = 3, 31
    police.save()
    before_year_end = _record(police, "CORP-FIN", created_on=dt.date(2019, 2, 10))
    after_year_end = _record(police, "CORP-FIN", created_on=dt.date(2019, 4, 2))

    engine.recompute_all(organisation_id=police.pk)
    _refresh(before_year_end, after_year_end)

    assert before_year_end.retention_due_on == dt.date(2025, 3, 31)
    assert after_year_end.retention_due_on == dt.date(2026, 3, 31)


def test_it_counts_personnel_files_from_the_end_of_employment(police):
    person = PersonFactory(organisation=police)
    record = _record(police, "CORP-HR", person=person, created_on=dt.date(2001, 1, 1))
    SubjectEventFactory(
        person=person, kind=SubjectEventKind.EMPLOYMENT_ENDED, occurred_on=dt.date(2019, 9, 30)
    )

    engine.recompute_all(organisation_id=police.pk)
    _refresh(record)

    assert record.retention_due_on == dt.date(2025, 9, 30)


def test_it_gives_no_date_while_the_employment_has_not_ended(police):
    record = _record(police, "CORP-HR", person=PersonFactory(organisation=police))

    engine.recompute_all(organisation_id=police.pk)
    _refresh(record)

    assert record.retention_due_on is None
    assert record.retention_basis == RetentionBasis.NO_TRIGGER


def test_it_leaves_a_record_whose_class_has_no_schedule_without_a_date(police):
    record = RecordFactory(organisation=police)

    engine.recompute_all(organisation_id=police.pk)
    _refresh(record)

    assert record.retention_due_on is None
    assert record.retention_basis == RetentionBasis.NO_SCHEDULE
