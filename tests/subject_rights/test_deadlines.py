"""R-DSR-11 (and R-DSR-5): deadline arithmetic, as pure functions on dates."""

import datetime as dt

import pytest

from retention.dates import add_period
from subject_rights.deadlines import (
    DeadlineRule,
    DeadlineTerms,
    UnknownJurisdiction,
    clock_start,
    destruction_due_on,
    extended_due_on,
    gdpr_default_terms,
    is_working_day,
    next_working_day,
    pause_days,
    response_due_on,
    validate_jurisdiction,
)

UK = DeadlineTerms(rule=DeadlineRule.CALENDAR_MONTH, holiday_jurisdiction="GB-ENG", extension_months=2)
WALES = DeadlineTerms(rule=DeadlineRule.CALENDAR_MONTH, holiday_jurisdiction="GB-WLS", extension_months=2)
SCOTLAND = DeadlineTerms(rule=DeadlineRule.CALENDAR_MONTH, holiday_jurisdiction="GB-SCT", extension_months=2)
VEILIG_THUIS = DeadlineTerms(rule=DeadlineRule.WEEKS, weeks=4, holiday_jurisdiction="NL", extension_months=0)


def test_it_gives_the_ico_example_received_on_saturday_31_january_r_dsr_11():
    received = dt.date(2026, 1, 31)
    assert received.weekday() == 5  # a Saturday: the start day still counts as day one

    # 28-02-2026 (the last day of February) is a Saturday: the next working day.
    assert response_due_on(UK, received) == dt.date(2026, 3, 2)
    assert extended_due_on(UK, received) == dt.date(2026, 4, 30)


def test_it_counts_an_extension_from_the_start_not_from_the_first_due_date_r_dsr_11():
    received = dt.date(2026, 1, 31)
    first_due = response_due_on(UK, received)
    # Two months after the first due date (02-03) would be Saturday 02-05 → Tuesday 05-05.
    wrong = next_working_day(add_period(first_due, months=2), "GB-ENG")
    assert wrong == dt.date(2026, 5, 5)
    assert extended_due_on(UK, received) == dt.date(2026, 4, 30)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2026, 3, 2), dt.date(2026, 4, 2)),  # same day number next month
        (dt.date(2026, 3, 31), dt.date(2026, 4, 30)),  # April has no 31st: its last day
        (dt.date(2026, 1, 30), dt.date(2026, 3, 2)),  # no 30 February: 28-02 (Sat) → Mon 02-03
        (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),  # leap year: 29 February (a Tuesday)
        (dt.date(2027, 1, 31), dt.date(2027, 3, 1)),  # 28-02-2027 is a Sunday → Monday 01-03
        (dt.date(2026, 12, 31), dt.date(2027, 2, 1)),  # 31-01-2027 is a Sunday → Monday
    ],
    ids=["same-day", "short-month", "no-30-february", "leap-year", "sunday", "over-new-year"],
)
def test_it_gives_the_same_day_next_month_or_the_last_day_r_dsr_11(received, due):
    assert response_due_on(UK, received) == due


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2026, 3, 6), dt.date(2026, 4, 7)),  # 06-04-2026 is Easter Monday
        (dt.date(2026, 3, 3), dt.date(2026, 4, 7)),  # 03-04-2026 Good Friday, weekend, Easter Monday
        (dt.date(2026, 11, 25), dt.date(2026, 12, 29)),  # Christmas (Fri), weekend, Boxing Day observed
        (dt.date(2026, 4, 4), dt.date(2026, 5, 5)),  # 04-05-2026 is the early May bank holiday
    ],
    ids=["easter-monday", "good-friday", "christmas", "may-day"],
)
def test_it_moves_a_due_date_on_a_bank_holiday_to_the_next_working_day_r_dsr_11(received, due):
    assert response_due_on(UK, received) == due
    assert response_due_on(WALES, received) == due


def test_it_uses_the_public_holidays_of_the_jurisdiction_r_dsr_11():
    # Easter Monday is no bank holiday in Scotland; 2 January is.
    assert response_due_on(SCOTLAND, dt.date(2026, 3, 6)) == dt.date(2026, 4, 6)
    assert response_due_on(SCOTLAND, dt.date(2025, 12, 2)) == dt.date(2026, 1, 5)
    assert response_due_on(UK, dt.date(2025, 12, 2)) == dt.date(2026, 1, 2)


def test_it_leaves_the_date_alone_when_the_policy_does_not_roll_r_dsr_11():
    terms = DeadlineTerms(
        rule=DeadlineRule.CALENDAR_MONTH, holiday_jurisdiction="GB-ENG", roll_to_working_day=False
    )
    assert response_due_on(terms, dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)


def test_it_rolls_an_extended_date_too_r_dsr_11():
    # 25-09-2026 + 3 months = Christmas Day 2026 → Tuesday 29-12-2026.
    assert extended_due_on(UK, dt.date(2026, 9, 25)) == dt.date(2026, 12, 29)


def test_it_counts_both_the_day_of_asking_and_the_day_of_the_answer_as_paused():
    assert pause_days(dt.date(2026, 3, 10), dt.date(2026, 3, 12)) == 3
    assert pause_days(dt.date(2026, 3, 10), dt.date(2026, 3, 10)) == 1
    with pytest.raises(ValueError, match="before the question"):
        pause_days(dt.date(2026, 3, 12), dt.date(2026, 3, 10))


def test_it_adds_paused_days_before_rolling_r_dsr_11():
    received = dt.date(2026, 3, 2)  # due Thursday 02-04-2026
    assert response_due_on(UK, received) == dt.date(2026, 4, 2)
    # Paused 10-03 to 12-03 (3 days): 05-04 is Easter Sunday, 06-04 Easter Monday → Tue 07-04.
    assert response_due_on(UK, received, paused_days=3) == dt.date(2026, 4, 7)
    # One day: 03-04 is Good Friday → Tuesday 07-04.
    assert response_due_on(UK, received, paused_days=1) == dt.date(2026, 4, 7)
    # Extended and paused 3 days: 30-04 + 3 = Sunday 03-05, Monday 04-05 a bank holiday.
    assert extended_due_on(UK, dt.date(2026, 1, 31), paused_days=3) == dt.date(2026, 5, 5)
    with pytest.raises(ValueError, match="negative"):
        response_due_on(UK, received, paused_days=-1)


def test_it_gives_veilig_thuis_four_weeks_r_dsr_3_r_dsr_5_r_dsr_6():
    assert response_due_on(VEILIG_THUIS, dt.date(2026, 4, 1)) == dt.date(2026, 4, 29)
    # 30-03-2026 + 4 weeks = King's Day (Monday 27-04-2026), a Dutch public holiday.
    assert response_due_on(VEILIG_THUIS, dt.date(2026, 3, 30)) == dt.date(2026, 4, 28)


def test_it_extends_a_weeks_deadline_by_months_counted_from_the_start():
    terms = DeadlineTerms(rule=DeadlineRule.WEEKS, weeks=4, holiday_jurisdiction="NL", extension_months=2)
    # 31-01-2026 + 2 months = 31-03-2026, + 4 weeks = Tuesday 28-04-2026.
    assert extended_due_on(terms, dt.date(2026, 1, 31)) == dt.date(2026, 4, 28)


def test_it_refuses_to_extend_when_the_terms_allow_no_extension():
    assert not VEILIG_THUIS.allows_extension
    with pytest.raises(ValueError, match="no extension"):
        extended_due_on(VEILIG_THUIS, dt.date(2026, 4, 1))


def test_it_starts_the_clock_at_the_latest_of_receipt_and_what_was_awaited_r_dsr_11():
    received = dt.date(2026, 3, 2)
    assert clock_start(received) == received
    assert clock_start(received, None, None, None) == received
    assert clock_start(received, dt.date(2026, 3, 9), dt.date(2026, 3, 5), None) == dt.date(2026, 3, 9)
    assert clock_start(received, None, None, dt.date(2026, 3, 12)) == dt.date(2026, 3, 12)


def test_it_gives_the_destruction_date_three_months_from_receipt_r_dsr_5():
    assert destruction_due_on(dt.date(2026, 1, 31), 3) == dt.date(2026, 4, 30)
    # Not moved to a working day: an outer limit for our own action (28-02-2026 is a Saturday).
    assert destruction_due_on(dt.date(2025, 11, 30), 3) == dt.date(2026, 2, 28)
    with pytest.raises(ValueError):
        destruction_due_on(dt.date(2026, 1, 31), 0)


def test_it_knows_working_days():
    assert is_working_day(dt.date(2026, 4, 2), "GB-ENG")
    assert not is_working_day(dt.date(2026, 4, 6), "GB-ENG")  # Easter Monday
    assert is_working_day(dt.date(2026, 4, 6), "GB-SCT")
    assert not is_working_day(dt.date(2026, 4, 27), "NL")  # King's Day
    assert not is_working_day(dt.date(2026, 2, 28), "NL")  # Saturday
    assert next_working_day(dt.date(2026, 4, 2), "GB-ENG") == dt.date(2026, 4, 2)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"rule": "fortnight"}, "Unknown deadline rule"),
        ({"rule": DeadlineRule.WEEKS}, "number of weeks"),
        ({"rule": DeadlineRule.WEEKS, "weeks": 0}, "number of weeks"),
        ({"rule": DeadlineRule.CALENDAR_MONTH, "weeks": 4}, "no number of weeks"),
        ({"rule": DeadlineRule.CALENDAR_MONTH, "extension_months": -1}, "negative"),
        ({"rule": DeadlineRule.CALENDAR_MONTH, "destroy_within_months": 0}, "at least one month"),
        ({"rule": DeadlineRule.CALENDAR_MONTH, "holiday_jurisdiction": "ZZ"}, "No public-holiday calendar"),
        ({"rule": DeadlineRule.CALENDAR_MONTH, "holiday_jurisdiction": "GB-XYZ"}, "no subdivision"),
    ],
    ids=[
        "rule",
        "weeks-missing",
        "weeks-zero",
        "weeks-on-month",
        "extension",
        "destroy",
        "country",
        "subdivision",
    ],
)
def test_it_refuses_inconsistent_terms(values, message):
    with pytest.raises(ValueError, match=message):
        DeadlineTerms(**{"holiday_jurisdiction": "GB-ENG", **values})


def test_it_stores_terms_as_data_and_reads_them_back():
    terms = DeadlineTerms(
        rule=DeadlineRule.WEEKS,
        weeks=4,
        holiday_jurisdiction="NL",
        destroy_within_months=3,
        legal_basis="R-DSR-5",
    )
    assert DeadlineTerms.from_dict({**terms.as_dict(), "unknown": 1}) == terms


def test_it_falls_back_on_the_gdpr_month_with_two_months_extension():
    terms = gdpr_default_terms("GB-WLS")
    assert (terms.rule, terms.extension_months, terms.roll_to_working_day, terms.holiday_jurisdiction) == (
        DeadlineRule.CALENDAR_MONTH,
        2,
        True,
        "GB-WLS",
    )
    assert "12(3)" in terms.legal_basis


def test_it_accepts_jurisdiction_codes_in_any_case():
    validate_jurisdiction("gb-eng")
    validate_jurisdiction("NL")
    with pytest.raises(UnknownJurisdiction):
        validate_jurisdiction("")
