"""Celery tasks of the governance registers: thin, idempotent (each reminder is claimed
with a conditional update, so a redelivered message sends nothing twice)."""

from celery import shared_task

from governance.services.policies import policy_review_reminders_send
from governance.services.privacy import breach_overdue_alerts_send


@shared_task(name="governance.policy_review_reminders", acks_late=True)
def policy_review_reminders() -> int:
    """Daily (beat): remind owners of policy reviews falling due (R-POL-1)."""
    return policy_review_reminders_send()


@shared_task(name="governance.breach_overdue_alerts", acks_late=True)
def breach_overdue_alerts() -> int:
    """Hourly (beat): alert the DPO to breaches past the 72-hour clock (GDPR art. 33)."""
    return breach_overdue_alerts_send()
