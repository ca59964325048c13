"""Figures other apps own: break-glass openings (access_control) and the governance registers
(governance), read through those apps' own selectors and scoped to the reader's organisation.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from access_control.break_glass import break_glass_uses
from compliance.periods import Period
from compliance.selectors.common import reader_organisation_id
from governance import selectors as governance


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


# --- break-glass access (R-ACC-4, R-ACC-5) ---


@dataclass(frozen=True)
class BreakGlassFigures:
    uses: int
    unreviewed: int


def break_glass_in_period(*, user, period: Period) -> QuerySet:
    """Break-glass openings from the first day of the period through its last day."""
    reader_organisation_id(user)
    return break_glass_uses(
        user.organisation,
        since=_midnight(period.start),
        until=_midnight(period.end + datetime.timedelta(days=1)),
    )


def break_glass_figures(*, user, period: Period) -> BreakGlassFigures:
    counts = (
        break_glass_in_period(user=user, period=period)
        .order_by()
        .aggregate(uses=Count("pk"), unreviewed=Count("pk", filter=Q(reviewed_at__isnull=True)))
    )
    return BreakGlassFigures(**counts)


# --- governance registers (R-POL-1; breach notification; processor agreements) ---


@dataclass(frozen=True)
class GovernanceFigures:
    policies_overdue: int
    breach_notifications_overdue: int
    processor_agreements_ending: int


def policies_overdue(*, user, today: datetime.date) -> QuerySet:
    reader_organisation_id(user)
    return governance.policies_overdue(organisation=user.organisation, today=today)


def breaches_overdue(*, user) -> QuerySet:
    """Breaches whose 72-hour notification decision is overdue, as of now."""
    reader_organisation_id(user)
    return governance.breaches_overdue(organisation=user.organisation, now=timezone.now())


def agreements_ending(*, user, today: datetime.date) -> QuerySet:
    reader_organisation_id(user)
    return governance.agreements_ending(organisation=user.organisation, today=today)


def governance_figures(*, user, today: datetime.date) -> GovernanceFigures:
    return GovernanceFigures(
        policies_overdue=policies_overdue(user=user, today=today).count(),
        breach_notifications_overdue=breaches_overdue(user=user).count(),
        processor_agreements_ending=agreements_ending(user=user, today=today).count(),
    )
