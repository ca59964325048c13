"""Recording consent: specific (R-CON-1), written where required (R-CON-4, R-CON-5), no BSN
with the school partnership (R-CON-6); recording legal relations (R-CON-3)."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from access_control.models import OrganisationKind, Role
from core.errors import DomainError, NotAllowed
from core.models import DomainEvent
from subject_rights.bsn import contains_bsn_number, names_bsn, passes_elfproef
from subject_rights.models import ConsentDirection, ConsentForm, CounterpartyKind, RelationKind
from subject_rights.services import consent_record, legal_relation_end
from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.subject_rights.conftest import at
from tests.subject_rights.consent_support import GIVEN_ON, both_parents, record, relate

pytestmark = pytest.mark.django_db


@pytest.fixture
def parents(staff, family):
    both_parents(staff, family)
    return [family.mother, family.father]


def test_it_records_a_specific_oral_consent_with_an_event_and_audit_entry_r_con_1(staff, family, parents):
    consent = record(
        staff, family.pupil, parents, valid_until=dt.date(2026, 7, 31), note="Asked at the parents' evening."
    )

    assert (consent.form, consent.document.name, consent.recorded_by, consent.organisation) == (
        ConsentForm.ORAL,
        "",
        staff,
        family.pupil.organisation,
    )
    assert (consent.given_on, consent.valid_until, consent.withdrawn_on) == (
        GIVEN_ON,
        dt.date(2026, 7, 31),
        None,
    )
    event = DomainEvent.objects.get(verb="consent.recorded")
    assert (event.actor, event.target, event.data["given_by"]) == (staff, consent, [p.pk for p in parents])
    assert LogEntry.objects.get_for_object(consent).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("data_description", "all data"),
        ("data_description", "Alle gegevens."),
        ("data_description", "everything"),
        ("data_description", "All relevant information"),
        ("data_description", "  "),
        ("purpose", "any purpose"),
        ("purpose", "general"),
        ("purpose", ""),
        ("counterparty", "all third parties"),
        ("counterparty", "iedereen"),
        ("why_necessary", ""),
    ],
)
def test_it_refuses_a_blanket_or_unspecified_consent_r_con_1(
    staff, family, parents, nothing_saved, field, value
):
    with nothing_saved(), pytest.raises(DomainError, match="R-CON-1") as refused:
        record(staff, family.pupil, parents, **{field: value})
    assert refused.value.field == field


def test_it_accepts_specific_descriptions_that_start_with_all(staff, family, parents):
    consent = record(
        staff, family.pupil, parents, data_description="All reports of the speech therapist on reading"
    )
    assert consent.pk


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"contains_health_data": True}, "Health data needs written consent (R-CON-4)."),
        (
            {"direction": ConsentDirection.OBTAIN, "counterparty_kind": CounterpartyKind.DOCTOR},
            "Asking a behavioural expert, doctor or care worker for information needs written consent "
            "(R-CON-4).",
        ),
        (
            {"direction": ConsentDirection.OBTAIN, "counterparty_kind": CounterpartyKind.BEHAVIOURAL_EXPERT},
            "needs written consent (R-CON-4)",
        ),
        (
            {"direction": ConsentDirection.OBTAIN, "counterparty_kind": CounterpartyKind.CARE_WORKER},
            "needs written consent (R-CON-4)",
        ),
        (
            {"media_publication": True, "counterparty_kind": CounterpartyKind.PUBLICATION},
            "Publishing a pupil's photo or video needs written consent (R-CON-5).",
        ),
    ],
    ids=["health", "doctor", "behavioural-expert", "care-worker", "media"],
)
def test_it_requires_written_consent_where_the_protocol_does_r_con_4_r_con_5(
    staff, family, parents, nothing_saved, values, message
):
    with (
        nothing_saved(),
        pytest.raises(DomainError, match=message.replace("(", r"\(").replace(")", r"\)")) as refused,
    ):
        record(staff, family.pupil, parents, **values)
    assert refused.value.field == "form"

    consent = record(staff, family.pupil, parents, form=ConsentForm.WRITTEN, **values)

    assert consent.document.storage.exists(consent.document.name)
    assert consent.document.name.startswith(f"subject_rights/consent/{family.pupil.organisation_id}/")


def test_it_accepts_oral_consent_to_share_with_a_doctor_when_no_health_data_is_involved(
    staff, family, parents
):
    assert (
        record(staff, family.pupil, parents, counterparty_kind=CounterpartyKind.DOCTOR).form
        == ConsentForm.ORAL
    )


def test_it_needs_the_document_for_written_consent_and_none_for_oral(staff, family, parents, nothing_saved):
    with nothing_saved(), pytest.raises(DomainError, match="signed consent document") as refused:
        record(staff, family.pupil, parents, form=ConsentForm.WRITTEN, document=None)
    assert refused.value.field == "document"
    with nothing_saved(), pytest.raises(DomainError, match="oral consent has no document"):
        record(staff, family.pupil, parents, document=SimpleUploadedFile("x.pdf", b"%PDF"))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("data_description", "Name, date of birth, 123456782"),
        ("data_description", "Name and 1234.56.782"),
        ("purpose", "TLV application for pupil 1112 22 333"),
        ("data_description", "Name, date of birth and BSN"),
        ("why_necessary", "Het burgerservicenummer identificeert de leerling."),
    ],
    ids=["number", "dotted", "spaced-in-purpose", "named", "named-in-dutch"],
)
def test_it_refuses_a_bsn_in_the_school_partnership_r_con_6(
    staff, family, parents, nothing_saved, field, value
):
    with nothing_saved(), pytest.raises(DomainError, match="R-CON-6") as refused:
        record(staff, family.pupil, parents, **{field: value})
    assert refused.value.field == field


def test_it_refuses_a_bsn_sent_to_the_partnership_by_a_school_r_con_6(db):
    school = OrganisationFactory(kind=OrganisationKind.SCHOOL, jurisdiction="NL")
    teacher = UserFactory(organisation=school, role=Role.CASEWORKER)
    pupil = PersonFactory(organisation=school, date_of_birth=dt.date(2017, 1, 1))
    mother = PersonFactory(organisation=school)
    relate(teacher, mother, pupil, RelationKind.PARENT, True)

    with pytest.raises(DomainError, match="R-CON-6"):
        record(
            teacher,
            pupil,
            [mother],
            counterparty_kind=CounterpartyKind.SCHOOL_PARTNERSHIP,
            data_description="Name, BSN 123456782",
        )
    # The same number to someone else is not the partnership's concern.
    assert record(teacher, pupil, [mother], data_description="Name, 123456782").pk


def test_it_accepts_nine_digits_that_are_not_a_bsn(staff, family, parents):
    assert record(staff, family.pupil, parents, data_description="Name, pupil number 123456789").pk


def test_it_spots_a_bsn_by_the_eleven_test():
    assert passes_elfproef("111222333")
    assert passes_elfproef("123456782")
    assert not passes_elfproef("123456789")
    assert not passes_elfproef("000000000")
    assert not passes_elfproef("12345678")
    assert contains_bsn_number("tel 0612345678, bsn 1234.56.782")
    assert not contains_bsn_number("1234567820")  # ten digits: not a BSN
    assert names_bsn("BSN") and names_bsn("citizen service number") and not names_bsn("absent")


@pytest.mark.parametrize(
    ("values", "today", "field"),
    [
        ({"given_on": dt.date(2026, 3, 3)}, dt.date(2026, 3, 2), "given_on"),
        ({"given_on": None}, GIVEN_ON, "given_on"),
        ({"valid_until": dt.date(2026, 3, 1)}, GIVEN_ON, "valid_until"),
        ({"direction": "lend"}, GIVEN_ON, "direction"),
        ({"counterparty_kind": "friend"}, GIVEN_ON, "counterparty_kind"),
        ({"form": "telepathy"}, GIVEN_ON, "form"),
        ({"given_by": []}, GIVEN_ON, "given_by"),
    ],
    ids=["future", "no-date", "ends-before-given", "direction", "kind", "form", "nobody"],
)
def test_it_refuses_bad_input(staff, family, parents, nothing_saved, values, today, field):
    arguments = {
        "acting_user": staff,
        "subject": family.pupil,
        "data_description": "School report",
        "purpose": "Support application",
        "direction": ConsentDirection.SHARE,
        "counterparty": "Support team",
        "counterparty_kind": CounterpartyKind.OTHER,
        "why_necessary": "Needed to assess it.",
        "given_by": parents,
        "form": ConsentForm.ORAL,
        "given_on": GIVEN_ON,
        **values,
    }
    with at(today), nothing_saved(), pytest.raises(DomainError) as refused:
        consent_record(**arguments)
    assert refused.value.field == field


def test_it_refuses_people_of_another_organisation(staff, family, parents, outsider, police):
    with pytest.raises(DomainError, match="not known"):
        record(staff, family.pupil, [*parents, PersonFactory(organisation=police)])
    with pytest.raises(NotAllowed):
        record(outsider, family.pupil, parents)
    auditor = UserFactory(organisation=family.pupil.organisation, role=Role.AUDITOR)
    with pytest.raises(NotAllowed):
        record(auditor, family.pupil, parents)


def test_it_records_relations_with_the_authority_their_kind_implies_r_con_3(staff, family):
    guardian = relate(staff, family.guardian, family.pupil, RelationKind.GUARDIAN_WITH_AUTHORITY)
    ots = relate(staff, family.ots, family.pupil, RelationKind.FAMILY_GUARDIAN_OTS)
    foster = relate(staff, family.foster, family.pupil, RelationKind.FOSTER_PARENT)

    assert (guardian.has_parental_authority, ots.has_parental_authority, foster.has_parental_authority) == (
        True,
        False,
        False,
    )
    assert DomainEvent.objects.filter(verb="legal_relation.recorded").count() == 3


@pytest.mark.parametrize(
    ("kind", "authority", "field", "message"),
    [
        (RelationKind.PARENT, None, "has_parental_authority", "Say whether this parent holds"),
        (RelationKind.FAMILY_GUARDIAN_OTS, True, "has_parental_authority", "OTS"),
        (RelationKind.FOSTER_PARENT, True, "has_parental_authority", "guardian with authority"),
        (RelationKind.GUARDIAN_WITH_AUTHORITY, False, "has_parental_authority", "holds parental authority"),
        ("uncle", True, "kind", "Unknown relation"),
    ],
)
def test_it_refuses_a_relation_that_contradicts_its_kind_r_con_3(
    staff, family, nothing_saved, kind, authority, field, message
):
    with nothing_saved(), pytest.raises(DomainError, match=message) as refused:
        relate(staff, family.mother, family.pupil, kind, authority)
    assert refused.value.field == field


def test_it_refuses_a_second_relation_for_the_same_pair_or_to_oneself(staff, family, police):
    relation = relate(staff, family.mother, family.pupil, RelationKind.PARENT, True)
    with pytest.raises(DomainError, match="already recorded"):
        relate(staff, family.mother, family.pupil, RelationKind.PARENT, False)
    with pytest.raises(DomainError, match="own parent"):
        relate(staff, family.pupil, family.pupil, RelationKind.PARENT, True)
    with pytest.raises(DomainError, match="not known"):
        relate(staff, PersonFactory(organisation=police), family.pupil, RelationKind.PARENT, True)

    with at(GIVEN_ON):
        legal_relation_end(
            acting_user=staff, relation=relation, ended_on=GIVEN_ON, reason="Authority ended by court."
        )
        with pytest.raises(DomainError, match="already ended"):
            legal_relation_end(acting_user=staff, relation=relation, ended_on=GIVEN_ON, reason="Again.")
        with pytest.raises(DomainError, match="reason"):
            legal_relation_end(acting_user=staff, relation=relation, ended_on=GIVEN_ON, reason="")
    assert relate(staff, family.mother, family.pupil, RelationKind.PARENT, False).pk
