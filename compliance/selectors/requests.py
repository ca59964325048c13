"""Subject-request and consent figures of the compliance dashboard (R-DSR-11, R-CON-1).

The deadline terms are those of subject_rights.selectors.dashboard: a request's deadline is
its extended due date once extended, else its due date, and only a request whose clock runs
(received, in progress, extended) can be overdue. Monthly figures are one GROUP BY query
each; the months without any row are filled with zero.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth

from compliance.periods import Period
from compliance.selectors.common import reader_organisation_id
from subject_rights.models import CLOCK_RUNNING_STATUSES, OPEN_STATUSES, Consent, SubjectRequest

CONSENT_EXPIRY_WINDOW_DAYS = 30


def _requests(organisation_id: int) -> QuerySet[SubjectRequest]:
    return SubjectRequest.objects.filter(organisation_id=organisation_id).annotate(
        deadline=Coalesce("extended_due_on", "due_on")
    )


def open_requests(*, user) -> QuerySet[SubjectRequest]:
    return _requests(reader_organisation_id(user)).filter(status__in=OPEN_STATUSES)


def overdue_requests(*, user, today: datetime.date) -> QuerySet[SubjectRequest]:
    """Running requests whose deadline has passed (R-DSR-11)."""
    return _requests(reader_organisation_id(user)).filter(
        status__in=CLOCK_RUNNING_STATUSES, deadline__lt=today
    )


def late_requests(*, user, period: Period) -> QuerySet[SubjectRequest]:
    """Requests answered in the period after their deadline."""
    return _requests(reader_organisation_id(user)).filter(
        decided_on__range=(period.start, period.end), decided_on__gt=F("deadline")
    )


def received_requests(*, user, period: Period) -> QuerySet[SubjectRequest]:
    return _requests(reader_organisation_id(user)).filter(received_on__range=(period.start, period.end))


def decided_requests(*, user, period: Period) -> QuerySet[SubjectRequest]:
    return _requests(reader_organisation_id(user)).filter(decided_on__range=(period.start, period.end))


def completed_requests(*, user, period: Period) -> QuerySet[SubjectRequest]:
    return _requests(reader_organisation_id(user)).filter(completed_on__range=(period.start, period.end))


@dataclass(frozen=True)
class RequestMonth:
    month: datetime.date
    received: int
    decided: int
    on_time: int
    completed: int
    average_days_to_close: float | None

    @property
    def on_time_rate(self) -> float | None:
        """Share answered on time, 0..1; None when nothing was answered that month."""
        return self.on_time / self.decided if self.decided else None

    @property
    def on_time_percent(self) -> int | None:
        return None if self.on_time_rate is None else round(self.on_time_rate * 100)


def _days(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, datetime.timedelta):
        return round(value.total_seconds() / 86400, 1)
    return round(float(value) / 86_400_000_000, 1)  # microseconds on backends without intervals


def requests_by_month(*, user, period: Period) -> list[RequestMonth]:
    """Received, decided (and on time), completed and mean days to close, per month."""
    requests = _requests(reader_organisation_id(user)).order_by()
    received = dict(
        requests.filter(received_on__range=(period.start, period.end))
        .annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    decided = {
        row["month"]: row
        for row in requests.filter(decided_on__range=(period.start, period.end))
        .annotate(month=TruncMonth("decided_on"))
        .values("month")
        .annotate(
            decided=Count("pk"),
            on_time=Count("pk", filter=Q(decided_on__lte=F("deadline"))),
        )
    }
    duration = ExpressionWrapper(F("completed_on") - F("received_on"), output_field=DurationField())
    completed = {
        row["month"]: row
        for row in requests.filter(completed_on__range=(period.start, period.end))
        .annotate(month=TruncMonth("completed_on"))
        .values("month")
        .annotate(completed=Count("pk"), average=Avg(duration))
    }
    return [
        RequestMonth(
            month=month,
            received=received.get(month, 0),
            decided=decided.get(month, {}).get("decided", 0),
            on_time=decided.get(month, {}).get("on_time", 0),
            completed=completed.get(month, {}).get("completed", 0),
            average_days_to_close=_days(completed.get(month, {}).get("average")),
        )
        for month in period.months()
    ]


@dataclass(frozen=True)
class RequestFigures:
    open: int
    overdue: int
    decided: int
    on_time: int
    average_days_to_close: float | None
    months: list[RequestMonth]

    @property
    def late(self) -> int:
        return self.decided - self.on_time

    @property
    def on_time_percent(self) -> int | None:
        return round(self.on_time * 100 / self.decided) if self.decided else None


def request_figures(*, user, period: Period, today: datetime.date) -> RequestFigures:
    organisation_id = reader_organisation_id(user)
    totals = _requests(organisation_id).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=CLOCK_RUNNING_STATUSES, deadline__lt=today)),
        decided=Count("pk", filter=Q(decided_on__range=(period.start, period.end))),
        on_time=Count(
            "pk", filter=Q(decided_on__range=(period.start, period.end), decided_on__lte=F("deadline"))
        ),
    )
    duration = ExpressionWrapper(F("completed_on") - F("received_on"), output_field=DurationField())
    average = (
        SubjectRequest.objects.filter(
            organisation_id=organisation_id, completed_on__range=(period.start, period.end)
        )
        .aggregate(average=Avg(duration))
        .get("average")
    )
    return RequestFigures(
        open=totals["open"],
        overdue=totals["overdue"],
        decided=totals["decided"],
        on_time=totals["on_time"],
        average_days_to_close=_days(average),
        months=requests_by_month(user=user, period=period),
    )


# --- consents ---


def consents_expiring(*, user, today: datetime.date) -> QuerySet[Consent]:
    """Consents that still hold today and end within the next 30 days (R-CON-1: a consent
    that lapses must be asked again before the data is shared once more)."""
    return Consent.objects.filter(
        organisation_id=reader_organisation_id(user),
        given_on__lte=today,
        valid_until__range=(today, today + datetime.timedelta(days=CONSENT_EXPIRY_WINDOW_DAYS)),
    ).filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today))


def consents_withdrawn(*, user, period: Period) -> QuerySet[Consent]:
    return Consent.objects.filter(
        organisation_id=reader_organisation_id(user), withdrawn_on__range=(period.start, period.end)
    )


@dataclass(frozen=True)
class ConsentFigures:
    expiring: int
    withdrawn: int


def consent_figures(*, user, period: Period, today: datetime.date) -> ConsentFigures:
    return ConsentFigures(
        expiring=consents_expiring(user=user, today=today).count(),
        withdrawn=consents_withdrawn(user=user, period=period).count(),
    )
