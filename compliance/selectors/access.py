"""Unusual access volume per user (R-ACC-4): access-log counts against the organisation's median.

The rule, as the dashboard explains it: count every access-log entry of each user in the
period (a list row shown, an item opened, a file downloaded). The median is taken over the
users who accessed anything in the period. A user is flagged when their count is more than
``FLAG_MULTIPLE`` times that median, and only when at least ``MIN_USERS_FOR_MEDIAN`` users
accessed anything (with fewer, a median says nothing about what is usual). The
``TOP_USERS`` busiest users are shown either way, so the DPO sees the heaviest readers even
when nobody stands out. The counting is one GROUP BY in SQL; the median is taken over its
result, one number per user.
"""

import statistics
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from compliance.periods import Period
from compliance.selectors.common import reader_organisation_id
from core.models import AccessKind, AccessLogEntry

FLAG_MULTIPLE = 3
MIN_USERS_FOR_MEDIAN = 3
TOP_USERS = 10


@dataclass(frozen=True)
class UserVolume:
    user_id: int
    username: str
    name: str
    role: str
    total: int
    opened: int
    listed: int
    downloaded: int
    flagged: bool

    def ratio_to(self, median: float | None) -> float | None:
        return round(self.total / median, 1) if median else None


@dataclass(frozen=True)
class AccessVolume:
    users: int  # users who accessed anything in the period
    entries: int
    median: float | None
    threshold: float | None  # above this count a user is flagged
    rows: list[UserVolume]  # every user who accessed anything, busiest first

    @property
    def flagged(self) -> list[UserVolume]:
        return [row for row in self.rows if row.flagged]

    @property
    def top(self) -> list[UserVolume]:
        return self.rows[:TOP_USERS]


def _entries(organisation_id: int, period: Period) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.filter(
        organisation_id=organisation_id,
        accessed_at__date__gte=period.start,
        accessed_at__date__lte=period.end,
    )


def access_volume(*, user, period: Period) -> AccessVolume:
    organisation_id = reader_organisation_id(user)
    counts = list(
        _entries(organisation_id, period)
        .order_by()
        .values("user_id", "user__username", "user__first_name", "user__last_name", "user__role")
        .annotate(
            total=Count("pk"),
            opened=Count("pk", filter=Q(access=AccessKind.OPENED)),
            listed=Count("pk", filter=Q(access=AccessKind.LISTED)),
            downloaded=Count("pk", filter=Q(access=AccessKind.DOWNLOADED)),
        )
        .order_by("-total", "user__username")
    )
    median = (
        statistics.median([row["total"] for row in counts]) if len(counts) >= MIN_USERS_FOR_MEDIAN else None
    )
    threshold = median * FLAG_MULTIPLE if median is not None else None
    rows = [
        UserVolume(
            user_id=row["user_id"],
            username=row["user__username"],
            name=f"{row['user__first_name']} {row['user__last_name']}".strip(),
            role=row["user__role"],
            total=row["total"],
            opened=row["opened"],
            listed=row["listed"],
            downloaded=row["downloaded"],
            flagged=threshold is not None and row["total"] > threshold,
        )
        for row in counts
    ]
    return AccessVolume(
        users=len(rows),
        entries=sum(row.total for row in rows),
        median=median,
        threshold=threshold,
        rows=rows,
    )
