""" "May this data be shared with this recipient for this purpose?" — yes or no, with the
consent (or its absence) that decides it; withdrawal takes effect at once and is audited
(R-CON-1, R-CON-2)."""

import datetime as dt

import pytest
from auditlog.models import LogEntry

from access_control.models import Role
from core.errors import DomainError, NotAllowed
from core.models import DomainEvent
from subject_rights.models import ConsentDirection, CounterpartyKind
from subject_rights.selectors import may_obtain, may_share
from subject_rights.services import consent_withdraw
from tests.factories import UserFactory
from tests.subject_rights.conftest import at
from tests.subject_rights.consent_support import GIVEN_ON, both_parents, record

pytestmark = pytest.mark.django_db
RECIPIENT = "Ondersteuningsteam SWV Peelland"
PURPOSE = "Application for extra reading support"


@pytest.fixture
def consent(staff, family):
    both_parents(staff, family)
    return record(staff, family.pupil, [family.mother, family.father], valid_until=dt.date(2026, 7, 31))


def _ask(
    family, *, data="reading test results", recipient=RECIPIENT, purpose=PURPOSE, on=dt.date(2026, 4, 1)
):
    return may_share(subject=family.pupil, data=data, recipient=recipient, purpose=purpose, on=on)


def test_it_says_yes_with_the_consent_that_covers_the_question(family, consent):
    answer = _ask(family)
    assert (answer.allowed, answer.consent) == (True, consent)
    assert answer.reason == "Consent given on 02-03-2026 covers this."


@pytest.mark.parametrize(
    "data",
    [
        "reading test results",
        "School report 2025-2026",
        "  READING   test results. ",
        "School report 2025-2026, reading test results",
    ],
)
def test_it_matches_each_named_data_item_ignoring_case_and_spacing(family, consent, data):
    assert _ask(family, data=data).allowed


@pytest.mark.parametrize(
    "question",
    [
        {"data": "medical file"},
        {"data": "reading"},
        {"data": ""},
        {"recipient": "GGD Brabant-Zuidoost"},
        {"purpose": "Research into reading methods"},
    ],
    ids=["other-data", "part-of-an-item", "no-data", "other-recipient", "other-purpose"],
)
def test_it_says_no_without_a_consent_for_exactly_this_r_con_1(family, consent, question):
    answer = _ask(family, **question)
    assert (answer.allowed, answer.consent) == (False, None)
    assert "No consent is recorded" in answer.reason


def test_it_says_no_before_the_consent_was_given_and_after_it_expired(family, consent):
    before = _ask(family, on=dt.date(2026, 3, 1))
    assert (before.allowed, before.consent, before.reason) == (
        False,
        consent,
        "The consent was only given on 02-03-2026.",
    )
    assert _ask(family, on=GIVEN_ON).allowed
    assert _ask(family, on=dt.date(2026, 7, 31)).allowed
    expired = _ask(family, on=dt.date(2026, 8, 1))
    assert (expired.allowed, expired.consent, expired.reason) == (
        False,
        consent,
        "The consent expired on 31-07-2026.",
    )


def test_it_keeps_sharing_and_obtaining_apart(staff, family, consent):
    assert not may_obtain(
        subject=family.pupil,
        data="reading test results",
        source=RECIPIENT,
        purpose=PURPOSE,
        on=dt.date(2026, 4, 1),
    ).allowed
    obtained = record(
        staff,
        family.pupil,
        [family.mother, family.father],
        direction=ConsentDirection.OBTAIN,
        counterparty="Speech therapist De Vries",
        counterparty_kind=CounterpartyKind.OTHER,
        data_description="Speech therapy report",
    )
    answer = may_obtain(
        subject=family.pupil,
        data="speech therapy report",
        source="speech therapist de vries",
        purpose=PURPOSE,
        on=dt.date(2026, 4, 1),
    )
    assert (answer.allowed, answer.consent) == (True, obtained)


def test_it_withdraws_a_consent_at_once_and_audits_it(staff, family, consent):
    with at(dt.date(2026, 4, 10)):
        withdrawn = consent_withdraw(
            acting_user=staff, consent=consent, withdrawn_by=family.father, note="Phoned the school."
        )

    assert (withdrawn.withdrawn_on, withdrawn.withdrawn_by, withdrawn.withdrawal_recorded_by) == (
        dt.date(2026, 4, 10),
        family.father,
        staff,
    )
    assert withdrawn.withdrawn_at is not None
    answer = _ask(family, on=dt.date(2026, 4, 10))
    assert (answer.allowed, answer.consent, answer.reason) == (
        False,
        consent,
        "The consent was withdrawn on 10-04-2026.",
    )
    assert _ask(family, on=dt.date(2026, 4, 9)).allowed  # what was shared before stays covered
    event = DomainEvent.objects.get(verb="consent.withdrawn")
    assert (event.actor, event.reason, event.data["withdrawn_by"]) == (
        staff,
        "Phoned the school.",
        family.father.pk,
    )
    assert LogEntry.objects.get_for_object(consent).filter(action=LogEntry.Action.UPDATE).exists()


def test_it_answers_with_a_later_consent_after_an_earlier_one_was_withdrawn(staff, family, consent):
    with at(dt.date(2026, 4, 10)):
        consent_withdraw(acting_user=staff, consent=consent, withdrawn_by=family.mother)
    renewed = record(staff, family.pupil, [family.mother, family.father], given_on=dt.date(2026, 4, 20))

    assert _ask(family, on=dt.date(2026, 4, 21)).consent == renewed
    assert _ask(family, on=dt.date(2026, 4, 15)).consent == consent


def test_it_refuses_to_withdraw_twice_or_by_someone_without_standing(
    staff, family, consent, partnership, nothing_saved
):
    with (
        at(dt.date(2026, 4, 10)),
        nothing_saved(),
        pytest.raises(DomainError, match="neither gave this consent"),
    ):
        consent_withdraw(acting_user=staff, consent=consent, withdrawn_by=family.foster)
    with at(dt.date(2026, 4, 10)):
        consent_withdraw(acting_user=staff, consent=consent, withdrawn_by=family.mother)
        with pytest.raises(DomainError, match="already withdrawn on 10-04-2026"):
            consent_withdraw(acting_user=staff, consent=consent, withdrawn_by=family.father)
        with pytest.raises(DomainError, match="who withdrew"):
            consent_withdraw(acting_user=staff, consent=consent, withdrawn_by=None)


def test_it_lets_a_pupil_who_has_since_turned_16_withdraw(staff, family, consent):
    family.pupil.date_of_birth = dt.date(2010, 4, 1)  # 15 when the parents consented, 16 on 01-04-2026
    family.pupil.save()
    with at(dt.date(2026, 4, 2)):
        withdrawn = consent_withdraw(acting_user=staff, consent=consent, withdrawn_by=family.pupil)
    assert withdrawn.withdrawn_by == family.pupil


def test_it_lets_only_handlers_of_the_organisation_withdraw(family, consent, outsider):
    auditor = UserFactory(organisation=family.pupil.organisation, role=Role.AUDITOR)
    for user in (auditor, outsider):
        with pytest.raises(NotAllowed):
            consent_withdraw(acting_user=user, consent=consent, withdrawn_by=family.mother)
