"""What the DPO dashboard shows of governance (integration point for the dashboard)."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from governance.dates import NOTIFICATION_WINDOW, REVIEW_REMINDER_DAYS
from governance.models import (
    Breach,
    NotifyDecision,
    Policy,
    ProcessingAgreement,
)

User = get_user_model()


# --- The DPO dashboard (helper integration point) -------------------------------------------

AGREEMENT_HORIZON_DAYS = 90


def policies_overdue(*, organisation, today: datetime.date) -> QuerySet[Policy]:
    return Policy.objects.filter(organisation=organisation, next_review_on__lt=today).order_by(
        "next_review_on"
    )


def policies_due_soon(*, organisation, today: datetime.date) -> QuerySet[Policy]:
    return Policy.objects.filter(
        organisation=organisation,
        next_review_on__gte=today,
        next_review_on__lte=today + datetime.timedelta(days=REVIEW_REMINDER_DAYS),
    ).order_by("next_review_on")


def breaches_overdue(*, organisation, now: datetime.datetime) -> QuerySet[Breach]:
    """Open breaches whose 72 hours passed without a decision not to notify or a notification."""
    return (
        Breach.objects.filter(
            organisation=organisation,
            closed_at__isnull=True,
            aware_at__lt=now - NOTIFICATION_WINDOW,
            authority_notified_at__isnull=True,
        )
        .exclude(authority_decision=NotifyDecision.NOT_REQUIRED)
        .order_by("aware_at")
    )


def agreements_ending(*, organisation, today: datetime.date) -> QuerySet[ProcessingAgreement]:
    return (
        ProcessingAgreement.objects.filter(
            organisation=organisation,
            ends_on__gte=today,
            ends_on__lte=today + datetime.timedelta(days=AGREEMENT_HORIZON_DAYS),
        )
        .select_related("processor")
        .order_by("ends_on")
    )


def dashboard_figures(organisation, today: datetime.date, now: datetime.datetime | None = None) -> dict:
    """What the DPO dashboard shows of governance: overdue and due policy reviews, breaches
    whose notification decision is overdue, agreements ending within 90 days. Querysets,
    so the dashboard counts or lists them as it likes."""
    from django.utils import timezone

    now = now or timezone.now()
    return {
        "policy_reviews_overdue": policies_overdue(organisation=organisation, today=today),
        "policy_reviews_due": policies_due_soon(organisation=organisation, today=today),
        "breaches_notification_overdue": breaches_overdue(organisation=organisation, now=now),
        "agreements_ending": agreements_ending(organisation=organisation, today=today),
    }
