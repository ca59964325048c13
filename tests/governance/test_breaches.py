"""The data-breach register: the 72-hour clock of GDPR art. 33 (frozen time), decisions,
notifications, the DPO's overdue alert, and who sees what."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from core.errors import DomainError, InvalidTransition, NotAllowed
from governance import selectors
from governance.dates import notification_clock
from governance.models import Breach, NotifyDecision
from governance.services.privacy import (
    breach_assess,
    breach_close,
    breach_decide_authority,
    breach_decide_subjects,
    breach_record_authority_notified,
    breach_report,
)
from governance.tasks import breach_overdue_alerts

pytestmark = pytest.mark.django_db

AWARE = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def breach(reporter, at):
    with at(2026, 3, 2, 10):
        return breach_report(
            acting_user=reporter,
            summary="A spreadsheet of pupils' medical needs was emailed to all parents.",
            discovered_at=AWARE,
            discovered_by_name="Office manager",
            people_affected=240,
        )


def test_the_clock_runs_72_hours_from_awareness(breach):
    """Done-when: the 72-hour clock (frozen time)."""
    clock = notification_clock(breach, now=dt.datetime(2026, 3, 4, 9, 30, tzinfo=dt.UTC))
    assert clock.deadline == dt.datetime(2026, 3, 5, 9, 30, tzinfo=dt.UTC)
    assert clock.remaining == dt.timedelta(hours=24)
    assert not clock.overdue
    assert clock.remaining_text == "24 h 00 min left"

    late = notification_clock(breach, now=dt.datetime(2026, 3, 5, 11, 45, tzinfo=dt.UTC))
    assert late.overdue
    assert late.remaining_text == "Overdue by 2 h 15 min"


def test_a_decision_not_to_notify_stops_the_clock_but_a_decision_to_notify_does_not(breach, dpo):
    breach_assess(acting_user=dpo, breach=breach, risk="risk", risk_assessment="Health data of children.")
    breach = breach_decide_authority(acting_user=dpo, breach=breach, decision="notify", reason="Health data.")
    after = dt.datetime(2026, 3, 6, tzinfo=dt.UTC)
    assert notification_clock(breach, now=after).overdue

    breach = breach_record_authority_notified(
        acting_user=dpo,
        breach=breach,
        notified_at=dt.datetime(2026, 3, 5, 16, tzinfo=dt.UTC),
        reference="ICO-123",
        late_reason="The risk assessment needed the school nurse, away until Thursday.",
    )
    assert notification_clock(breach, now=after).decided


def test_a_late_notification_needs_the_reasons_for_the_delay(breach, dpo):
    breach_decide_authority(acting_user=dpo, breach=breach, decision="notify", reason="Health data.")

    with pytest.raises(DomainError) as refused:
        breach_record_authority_notified(
            acting_user=dpo,
            breach=breach,
            notified_at=dt.datetime(2026, 3, 6, tzinfo=dt.UTC),
            reference="ICO-1",
        )

    assert refused.value.field == "late_reason"
    assert Breach.objects.get().authority_notified_at is None


def test_the_page_shows_the_deadline_and_remaining_time(client, breach, dpo, at):
    with at(2026, 3, 3, 9, 30):
        client.force_login(dpo)
        body = client.get(reverse("governance:breach_detail", args=[breach.pk])).content.decode()
    assert "5 March 2026" in body and "48 h 00 min left" in body
    with at(2026, 3, 6, 9, 30):
        client.force_login(dpo)  # a session lasts 30 minutes
        body = client.get(reverse("governance:breach_detail", args=[breach.pk])).content.decode()
    assert "Overdue by 24 h 00 min" in body


def test_a_breach_without_a_discovery_time_is_refused(reporter, client):
    with pytest.raises(DomainError) as refused:
        breach_report(acting_user=reporter, summary="Lost laptop.", discovered_at=None)
    assert refused.value.field == "discovered_at"

    client.force_login(reporter)
    response = client.post(reverse("governance:breach_create"), {"summary": "Lost laptop."})
    assert response.status_code == 200
    assert "Enter when the breach was discovered." in response.content.decode()
    assert Breach.objects.count() == 0


def test_awareness_cannot_precede_discovery(reporter):
    with pytest.raises(DomainError) as refused:
        breach_report(
            acting_user=reporter,
            summary="Lost laptop.",
            discovered_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
            aware_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )
    assert refused.value.field == "aware_at"
    assert Breach.objects.count() == 0


def test_a_risky_breach_cannot_be_decided_not_notifiable(breach, dpo):
    breach_assess(acting_user=dpo, breach=breach, risk="high", risk_assessment="Health data of children.")
    with pytest.raises(DomainError):
        breach_decide_authority(acting_user=dpo, breach=breach, decision="not_required", reason="Small.")
    assert Breach.objects.get().authority_decision == NotifyDecision.PENDING


def test_the_decision_is_taken_once_and_only_by_the_dpo(breach, dpo, reporter):
    with pytest.raises(NotAllowed):
        breach_decide_authority(acting_user=reporter, breach=breach, decision="notify", reason="x")
    breach_decide_authority(acting_user=dpo, breach=breach, decision="not_required", reason="Encrypted file.")
    with pytest.raises(InvalidTransition):
        breach_decide_authority(acting_user=dpo, breach=breach, decision="notify", reason="x")


def test_a_breach_closes_only_after_both_decisions(breach, dpo):
    with pytest.raises(InvalidTransition):
        breach_close(acting_user=dpo, breach=breach, lessons_learned="Check recipients.")
    breach_decide_authority(acting_user=dpo, breach=breach, decision="not_required", reason="Encrypted.")
    with pytest.raises(InvalidTransition):
        breach_close(acting_user=dpo, breach=breach, lessons_learned="Check recipients.")
    breach_decide_subjects(
        acting_user=dpo, breach=breach, decision="not_required", reason="Encrypted (art. 34(3)(a))."
    )
    breach = breach_close(acting_user=dpo, breach=breach, lessons_learned="Use the mail-merge check.")
    assert breach.closed_at is not None


def test_overdue_decisions_alert_the_dpo_once(breach, dpo, at, django_capture_on_commit_callbacks):
    with at(2026, 3, 4, 9), django_capture_on_commit_callbacks(execute=True):
        assert breach_overdue_alerts.delay().get() == 0
    with at(2026, 3, 5, 10), django_capture_on_commit_callbacks(execute=True):
        assert breach_overdue_alerts.delay().get() == 1
        assert breach_overdue_alerts.delay().get() == 0
    assert [m.to for m in mail.outbox] == [[dpo.email]]
    figures = selectors.dashboard_figures(
        breach.organisation, dt.date(2026, 3, 5), now=dt.datetime(2026, 3, 5, 10, tzinfo=dt.UTC)
    )
    assert list(figures["breaches_notification_overdue"]) == [breach]


def test_the_reporter_sees_their_report_the_dpo_all_colleagues_and_outsiders_nothing(
    breach, reporter, dpo, auditor, colleague, outsider
):
    assert list(selectors.breaches_visible_to(reporter)) == [breach]
    assert list(selectors.breaches_visible_to(dpo)) == [breach]
    assert list(selectors.breaches_visible_to(auditor)) == [breach]
    assert list(selectors.breaches_visible_to(colleague)) == []
    assert list(selectors.breaches_visible_to(outsider)) == []


@pytest.mark.parametrize("persona", ["colleague", "outsider"])
def test_the_breach_page_is_refused_to_others(client, breach, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("governance:breach_detail", args=[breach.pk])).status_code == 404


def test_the_reporter_cannot_take_the_decision_in_the_browser(client, breach, reporter):
    client.force_login(reporter)
    response = client.post(
        reverse("governance:breach_action", args=[breach.pk, "authority"]),
        {"authority-authority_decision": "not_required", "authority-authority_decision_reason": "x"},
    )
    assert response.status_code == 403
    assert Breach.objects.get().authority_decision == NotifyDecision.PENDING


def test_the_dpo_decides_in_the_browser(client, breach, dpo):
    client.force_login(dpo)
    response = client.post(
        reverse("governance:breach_action", args=[breach.pk, "authority"]),
        {
            "authority-authority_decision": "notify",
            "authority-authority_decision_reason": "Children's health data.",
        },
    )
    assert response.status_code == 302
    assert Breach.objects.get().authority_decision == NotifyDecision.NOTIFY
    response = client.post(
        reverse("governance:breach_action", args=[breach.pk, "authority"]),
        {"authority-authority_decision": "not_required", "authority-authority_decision_reason": "x"},
    )
    assert "The notification decision was already taken." in response.content.decode()
