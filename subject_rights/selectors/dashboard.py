"""Figures for the DPO dashboard and the API: open work, deadlines, timeliness.

All figures are counted in SQL over the requests the user may see (the DPO: the whole
organisation). A request's deadline is its extended due date once extended, else its due
date; only requests whose clock is running (received, in progress, extended) can be due or
overdue: a paused request or one awaiting identity has no running deadline.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from subject_rights.models import (
    CLOCK_RUNNING_STATUSES,
    OPEN_STATUSES,
    RequestStatus,
    RequestType,
    SubjectRequest,
)
from subject_rights.selectors.requests import subject_requests_visible_to

DUE_SOON_DAYS = 7


def _with_deadline(requests: QuerySet[SubjectRequest]) -> QuerySet[SubjectRequest]:
    return requests.annotate(deadline=Coalesce("extended_due_on", "due_on"))


def requests_open_by_status(*, user) -> dict[str, int]:
    """Open requests per status, every open status present (zero when none)."""
    counts = dict(
        subject_requests_visible_to(user)
        .filter(status__in=OPEN_STATUSES)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in RequestStatus.values if status in OPEN_STATUSES}


def requests_due_soon(
    *, user, on: datetime.date | None = None, days: int = DUE_SOON_DAYS
) -> QuerySet[SubjectRequest]:
    """Running requests due from ``on`` through ``on`` + ``days``, soonest first."""
    on = on or timezone.localdate()
    return (
        _with_deadline(subject_requests_visible_to(user))
        .filter(
            status__in=CLOCK_RUNNING_STATUSES,
            deadline__gte=on,
            deadline__lte=on + datetime.timedelta(days=days),
        )
        .order_by("deadline", "pk")
    )


def requests_overdue(*, user, on: datetime.date | None = None) -> QuerySet[SubjectRequest]:
    """Running requests whose deadline has passed, longest overdue first."""
    on = on or timezone.localdate()
    return (
        _with_deadline(subject_requests_visible_to(user))
        .filter(status__in=CLOCK_RUNNING_STATUSES, deadline__lt=on)
        .order_by("deadline", "pk")
    )


def destructions_overdue(*, user, on: datetime.date | None = None) -> QuerySet[SubjectRequest]:
    """R-DSR-5: destruction requests not carried out by their destroy-by date."""
    on = on or timezone.localdate()
    return (
        subject_requests_visible_to(user)
        .filter(request_type=RequestType.DESTRUCTION, status__in=OPEN_STATUSES, destroy_by__lt=on)
        .order_by("destroy_by", "pk")
    )


@dataclass(frozen=True)
class Timeliness:
    decided: int
    on_time: int

    @property
    def rate(self) -> float | None:
        """Share answered on time, 0..1; None when nothing was answered in the period."""
        return self.on_time / self.decided if self.decided else None


def request_timeliness(*, user, start: datetime.date, end: datetime.date) -> Timeliness:
    """Requests answered (decided) from ``start`` through ``end``, and how many on time."""
    figures = _with_deadline(subject_requests_visible_to(user)).aggregate(
        decided=Count("pk", filter=Q(decided_on__range=(start, end))),
        on_time=Count("pk", filter=Q(decided_on__range=(start, end), decided_on__lte=F("deadline"))),
    )
    return Timeliness(decided=figures["decided"], on_time=figures["on_time"])


def request_average_days_to_close(*, user, start: datetime.date, end: datetime.date) -> float | None:
    """Mean days from receipt to completion (fulfilled or closed) for requests completed in
    the period; None when none were."""
    duration = ExpressionWrapper(F("completed_on") - F("received_on"), output_field=DurationField())
    average = (
        subject_requests_visible_to(user)
        .filter(completed_on__range=(start, end))
        .aggregate(average=Avg(duration))["average"]
    )
    if average is None:
        return None
    return round(average.total_seconds() / 86400, 1)


@dataclass(frozen=True)
class RequestFigures:
    open_by_status: dict[str, int]
    due_soon: int
    overdue: int
    destructions_overdue: int
    timeliness: Timeliness
    average_days_to_close: float | None


def subject_request_figures(
    *, user, start: datetime.date, end: datetime.date, on: datetime.date | None = None
) -> RequestFigures:
    on = on or timezone.localdate()
    return RequestFigures(
        open_by_status=requests_open_by_status(user=user),
        due_soon=requests_due_soon(user=user, on=on).count(),
        overdue=requests_overdue(user=user, on=on).count(),
        destructions_overdue=destructions_overdue(user=user, on=on).count(),
        timeliness=request_timeliness(user=user, start=start, end=end),
        average_days_to_close=request_average_days_to_close(user=user, start=start, end=end),
    )
