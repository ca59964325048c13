"""The policy register (R-POL-1): review dates, approval, acknowledgement of the current
version and the gap list (R-ACC-2), review reminders (Celery beat, mail)."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from access_control.declarations import declaration_accept, declaration_publish
from access_control.models import Role
from core.errors import DomainError, InvalidTransition, NotAllowed
from governance import selectors
from governance.dates import next_review_on, review_state
from governance.models import Policy, PolicyAcknowledgement, PolicyVersion
from governance.services.policies import (
    policy_acknowledge,
    policy_acknowledge_for_person,
    policy_create,
    policy_version_add,
    policy_version_approve,
)
from governance.tasks import policy_review_reminders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- Next review dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("approved", "expected"),
    [
        (dt.date(2025, 11, 17), dt.date(2026, 11, 17)),
        (dt.date(2024, 2, 29), dt.date(2025, 2, 28)),  # leap day: the engine's +1 year
        (dt.date(2023, 2, 28), dt.date(2024, 2, 28)),
        (dt.date(2025, 12, 31), dt.date(2026, 12, 31)),
    ],
)
def test_annual_review_is_a_year_after_approval(approved, expected):
    assert next_review_on(period="annual", approved_on=approved) == expected


@pytest.mark.parametrize(
    ("approved", "expected"),
    [
        (dt.date(2025, 8, 31), dt.date(2025, 9, 30)),  # before September: this September
        (dt.date(2025, 9, 1), dt.date(2026, 9, 30)),  # approved in September: that was the review
        (dt.date(2025, 9, 30), dt.date(2026, 9, 30)),
        (dt.date(2025, 10, 1), dt.date(2026, 9, 30)),  # after September: next year
        (dt.date(2024, 2, 29), dt.date(2024, 9, 30)),  # a leap day changes nothing
        (dt.date(2025, 1, 1), dt.date(2025, 9, 30)),
    ],
)
def test_every_september_review_falls_in_the_next_september(approved, expected):
    """The Turkish school's AUP: "Gözden geçirme her yıl Eylül ayında yapılır"."""
    assert next_review_on(period="fixed_month", approved_on=approved, month=9) == expected


def test_every_february_review_ends_on_the_last_day_of_february():
    assert next_review_on(period="fixed_month", approved_on=dt.date(2027, 3, 1), month=2) == dt.date(
        2028, 2, 29
    )
    assert next_review_on(period="fixed_month", approved_on=dt.date(2026, 3, 1), month=2) == dt.date(
        2027, 2, 28
    )


def test_every_n_months_counts_from_approval():
    assert next_review_on(period="months", approved_on=dt.date(2025, 8, 31), months=6) == dt.date(2026, 2, 28)


def test_review_state_is_overdue_due_or_ok():
    today = dt.date(2026, 5, 1)
    assert review_state(dt.date(2026, 4, 30), today) == "overdue"
    assert review_state(dt.date(2026, 5, 20), today) == "due"
    assert review_state(dt.date(2026, 9, 30), today) == "ok"
    assert review_state(None, today) == "unapproved"


# --- Register --------------------------------------------------------------------------------


@pytest.fixture
def aup(dpo):
    return policy_create(
        acting_user=dpo,
        title="Acceptable use policy",
        kind="acceptable_use",
        owner=dpo,
        review_period="fixed_month",
        review_month=9,
        requires_acknowledgement=True,
        audience="staff_and_pupils",
        text="Use school systems only for school work.",
    )


def test_approval_starts_the_review_cycle(aup, dpo, at):
    with at(2025, 10, 2):
        policy_version_approve(acting_user=dpo, version=aup.versions.get(), approved_on=dt.date(2025, 10, 1))

    aup.refresh_from_db()
    assert aup.next_review_on == dt.date(2026, 9, 30)


def test_a_policy_without_a_review_period_is_refused(dpo):
    for period, field, extra in (
        ("", "review_period", {}),
        ("months", "review_months", {}),
        ("fixed_month", "review_month", {}),
    ):
        with pytest.raises(DomainError) as refused:
            policy_create(
                acting_user=dpo,
                title="Online safety",
                kind="online_safety",
                owner=dpo,
                review_period=period,
                text="x",
                **extra,
            )
        assert refused.value.field == field
    assert (Policy.objects.count(), PolicyVersion.objects.count()) == (0, 0)


def test_only_the_owner_an_administrator_or_the_dpo_manage_policies(aup, colleague, outsider):
    with pytest.raises(NotAllowed):
        policy_create(
            acting_user=colleague, title="T", kind="other", owner=colleague, review_period="annual", text="x"
        )
    with pytest.raises(NotAllowed):
        policy_version_approve(
            acting_user=colleague, version=aup.versions.get(), approved_on=dt.date(2025, 1, 1)
        )
    with pytest.raises(DomainError):
        policy_version_approve(
            acting_user=outsider, version=aup.versions.get(), approved_on=dt.date(2025, 1, 1)
        )
    assert aup.versions.get().approved_on is None


def test_a_new_version_waits_for_the_draft_and_cannot_be_approved_earlier(aup, dpo):
    policy_version_approve(acting_user=dpo, version=aup.versions.get(), approved_on=dt.date(2025, 10, 1))
    draft = policy_version_add(acting_user=dpo, policy=aup, text="Revised text.", change_note="Annual review")
    with pytest.raises(InvalidTransition):
        policy_version_add(acting_user=dpo, policy=aup, text="Another")
    with pytest.raises(DomainError):
        policy_version_approve(acting_user=dpo, version=draft, approved_on=dt.date(2025, 9, 1))
    assert PolicyVersion.objects.filter(policy=aup).count() == 2


def test_the_gap_list_shows_who_has_not_acknowledged_the_current_version(
    aup, dpo, reporter, colleague, school
):
    """Done-when: the acknowledgement gap list, and a new version asks everyone again."""
    policy_version_approve(acting_user=dpo, version=aup.versions.get(), approved_on=dt.date(2025, 10, 1))
    UserFactory(organisation=school, role=Role.API_CLIENT)  # a service account is not asked
    UserFactory(organisation=school, is_active=False)  # nor is someone who left
    policy_acknowledge(acting_user=reporter, policy=aup)
    policy_acknowledge(acting_user=reporter, policy=aup)  # twice is once

    gaps = set(selectors.acknowledgement_gaps(policy=aup))
    assert reporter not in gaps and {colleague, dpo} <= gaps
    assert PolicyAcknowledgement.objects.count() == 1
    register = {p.pk: p.missing for p in selectors.acknowledgement_register(user=dpo)}
    assert register[aup.pk] == len(gaps)

    draft = policy_version_add(acting_user=dpo, policy=aup, text="Revised.")
    policy_version_approve(acting_user=dpo, version=draft, approved_on=dt.date(2025, 11, 1))
    assert reporter in set(selectors.acknowledgement_gaps(policy=aup))


def test_a_pupil_or_parent_acknowledgement_is_recorded_by_staff(aup, dpo, pupil, other_school):
    policy_version_approve(acting_user=dpo, version=aup.versions.get(), approved_on=dt.date(2025, 10, 1))

    acknowledgement = policy_acknowledge_for_person(acting_user=dpo, policy=aup, person=pupil)

    assert (acknowledgement.person, acknowledgement.recorded_by, acknowledgement.user) == (pupil, dpo, None)


def test_nothing_can_be_acknowledged_before_approval(aup, reporter):
    with pytest.raises(InvalidTransition):
        policy_acknowledge(acting_user=reporter, policy=aup)
    assert PolicyAcknowledgement.objects.count() == 0


def test_the_gap_list_includes_the_confidentiality_declaration(dpo, reporter, colleague):
    """R-ACC-2: the declaration's acceptances (access_control) show beside the policies."""
    declaration = declaration_publish(acting_user=dpo, text="I keep what I see confidential.")
    declaration_accept(acting_user=reporter, declaration_id=declaration.pk)

    current, missing = selectors.declaration_gaps(organisation_id=dpo.organisation_id)

    assert current == declaration
    assert reporter not in set(missing) and colleague in set(missing)


# --- Reminders ---------------------------------------------------------------------------


def test_the_beat_schedule_runs_the_review_reminders():
    entries = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"governance.policy_review_reminders", "governance.breach_overdue_alerts"} <= entries


def test_owners_are_reminded_once_when_a_review_falls_due(aup, dpo, at, django_capture_on_commit_callbacks):
    policy_version_approve(acting_user=dpo, version=aup.versions.get(), approved_on=dt.date(2025, 10, 1))

    with at(2026, 7, 1), django_capture_on_commit_callbacks(execute=True):
        assert policy_review_reminders.delay().get() == 0  # not yet within 30 days
    with at(2026, 9, 5), django_capture_on_commit_callbacks(execute=True):
        assert policy_review_reminders.delay().get() == 1
        assert policy_review_reminders.delay().get() == 0  # once per review date

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [dpo.email]
    assert "Acceptable use policy" in mail.outbox[0].subject


def test_overdue_reviews_are_in_the_dashboard_figures(aup, dpo, school):
    policy_version_approve(acting_user=dpo, version=aup.versions.get(), approved_on=dt.date(2024, 10, 1))

    figures = selectors.dashboard_figures(school, dt.date(2025, 10, 1))

    assert list(figures["policy_reviews_overdue"]) == [aup]


# --- Pages -------------------------------------------------------------------------------


def test_staff_read_and_acknowledge_a_policy(client, aup, dpo, reporter):
    policy_version_approve(acting_user=dpo, version=aup.versions.get(), approved_on=dt.date(2025, 10, 1))
    client.force_login(reporter)

    page = client.get(reverse("governance:policy_detail", args=[aup.pk]))
    response = client.post(reverse("governance:policy_acknowledge", args=[aup.pk]))

    assert page.status_code == 200 and "Use school systems only for school work." in page.content.decode()
    assert response.status_code == 302
    assert PolicyAcknowledgement.objects.get().user == reporter


def test_the_policy_page_is_refused_to_another_organisation(client, aup, outsider):
    client.force_login(outsider)

    assert client.get(reverse("governance:policy_detail", args=[aup.pk])).status_code == 404
    assert client.post(reverse("governance:policy_acknowledge", args=[aup.pk])).status_code == 404


def test_a_teacher_cannot_register_or_approve(client, aup, colleague):
    client.force_login(colleague)

    assert client.get(reverse("governance:policy_create")).status_code == 403
    version = aup.versions.get()
    response = client.post(
        reverse("governance:policy_approve", args=[aup.pk, version.pk]), {"approve-approved_on": "2025-10-01"}
    )
    assert response.status_code == 403
    assert PolicyVersion.objects.get().approved_on is None


def test_the_dpo_registers_and_approves_a_policy_in_the_browser(client, dpo, at):
    client.force_login(dpo)
    with at(2026, 3, 2):
        response = client.post(
            reverse("governance:policy_create"),
            {
                "title": "Online safety policy",
                "kind": "online_safety",
                "owner": dpo.pk,
                "review_period": "annual",
                "audience": "staff",
                "text": "The DSL has overall responsibility for online safeguarding.",
            },
        )
        policy = Policy.objects.get()
        assert response["Location"] == reverse("governance:policy_detail", args=[policy.pk])
        response = client.post(
            reverse("governance:policy_approve", args=[policy.pk, policy.versions.get().pk]),
            {"approve-approved_on": "2026-03-01", "approve-approved_by_name": "Governing body"},
        )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.next_review_on == dt.date(2027, 3, 1)


def test_a_policy_without_a_review_period_is_refused_in_the_browser(client, dpo):
    client.force_login(dpo)

    response = client.post(
        reverse("governance:policy_create"),
        {
            "title": "Online safety policy",
            "kind": "online_safety",
            "owner": dpo.pk,
            "audience": "staff",
            "text": "x",
        },
    )

    assert response.status_code == 200
    assert "Choose how often the policy is reviewed." in response.content.decode()
    assert Policy.objects.count() == 0


def test_the_acknowledgement_register_is_for_the_dpo_and_administrators(client, aup, dpo, colleague):
    client.force_login(colleague)
    assert client.get(reverse("governance:acknowledgements")).status_code == 403
    client.force_login(dpo)
    response = client.get(reverse("governance:acknowledgements"))
    assert response.status_code == 200 and "Acceptable use policy" in response.content.decode()


def test_the_review_period_reads_in_words(dpo):
    policy = policy_create(
        acting_user=dpo,
        title="AUP",
        kind="acceptable_use",
        owner=dpo,
        review_period="fixed_month",
        review_month=9,
        text="x",
    )
    assert policy.review_period_text == "every September"
