"""Periods of whole months and quarters, and the period filter's input."""

import datetime as dt

import pytest
from django.http import QueryDict

from compliance.forms import PeriodForm
from compliance.periods import Period, add_months, previous_quarter

TODAY = dt.date(2026, 6, 15)


def test_a_period_lists_its_months_across_a_year_end():
    period = Period(dt.date(2025, 11, 1), dt.date(2026, 2, 1))

    assert period.months() == [
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]
    assert (period.start, period.end) == (dt.date(2025, 11, 1), dt.date(2026, 2, 28))


def test_quarters_and_the_last_ended_quarter():
    assert Period.quarter(2026, 4).end == dt.date(2026, 12, 31)
    assert previous_quarter(dt.date(2026, 1, 5)) == (2025, 4)
    assert previous_quarter(TODAY) == (2026, 1)
    assert add_months(dt.date(2026, 1, 31), -1) == dt.date(2025, 12, 1)


@pytest.mark.parametrize(
    "bad", [(dt.date(2026, 1, 2), dt.date(2026, 2, 1)), (dt.date(2026, 3, 1), dt.date(2026, 2, 1))]
)
def test_a_period_refuses_partial_or_reversed_months(bad):
    with pytest.raises(ValueError):
        Period(*bad)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ("2025-07", "2026-06")),
        ("from_month=2026-02&to_month=2026-04", ("2026-02", "2026-04")),
        ("from_month=2026-02", ("2026-02", "2026-06")),
        ("to_month=2026-03", ("2025-04", "2026-03")),
        ("from_month=2020-01&to_month=2026-01", ("2025-07", "2026-06")),  # over 36 months: the default
    ],
)
def test_the_period_form(query, expected):
    form = PeriodForm(QueryDict(query) if query else None, today=TODAY)
    period = form.period()

    assert (f"{period.first_month:%Y-%m}", f"{period.last_month:%Y-%m}") == expected


def test_a_too_long_period_says_why():
    form = PeriodForm(QueryDict("from_month=2020-01&to_month=2026-01"), today=TODAY)

    assert not form.is_valid()
    assert form.non_field_errors() == ["Choose a period of at most 36 months."]
