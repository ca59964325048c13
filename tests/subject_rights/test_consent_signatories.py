"""R-CON-2 and R-CON-3: who must consent for a pupil, for every case of the protocol.
A consent signed by the wrong people is refused with the reason."""

import datetime as dt

import pytest

from access_control.models import Role
from core.errors import DomainError
from subject_rights.consent_rules import ConsentRuleError
from subject_rights.models import RelationKind, SignatoryCapacity
from subject_rights.selectors import consent_requirement_for
from subject_rights.services import legal_relation_end
from tests.factories import PersonFactory, UserFactory
from tests.subject_rights.conftest import at
from tests.subject_rights.consent_support import GIVEN_ON, born_aged, both_parents, record, relate

pytestmark = pytest.mark.django_db


def _aged(pupil, years):
    pupil.date_of_birth = born_aged(years)
    pupil.save()


def _refused(staff, family, given_by, **values):
    with pytest.raises(DomainError) as refused:
        record(staff, family.pupil, given_by, **values)
    assert refused.value.field == "given_by"
    return refused.value.message


def test_it_takes_both_parents_with_authority_for_a_pupil_under_12_r_con_2(staff, family):
    both_parents(staff, family)

    consent = record(staff, family.pupil, [family.mother, family.father])

    assert sorted(consent.signatories.values_list("person__given_names", "capacity")) == [
        ("Anna", SignatoryCapacity.PARENT),
        ("Joris", SignatoryCapacity.PARENT),
    ]
    assert "Aged 9" in consent.signatories_reason


def test_it_refuses_one_parent_when_both_hold_authority_even_without_contact_r_con_2(
    staff, family, nothing_saved
):
    both_parents(staff, family)
    with nothing_saved():
        message = _refused(staff, family, [family.mother])
    assert message == (
        "The consent of Joris Bakker is missing: when both parents hold parental authority, both must "
        "consent, even one who has had no contact for years (R-CON-2)."
    )


def test_it_refuses_a_pupil_under_12_consenting_for_themself_r_con_2(staff, family):
    both_parents(staff, family)
    message = _refused(staff, family, [family.pupil])
    assert "The consent of Anna Bakker is missing" in message
    assert "The people with parental authority consent for Noor Bakker, not Noor Bakker" in message


def test_it_takes_the_one_parent_with_authority_and_refuses_the_other_r_con_2(staff, family):
    relate(staff, family.mother, family.pupil, RelationKind.PARENT, True)
    relate(staff, family.father, family.pupil, RelationKind.PARENT, False)

    assert record(staff, family.pupil, [family.mother]).pk
    message = _refused(staff, family, [family.mother, family.father])
    assert message == "Joris Bakker has no parental authority over Noor Bakker and cannot consent (R-CON-2)."


def test_it_takes_the_parents_and_the_pupil_together_from_12_to_15_r_con_2(staff, family):
    both_parents(staff, family)
    _aged(family.pupil, 12)

    consent = record(staff, family.pupil, [family.mother, family.father, family.pupil])

    assert consent.signatories.get(person=family.pupil).capacity == SignatoryCapacity.PUPIL
    assert "Noor Bakker must consent together with the parents" in _refused(
        staff, family, [family.mother, family.father]
    )
    assert "The consent of Anna Bakker is missing" in _refused(staff, family, [family.pupil])


def test_it_still_takes_the_parents_and_the_pupil_at_15(staff, family):
    both_parents(staff, family)
    _aged(family.pupil, 15)
    assert record(staff, family.pupil, [family.mother, family.father, family.pupil]).pk


def test_it_takes_the_pupil_alone_from_16_r_con_2(staff, family):
    both_parents(staff, family)
    _aged(family.pupil, 16)

    assert record(staff, family.pupil, [family.pupil]).pk
    assert _refused(staff, family, [family.mother, family.father, family.pupil]).startswith(
        "Noor Bakker consents alone; Anna Bakker does not sign."
    )
    assert "Noor Bakker must give this consent themself" in _refused(staff, family, [family.mother])


def test_it_switches_on_the_day_of_the_birthday_not_the_day_after(staff, family):
    both_parents(staff, family)
    family.pupil.date_of_birth = dt.date(2014, 3, 2)  # 12 exactly on 02-03-2026
    family.pupil.save()
    assert record(staff, family.pupil, [family.mother, family.father, family.pupil]).pk
    assert "must consent together" in _refused(
        staff, family, [family.mother, family.father], given_on=dt.date(2026, 3, 2)
    )
    assert record(staff, family.pupil, [family.mother, family.father], given_on=dt.date(2026, 3, 1)).pk


@pytest.mark.parametrize("age", [9, 14, 17])
def test_it_takes_the_parents_for_a_pupil_who_is_not_competent_r_con_2(staff, family, age):
    both_parents(staff, family)
    _aged(family.pupil, age)

    consent = record(staff, family.pupil, [family.mother, family.father], incompetent=True)

    assert "not competent" in consent.signatories_reason
    assert "not Noor Bakker" in _refused(
        staff, family, [family.mother, family.father, family.pupil], incompetent=True
    )


def test_it_ignores_an_ots_family_guardian_the_parents_consent_r_con_3(staff, family):
    both_parents(staff, family)
    relate(staff, family.ots, family.pupil, RelationKind.FAMILY_GUARDIAN_OTS)

    assert record(staff, family.pupil, [family.mother, family.father]).pk
    message = _refused(staff, family, [family.ots])
    assert (
        "Kees Bakker is a family guardian under a supervision order (OTS) and has no parental authority: "
        "the parents with authority consent (R-CON-3)."
    ) in message
    assert "The consent of Anna Bakker is missing" in message


def test_it_takes_the_guardian_with_authority_instead_of_the_parents_r_con_3(staff, family):
    relate(staff, family.mother, family.pupil, RelationKind.PARENT, False)
    relate(staff, family.guardian, family.pupil, RelationKind.GUARDIAN_WITH_AUTHORITY)

    consent = record(staff, family.pupil, [family.guardian])

    assert consent.signatories.get().capacity == SignatoryCapacity.GUARDIAN
    assert _refused(staff, family, [family.mother]) == (
        "The consent of Petra Bakker, the guardian with parental authority, is missing (R-CON-3). "
        "Anna Bakker has no parental authority over Noor Bakker and cannot consent (R-CON-2)."
    )


def test_it_prefers_the_guardian_even_if_a_parent_is_still_marked_with_authority_r_con_3(staff, family):
    relate(staff, family.mother, family.pupil, RelationKind.PARENT, True)
    relate(staff, family.guardian, family.pupil, RelationKind.GUARDIAN_WITH_AUTHORITY)

    assert record(staff, family.pupil, [family.guardian]).pk
    assert "a guardian holds parental authority over Noor Bakker and consents instead (R-CON-3)" in _refused(
        staff, family, [family.guardian, family.mother]
    )


def test_it_refuses_a_foster_parent_without_authority_r_con_3(staff, family):
    both_parents(staff, family)
    relate(staff, family.foster, family.pupil, RelationKind.FOSTER_PARENT)

    message = _refused(staff, family, [family.foster])
    assert "Mila Bakker is a foster parent without parental authority and cannot consent" in message
    assert record(staff, family.pupil, [family.mother, family.father]).pk


def test_it_refuses_someone_not_related_to_the_pupil(staff, family, partnership):
    both_parents(staff, family)
    neighbour = PersonFactory(organisation=partnership, given_names="Bram", family_name="Smit")
    assert "Bram Smit is not recorded as a parent or guardian of Noor Bakker" in _refused(
        staff, family, [family.mother, family.father, neighbour]
    )


def test_it_refuses_consent_when_nobody_with_authority_is_recorded_r_con_2(staff, family, nothing_saved):
    relate(staff, family.foster, family.pupil, RelationKind.FOSTER_PARENT)
    with nothing_saved():
        assert "Nobody with parental authority over Noor Bakker is recorded" in _refused(
            staff, family, [family.foster]
        )


def test_it_does_not_count_an_ended_relation(staff, family):
    both_parents(staff, family)
    father = family.pupil.relations_to_adults.get(adult=family.father)
    with at(GIVEN_ON):
        legal_relation_end(
            acting_user=staff,
            relation=father,
            ended_on=dt.date(2026, 2, 1),
            reason="Court ruling: sole authority.",
        )

    assert record(staff, family.pupil, [family.mother]).pk
    assert "Joris Bakker is not recorded as a parent" in _refused(
        staff, family, [family.mother, family.father]
    )


def test_it_asks_whether_an_english_pupil_is_competent_r_dsr_12(school):
    teacher = UserFactory(organisation=school, role=Role.CASEWORKER)
    pupil = PersonFactory(
        organisation=school, given_names="Amy", family_name="Hart", date_of_birth=born_aged(13)
    )
    parent = PersonFactory(organisation=school, given_names="Jo", family_name="Hart")
    relate(teacher, parent, pupil, RelationKind.PARENT, True)

    with pytest.raises(DomainError, match="Record whether Amy Hart is competent to consent"):
        record(teacher, pupil, [parent])
    assert record(teacher, pupil, [pupil], judged_competent=True).pk
    assert record(teacher, pupil, [parent], incompetent=True).pk


def test_it_computes_the_requirement_for_a_form_to_show(family, staff):
    both_parents(staff, family)
    requirement = consent_requirement_for(child=family.pupil, on=GIVEN_ON)
    assert {(s.name, s.capacity) for s in requirement.required} == {
        ("Anna Bakker", SignatoryCapacity.PARENT),
        ("Joris Bakker", SignatoryCapacity.PARENT),
    }
    with pytest.raises(ConsentRuleError):
        consent_requirement_for(child=family.mother, on=GIVEN_ON, incompetent=True)
