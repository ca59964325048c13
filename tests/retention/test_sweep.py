"""The nightly sweep: recompute, open reviews, build batches; one at a time; task, beat, commands."""

import datetime as dt
import runpy

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from access_control.models import Organisation, OrganisationKind
from config.celery import app
from records.models import DossierStatus, MemberRole, Record, RetentionBasis
from retention.models import DisposalBatch, DisposalItem, RetentionSchedule, Review, ReviewStatus
from retention.services.sweep import ADVISORY_LOCK_KEY, CACHE_LOCK_KEY, retention_sweep_run
from retention.tasks import retention_recompute_people, retention_sweep
from tests.factories import (
    DossierFactory,
    DossierMemberFactory,
    OrganisationFactory,
    PersonFactory,
    RecordClassFactory,
    RecordFactory,
    RecordSubjectFactory,
    SubjectEventFactory,
)
from tests.retention.conftest import record_class

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


def _police_record(organisation, code, *, created_on, event_on):
    person = PersonFactory(organisation=organisation)
    record = RecordFactory(
        organisation=organisation,
        record_class=record_class(organisation, code),
        category=record_class(organisation, code).category,
        created_on=created_on,
    )
    RecordSubjectFactory(record=record, person=person)
    SubjectEventFactory(person=person, occurred_on=event_on)
    return record


@pytest.fixture
def police_register(police):
    """Not yet computed: the sweep must compute the dates before it can act on them."""
    return {
        "group2": _police_record(
            police, "MOPI-2", created_on=dt.date(2010, 1, 1), event_on=dt.date(2012, 8, 9)
        ),
        "group3": _police_record(
            police, "MOPI-3", created_on=dt.date(2012, 3, 1), event_on=dt.date(2013, 4, 1)
        ),
        "young": _police_record(
            police, "MOPI-3", created_on=dt.date(2024, 3, 1), event_on=dt.date(2024, 4, 1)
        ),
    }


@pytest.fixture
def vt_dossier(veilig_thuis):
    dossier = DossierFactory(
        organisation=veilig_thuis,
        record_class=record_class(veilig_thuis, "VT-DOSSIER"),
        report_date=dt.date(2003, 2, 1),
        status=DossierStatus.CLOSED,
        closed_on=dt.date(2004, 5, 1),
    )
    DossierMemberFactory(dossier=dossier, role=MemberRole.PARENT_CARER)
    return dossier


def test_it_recomputes_opens_reviews_and_builds_disposal_batches(police, police_register):
    summary = retention_sweep_run(organisation_id=police.pk, today=TODAY)

    group2, group3, young = (Record.objects.get(pk=r.pk) for r in police_register.values())
    assert not summary.already_running
    assert (summary.organisations, summary.records, summary.people) == (1, 3, 3)
    assert group2.retention_due_on == dt.date(2022, 8, 9)
    assert young.retention_due_on == dt.date(2030, 4, 1)
    # R-REC-7: group 2 goes to a human review, group 3 (automatic) straight to a batch.
    assert summary.reviews_opened == 1
    assert Review.objects.get(status=ReviewStatus.OPEN).record == group2
    assert summary.batches_built == 1
    batch = DisposalBatch.objects.get(organisation=police)
    assert [item.record for item in DisposalItem.objects.filter(batch=batch)] == [group3]
    assert batch.built_by is None


def test_it_changes_nothing_when_run_again(police, police_register):
    retention_sweep_run(organisation_id=police.pk, today=TODAY)

    again = retention_sweep_run(organisation_id=police.pk, today=TODAY)

    assert (again.reviews_opened, again.batches_built) == (0, 0)
    assert Review.objects.count() == 1
    assert DisposalItem.objects.count() == 1


def test_it_sweeps_every_organisation_or_only_the_one_asked_for(police, police_register, vt_dossier):
    only_vt = retention_sweep_run(organisation_id=vt_dossier.organisation_id, today=TODAY)

    assert (only_vt.organisations, only_vt.reviews_opened, only_vt.records) == (1, 1, 0)
    assert Record.objects.get(pk=police_register["group2"].pk).retention_basis == ""

    everyone = retention_sweep_run(today=TODAY)

    assert everyone.organisations == Organisation.objects.count()
    assert everyone.reviews_opened == 1  # the police group 2 record; the dossier has its review


def test_it_carries_on_past_an_organisation_that_fails(police, vt_dossier):
    """A financial year-end changed to "30 February" after the schedule was made breaks only
    that organisation's recompute; the others are still swept."""
    RecordFactory(
        organisation=police,
        record_class=record_class(police, "CORP-FIN"),
        category=record_class(police, "CORP-FIN").category,
        created_on=dt.date(2019, 2, 10),
    )
    Organisation.objects.filter(pk=police.pk).update(financial_year_end_month=2, financial_year_end_day=30)

    summary = retention_sweep_run(today=TODAY)

    assert summary.failed == [police.slug]
    assert Review.objects.get().dossier == vt_dossier
    assert f"Failed: {police.slug}" in str(summary)


# --- one sweep at a time ------------------------------------------------------------------------


def test_it_does_nothing_while_another_sweep_holds_the_cache_lock(police, police_register, on_postgres):
    if on_postgres:
        pytest.skip("PostgreSQL uses the advisory lock (test below)")
    cache.add(CACHE_LOCK_KEY, "another sweep", 60)
    try:
        summary = retention_sweep_run(today=TODAY)
    finally:
        cache.delete(CACHE_LOCK_KEY)

    assert summary.already_running
    assert "already running" in str(summary)
    assert not Review.objects.exists()
    assert Record.objects.get(pk=police_register["group2"].pk).retention_due_on is None


def test_it_releases_the_cache_lock_after_a_sweep(police, on_postgres):
    if on_postgres:
        pytest.skip("PostgreSQL uses the advisory lock")

    retention_sweep_run(today=TODAY)

    assert cache.get(CACHE_LOCK_KEY) is None


@pytest.mark.postgres
def test_it_does_nothing_while_another_session_holds_the_advisory_lock(police, police_register):
    other = connection.copy()
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
    try:
        blocked = retention_sweep_run(today=TODAY)
    finally:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
        other.close()

    assert blocked.already_running
    assert not Review.objects.exists()
    assert not retention_sweep_run(today=TODAY).already_running  # released with the session


# --- tasks and beat -----------------------------------------------------------------------------


def test_it_runs_the_sweep_as_a_celery_task(police, police_register):
    result = retention_sweep.delay(organisation_id=police.pk, today="2026-06-01").get()

    assert result["reviews_opened"] == 1
    assert result["batches_built"] == 1


def test_it_recomputes_people_and_their_records_in_a_task(police):
    record = _police_record(police, "MOPI-3", created_on=dt.date(2012, 3, 1), event_on=dt.date(2013, 4, 1))
    person_id = record.subject_links.get().person_id

    result = retention_recompute_people.delay([person_id]).get()

    record.refresh_from_db()
    assert result == {"people": 1, "records": 1}
    assert (record.retention_due_on, record.retention_basis) == (
        dt.date(2019, 4, 1),
        RetentionBasis.OWN_SCHEDULE,
    )


def _base_settings() -> dict:
    """Evaluate the base settings afresh, as a process starting with this environment would."""
    return runpy.run_path(str(settings.BASE_DIR / "config" / "settings" / "base.py"))


def test_it_declares_the_nightly_sweep_in_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["retention-sweep-nightly"]

    assert entry["task"] in app.tasks
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({2}, {30})


def test_it_takes_the_sweep_time_from_the_environment(monkeypatch):
    monkeypatch.setenv("RETENTION_SWEEP_HOUR", "4")
    monkeypatch.setenv("RETENTION_SWEEP_MINUTE", "5")

    schedule = _base_settings()["CELERY_BEAT_SCHEDULE"]["retention-sweep-nightly"]

    assert (schedule["schedule"].hour, schedule["schedule"].minute) == ({4}, {5})


def test_it_refuses_a_sweep_hour_that_is_not_an_hour(monkeypatch):
    monkeypatch.setenv("RETENTION_SWEEP_HOUR", "25")

    with pytest.raises(ImproperlyConfigured, match="RETENTION_SWEEP_HOUR"):
        _base_settings()


# --- management commands ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organisation", "no-such-org"], "No organisation with the slug 'no-such-org'."),
        (["--today", "2026-02-30"], "--today must be a date as YYYY-MM-DD, not '2026-02-30'."),
        (["--today", "tomorrow"], "--today must be a date as YYYY-MM-DD, not 'tomorrow'."),
    ],
)
def test_it_exits_non_zero_with_a_one_line_reason_for_bad_sweep_arguments(police, args, message):
    with pytest.raises(CommandError) as caught:
        call_command("retention_sweep", *args)

    assert str(caught.value) == message
    assert caught.value.returncode != 0
    assert not Review.objects.exists()


def test_it_runs_the_sweep_command_for_one_organisation(police, police_register, capsys):
    call_command("retention_sweep", "--organisation", police.slug, "--today", "2026-06-01")

    out = capsys.readouterr().out
    assert "opened 1 reviews; built 1 disposal batches" in out
    assert Review.objects.count() == 1


def test_it_installs_the_default_schedules_with_a_command_and_computes_dates(capsys):
    organisation = OrganisationFactory(kind=OrganisationKind.VEILIG_THUIS, slug="vt-new")
    existing_class = RecordClassFactory(organisation=organisation, code="VT-DOSSIER")
    dossier = DossierFactory(
        organisation=organisation,
        record_class=existing_class,
        status=DossierStatus.CLOSED,
        report_date=dt.date(2018, 1, 5),
        closed_on=dt.date(2018, 6, 30),
    )

    call_command("install_default_schedules", "--organisation", "vt-new")

    dossier.refresh_from_db()
    assert RetentionSchedule.objects.filter(organisation=organisation, code="VT-DOSSIER").exists()
    assert dossier.retention_due_on == dt.date(2033, 12, 31)
    assert "1 schedules in place" in capsys.readouterr().out


def test_it_refuses_to_install_defaults_for_an_unknown_organisation():
    with pytest.raises(CommandError, match="No organisation with the slug 'nowhere'."):
        call_command("install_default_schedules", "--organisation", "nowhere")
