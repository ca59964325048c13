"""R-DSR-7 and R-DSR-12: who exercises the rights, by age on the date of receipt."""

import datetime as dt

import pytest

from subject_rights.capacity import (
    DEFAULT_AGE_BANDS,
    AgeBands,
    Signatories,
    UnknownAgeBands,
    age_bands_for,
    age_on,
    capacity_for,
)
from subject_rights.entitlement import entitlement_refusal
from subject_rights.models import RequesterRole

NL = DEFAULT_AGE_BANDS["NL"]
ENGLAND = DEFAULT_AGE_BANDS["GB-ENG"]
SCOTLAND = DEFAULT_AGE_BANDS["GB-SCT"]


def _who(born, on, bands=NL, **flags):
    return capacity_for(date_of_birth=born, on=on, bands=bands, **flags).signatories


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (dt.date(2026, 5, 9), Signatories.REPRESENTATIVES),  # the day before the 12th birthday
        (dt.date(2026, 5, 10), Signatories.TOGETHER),  # the 12th birthday
        (dt.date(2030, 5, 9), Signatories.TOGETHER),  # the day before the 16th birthday
        (dt.date(2030, 5, 10), Signatories.ALONE),  # the 16th birthday
    ],
    ids=["day-before-12", "12th-birthday", "day-before-16", "16th-birthday"],
)
def test_it_switches_on_the_exact_12th_and_16th_birthdays_r_dsr_7(on, expected):
    assert _who(dt.date(2014, 5, 10), on) == expected


@pytest.mark.parametrize(
    ("born", "on", "expected"),
    [
        (dt.date(2012, 2, 29), dt.date(2024, 2, 28), Signatories.REPRESENTATIVES),
        (dt.date(2012, 2, 29), dt.date(2024, 2, 29), Signatories.TOGETHER),
        (dt.date(2008, 2, 29), dt.date(2024, 2, 28), Signatories.TOGETHER),
        (dt.date(2008, 2, 29), dt.date(2024, 2, 29), Signatories.ALONE),
    ],
    ids=["12-day-before", "12-on-29-february", "16-day-before", "16-on-29-february"],
)
def test_it_handles_29_february_births_at_12_and_16_r_dsr_7(born, on, expected):
    assert _who(born, on) == expected


def test_it_makes_a_29_february_child_older_on_1_march_in_a_common_year():
    born = dt.date(2012, 2, 29)
    assert age_on(born, dt.date(2025, 2, 28)) == 12
    assert age_on(born, dt.date(2025, 3, 1)) == 13
    # In England an 18th birthday on 29 February (2008 + 18 = 2026, a common year) falls on 1 March.
    assert _who(dt.date(2008, 2, 29), dt.date(2026, 2, 28), ENGLAND) == Signatories.ASSESS
    assert _who(dt.date(2008, 2, 29), dt.date(2026, 3, 1), ENGLAND) == Signatories.ALONE


@pytest.mark.parametrize(
    "born",
    [dt.date(2018, 1, 1), dt.date(2012, 1, 1), dt.date(2009, 1, 1), dt.date(1960, 1, 1)],
    ids=["8", "14", "17", "66"],
)
def test_it_lets_the_representatives_act_for_an_incompetent_person_at_any_age_r_dsr_7(born):
    capacity = capacity_for(date_of_birth=born, on=dt.date(2026, 3, 2), bands=NL, incompetent=True)
    assert capacity.signatories == Signatories.REPRESENTATIVES
    assert "not competent" in capacity.reason
    assert _who(born, dt.date(2026, 3, 2), ENGLAND, incompetent=True) == Signatories.REPRESENTATIVES


def test_it_asks_for_a_competence_assessment_in_england_and_wales_r_dsr_12():
    ten = dt.date(2016, 1, 1)
    capacity = capacity_for(date_of_birth=ten, on=dt.date(2026, 3, 2), bands=ENGLAND)
    assert capacity.needs_assessment
    assert "GB-ENG" in capacity.reason and "R-DSR-12" in capacity.reason
    assert _who(ten, dt.date(2026, 3, 2), DEFAULT_AGE_BANDS["GB-WLS"]) == Signatories.ASSESS
    assert _who(ten, dt.date(2026, 3, 2), ENGLAND, judged_competent=True) == Signatories.ALONE
    assert _who(dt.date(1990, 1, 1), dt.date(2026, 3, 2), ENGLAND) == Signatories.ALONE


def test_it_presumes_a_scottish_child_of_12_competent_r_dsr_12():
    born = dt.date(2014, 5, 10)
    assert _who(born, dt.date(2026, 5, 9), SCOTLAND) == Signatories.ASSESS
    assert _who(born, dt.date(2026, 5, 10), SCOTLAND) == Signatories.ALONE


def test_it_does_not_let_a_competence_judgement_override_fixed_bands_r_dsr_7():
    assert _who(dt.date(2013, 1, 1), dt.date(2026, 3, 2), NL, judged_competent=True) == Signatories.TOGETHER


def test_it_asks_for_an_assessment_when_the_date_of_birth_is_unknown():
    capacity = capacity_for(date_of_birth=None, on=dt.date(2026, 3, 2), bands=NL)
    assert (capacity.signatories, capacity.age) == (Signatories.ASSESS, None)
    assert "date of birth is not known" in capacity.reason
    assert _who(None, dt.date(2026, 3, 2), NL, judged_competent=True) == Signatories.ALONE


def test_it_explains_the_outcome_with_age_date_and_rule():
    capacity = capacity_for(date_of_birth=dt.date(2013, 4, 1), on=dt.date(2026, 3, 2), bands=NL)
    assert capacity.age == 12
    assert capacity.reason == (
        "Aged 12 on 02-03-2026: in NL that means the legal representative(s) and the child together "
        "(R-DSR-7)."
    )


def test_it_refuses_impossible_inputs():
    with pytest.raises(ValueError, match="before the date of birth"):
        capacity_for(date_of_birth=dt.date(2026, 3, 3), on=dt.date(2026, 3, 2), bands=NL)
    with pytest.raises(ValueError, match="both competent and not"):
        capacity_for(
            date_of_birth=dt.date(2000, 1, 1),
            on=dt.date(2026, 3, 2),
            bands=NL,
            incompetent=True,
            judged_competent=True,
        )


def test_it_reads_the_bands_per_jurisdiction_and_allows_overrides_r_dsr_12(settings):
    assert age_bands_for("nl") is NL
    assert age_bands_for("GB-SCT") is SCOTLAND
    with pytest.raises(UnknownAgeBands):
        age_bands_for("FR")
    settings.SUBJECT_RIGHTS_AGE_BANDS = {"FR": [(0, "representatives"), (15, "alone")]}
    france = age_bands_for("FR")
    assert france.for_age(14) == Signatories.REPRESENTATIVES
    assert france.for_age(15) == Signatories.ALONE


@pytest.mark.parametrize(
    "bands",
    [(), ((1, Signatories.ALONE),), ((0, Signatories.ALONE), (0, Signatories.ASSESS)), ((0, "parents"),)],
    ids=["empty", "not-from-zero", "not-rising", "unknown-signatories"],
)
def test_it_refuses_malformed_bands(bands):
    with pytest.raises(ValueError):
        AgeBands("XX", bands, "R-DSR-12")


@pytest.mark.parametrize(
    ("born", "role", "allowed"),
    [
        (dt.date(2016, 5, 10), RequesterRole.REPRESENTATIVE, True),
        (dt.date(2016, 5, 10), RequesterRole.JOINT, True),
        (dt.date(2016, 5, 10), RequesterRole.SUBJECT, False),
        (dt.date(2016, 5, 10), RequesterRole.AGENT, False),
        (dt.date(2012, 5, 10), RequesterRole.JOINT, True),
        (dt.date(2012, 5, 10), RequesterRole.REPRESENTATIVE, False),
        (dt.date(2012, 5, 10), RequesterRole.SUBJECT, False),
        (dt.date(2009, 5, 10), RequesterRole.SUBJECT, True),
        (dt.date(2009, 5, 10), RequesterRole.AGENT, True),
        (dt.date(2009, 5, 10), RequesterRole.REPRESENTATIVE, False),
        (dt.date(2009, 5, 10), RequesterRole.JOINT, False),
    ],
    ids=[
        "9-representative",
        "9-joint",
        "9-child-alone",
        "9-agent",
        "13-joint",
        "13-representative-alone",
        "13-child-alone",
        "16-self",
        "16-agent",
        "16-parent",
        "16-parent-and-child",
    ],
)
def test_it_says_who_may_make_the_request_r_dsr_7(born, role, allowed):
    capacity = capacity_for(date_of_birth=born, on=dt.date(2026, 3, 2), bands=NL)
    refusal = entitlement_refusal(capacity, role, "Sam Jansen")
    assert (refusal is None) == allowed
    if not allowed:
        assert "Sam Jansen" in refusal and "R-DSR-7" in refusal


def test_it_refuses_every_requester_while_competence_is_unassessed():
    capacity = capacity_for(date_of_birth=dt.date(2016, 1, 1), on=dt.date(2026, 3, 2), bands=ENGLAND)
    for role in RequesterRole.values:
        assert "must be assessed first" in entitlement_refusal(capacity, role, "Sam")
