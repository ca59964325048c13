"""Retention figures of the compliance dashboard (R-REC-4, R-REC-5, R-WMO-1, R-REC-9).

Past destruction date: a live record or dossier (or one whose disposal waits for copy
confirmations) whose retention action is destroy or anonymise and whose due date has passed.
The review backlog ages an open review by how long ago it fell due. Disposals are counted
from the tombstones (what a completed disposal leaves), by month and method.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, DateField, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from compliance.periods import Period
from compliance.selectors.common import reader_organisation_id
from records.models import Dossier, ItemStatus, Record
from retention.models import (
    DisposalAction,
    DisposalItem,
    DueAction,
    HoldAuthority,
    LegalHold,
    Review,
    ReviewStatus,
    Tombstone,
)
from retention.selectors import ACTIVE_BATCH_STATUSES, ACTIVE_ITEM_STATUSES, held_condition

DESTRUCTION_ACTIONS = (DueAction.DESTROY, DueAction.ANONYMISE)
NOT_YET_DISPOSED = (ItemStatus.LIVE, ItemStatus.DISPOSAL_PENDING)
ITEM_MODELS = {"record": Record, "dossier": Dossier}


def past_destruction_date(*, user, kind: str, today: datetime.date) -> QuerySet:
    """Records (``kind="record"``) or dossiers past their destruction date, not yet disposed."""
    model = ITEM_MODELS[kind]
    status_field = "status" if model is Record else "lifecycle"
    return model.objects.filter(
        organisation_id=reader_organisation_id(user),
        retention_due_on__lt=today,
        retention_action__in=DESTRUCTION_ACTIONS,
        **{f"{status_field}__in": NOT_YET_DISPOSED},
    )


def in_active_batch(kind: str) -> Q:
    return Q(
        Exists(
            DisposalItem.objects.filter(
                **{kind: OuterRef("pk")},
                status__in=ACTIVE_ITEM_STATUSES,
                batch__status__in=ACTIVE_BATCH_STATUSES,
            )
        )
    )


@dataclass(frozen=True)
class PastDue:
    kind: str
    total: int
    held: int
    in_batch: int

    @property
    def waiting(self) -> int:
        """Neither held nor on its way out in a batch: these need the records unit."""
        return max(self.total - self.held - self.in_batch, 0)


def past_due_figures(*, user, today: datetime.date) -> list[PastDue]:
    figures = []
    for kind, model in ITEM_MODELS.items():
        counts = (
            past_destruction_date(user=user, kind=kind, today=today)
            .order_by()
            .aggregate(
                total=Count("pk"),
                held=Count("pk", filter=held_condition(model)),
                in_batch=Count("pk", filter=in_active_batch(kind) & ~held_condition(model)),
            )
        )
        figures.append(PastDue(kind=kind, **counts))
    return figures


# --- review backlog ---


@dataclass(frozen=True)
class AgeBand:
    key: str
    label: str
    min_days: int
    max_days: int | None  # None: no upper bound

    def due_range(self, today: datetime.date) -> dict:
        """The due_on lookups of reviews that have waited this long on ``today``."""
        lookups = {"due_on__lte": today - datetime.timedelta(days=self.min_days)}
        if self.max_days is not None:
            lookups["due_on__gt"] = today - datetime.timedelta(days=self.max_days + 1)
        return lookups


AGE_BANDS = (
    AgeBand("0-30", _("Up to 30 days"), 0, 30),
    AgeBand("31-90", _("31 to 90 days"), 31, 90),
    AgeBand("91-180", _("91 to 180 days"), 91, 180),
    AgeBand("181-365", _("181 days to a year"), 181, 365),
    AgeBand("366+", _("Over a year"), 366, None),
)
AGE_BANDS_BY_KEY = {band.key: band for band in AGE_BANDS}


def review_backlog(*, user, today: datetime.date, band: AgeBand | None = None) -> QuerySet[Review]:
    """Open reviews, oldest due first; of one age band when given. A review not yet due
    (opened early for a periodic review) counts in the first band."""
    reviews = Review.objects.filter(organisation_id=reader_organisation_id(user), status=ReviewStatus.OPEN)
    if band is not None:
        lookups = band.due_range(today)
        if band.min_days == 0:
            lookups.pop("due_on__lte")
        reviews = reviews.filter(**lookups)
    return reviews


def review_backlog_by_band(*, user, today: datetime.date) -> list[tuple[AgeBand, int]]:
    whens = [
        When(due_on__gt=today - datetime.timedelta(days=band.max_days + 1), then=Value(band.key))
        for band in AGE_BANDS
        if band.max_days is not None
    ]
    counts = dict(
        review_backlog(user=user, today=today)
        .order_by()
        .annotate(band=Case(*whens, default=Value(AGE_BANDS[-1].key), output_field=CharField()))
        .values("band")
        .annotate(n=Count("pk"))
        .values_list("band", "n")
    )
    return [(band, counts.get(band.key, 0)) for band in AGE_BANDS]


# --- holds ---


def active_holds(*, user) -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(organisation_id=reader_organisation_id(user), released_at__isnull=True)


def active_holds_by_authority(*, user) -> list[tuple[str, str, int]]:
    """(authority, its label, count) of the active holds, largest first."""
    rows = (
        active_holds(user=user)
        .order_by()
        .values("authority")
        .annotate(n=Count("pk"))
        .values_list("authority", "n")
        .order_by("-n", "authority")
    )
    return [(authority, HoldAuthority(authority).label, n) for authority, n in rows]


# --- disposals ---


def disposals(*, user, period: Period, month: datetime.date | None = None, action: str = "") -> QuerySet:
    """The tombstones of items disposed of in the period (or one month of it), by method."""
    first, last = (month, Period(month, month).end) if month else (period.start, period.end)
    tombstones = Tombstone.objects.filter(
        organisation_id=reader_organisation_id(user),
        disposed_at__date__gte=first,
        disposed_at__date__lte=last,
    )
    if action:
        tombstones = tombstones.filter(action=action)
    return tombstones


@dataclass(frozen=True)
class DisposalMonth:
    month: datetime.date
    by_action: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_action.values())


DISPOSAL_METHODS = tuple(DisposalAction)


def disposals_by_month(*, user, period: Period) -> list[DisposalMonth]:
    rows = (
        disposals(user=user, period=period)
        .order_by()
        .annotate(month=TruncMonth("disposed_at", output_field=DateField()))
        .values("month", "action")
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple, int] = {(row["month"], row["action"]): row["n"] for row in rows}
    return [
        DisposalMonth(
            month=month, by_action={a.value: counts.get((month, a.value), 0) for a in DISPOSAL_METHODS}
        )
        for month in period.months()
    ]
