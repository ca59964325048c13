"""The months a compliance figure covers: a period of whole months, or a quarter (R-REC-9)."""

import calendar
import datetime
from dataclasses import dataclass

DEFAULT_MONTHS = 12
# A longer period makes the monthly charts unreadable; a year-on-year view needs 24.
MAX_MONTHS = 36


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class Period:
    """From the first day of ``first_month`` through the last day of ``last_month``."""

    first_month: datetime.date
    last_month: datetime.date

    def __post_init__(self):
        if self.first_month.day != 1 or self.last_month.day != 1:
            raise ValueError("A period runs over whole months: give the first of each month.")
        if self.last_month < self.first_month:
            raise ValueError("A period cannot end before it starts.")

    @classmethod
    def ending(cls, today: datetime.date, months: int = DEFAULT_MONTHS) -> "Period":
        """The ``months`` months up to and including ``today``'s month."""
        last = month_start(today)
        return cls(add_months(last, -(months - 1)), last)

    @classmethod
    def quarter(cls, year: int, number: int) -> "Period":
        if number not in (1, 2, 3, 4):
            raise ValueError("A quarter is numbered 1 to 4.")
        first = datetime.date(year, 3 * number - 2, 1)
        return cls(first, add_months(first, 2))

    @property
    def start(self) -> datetime.date:
        return self.first_month

    @property
    def end(self) -> datetime.date:
        return month_end(self.last_month)

    def months(self) -> list[datetime.date]:
        count = (self.last_month.year - self.first_month.year) * 12 + self.last_month.month
        count -= self.first_month.month - 1
        return [add_months(self.first_month, n) for n in range(count)]

    def as_query(self) -> dict[str, str]:
        """The period as the dashboard's query parameters (for drill-down links)."""
        return {"from_month": f"{self.first_month:%Y-%m}", "to_month": f"{self.last_month:%Y-%m}"}


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def previous_quarter(day: datetime.date) -> tuple[int, int]:
    """The last quarter that has ended by ``day`` (the one a quarterly report is about)."""
    year, number = quarter_of(day)
    return (year, number - 1) if number > 1 else (year - 1, 4)
