"""Celery tasks of the core app: thin, calling the audit chain (STYLE.md 3)."""

import datetime

from celery import shared_task

from core.audit_chain import audit_seal_pending

# The every-minute run looks back this far for unsealed entries; older stragglers (a very
# long transaction) are sealed by the next full run (``manage.py audit_verify``).
SEAL_LOOKBACK = datetime.timedelta(days=1)


@shared_task(name="core.audit_seal", acks_late=True)
def audit_seal() -> int:
    """Give new audit entries their seal (beat: every minute). Safe to redeliver."""
    return audit_seal_pending(lookback=SEAL_LOOKBACK)
