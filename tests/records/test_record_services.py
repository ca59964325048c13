"""record_create, record_subject_add, record_copy_add, subject_event_record (R-REC-1..4)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from access_control.models import Role
from core.errors import DomainError
from core.models import DomainEvent
from records.models import (
    CopyKind,
    Person,
    RecordCategory,
    RecordFormat,
    RecordGroupObjectPermission,
    SubjectEventKind,
    SubjectRole,
)
from records.selectors import records_visible_to
from records.services import (
    CopyInput,
    PersonInput,
    SubjectInput,
    record_copy_add,
    record_create,
    record_subject_add,
    subject_event_record,
)
from tests.factories import (
    InformationAssetFactory,
    PersonFactory,
    RecordClassFactory,
    RecordFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture
def create(caseworker, policing_class, asset):
    """record_create with valid defaults; each test overrides what it is about."""

    def call(**overrides):
        fields = dict(
            acting_user=caseworker,
            reference="HDP-2024-00001",
            title="Burglary dwelling — crime report",
            category=RecordCategory.POLICING_PURPOSE,
            record_class=policing_class,
            information_asset=asset,
            format=RecordFormat.DIGITAL,
            created_on=datetime.date(2024, 2, 1),
            copies=[CopyInput(CopyKind.ELECTRONIC, "Niche RMS", caseworker.pk)],
        )
        fields.update(overrides)
        return record_create(**fields)

    return call


def test_it_creates_a_record_with_subjects_copies_grants_and_events(create, caseworker, unit, colleague):
    victim = PersonFactory(organisation=caseworker.organisation)
    record = create(
        format=RecordFormat.BOTH,
        unit=unit,
        closed_on=datetime.date(2024, 6, 1),
        subjects=[
            SubjectInput(
                SubjectRole.SUSPECT, new_person=PersonInput("Rhys", "Evans", datetime.date(1990, 1, 2))
            ),
            SubjectInput(SubjectRole.VICTIM, person=victim),
        ],
        copies=[
            CopyInput(CopyKind.ELECTRONIC, "Niche RMS", caseworker.pk),
            CopyInput(CopyKind.PAPER, " Archive room B, shelf 3, box 2024/001 ", colleague.pk),
        ],
    )

    assert record.organisation == caseworker.organisation
    assert record.created_by == caseworker
    assert set(record.subject_links.values_list("person__family_name", "role")) == {
        ("Evans", "suspect"),
        (victim.family_name, "victim"),
    }
    assert sorted(record.copies.values_list("kind", "location", "custodian")) == [
        ("electronic", "Niche RMS", caseworker.pk),
        ("paper", "Archive room B, shelf 3, box 2024/001", colleague.pk),
    ]
    # The creator and their team are involved (R-ACC-5); a colleague is not.
    assert list(records_visible_to(caseworker)) == [record]
    assert RecordGroupObjectPermission.objects.filter(content_object=record, group=unit.group).count() == 2
    assert list(records_visible_to(colleague)) == []
    created = DomainEvent.objects.get(verb="record.created", target_id=str(record.pk))
    assert created.actor == caseworker
    assert DomainEvent.objects.filter(verb="involvement.granted", target_id=str(record.pk)).count() == 2
    assert DomainEvent.objects.filter(verb="person.created", actor=caseworker).count() == 1
    assert LogEntry.objects.get_for_object(record).filter(action=LogEntry.Action.CREATE).exists()


def test_it_accepts_a_business_record_in_a_business_class(create, business_class, caseworker):
    record = create(category=RecordCategory.BUSINESS, record_class=business_class, reference="CORP-1")

    assert record.category == RecordCategory.BUSINESS


def _other_org_objects():
    return {
        "record_class": RecordClassFactory(category=RecordCategory.POLICING_PURPOSE),
        "information_asset": InformationAssetFactory(),
        "unit": UnitFactory(),
    }


@pytest.mark.parametrize("field", ["record_class", "information_asset", "unit"])
def test_it_refuses_a_class_asset_or_unit_of_another_organisation(create, nothing_saved, field):
    foreign = _other_org_objects()[field]

    with nothing_saved(), pytest.raises(DomainError) as refused:
        create(**{field: foreign})

    assert refused.value.field == field


def test_it_refuses_a_record_class_of_the_other_category_r_rec_2(create, business_class, nothing_saved):
    with nothing_saved(), pytest.raises(DomainError, match="other category") as refused:
        create(record_class=business_class)

    assert refused.value.field == "record_class"


def test_it_refuses_a_custodian_of_another_organisation(create, outsider, nothing_saved):
    with nothing_saved(), pytest.raises(DomainError) as refused:
        create(copies=[CopyInput(CopyKind.ELECTRONIC, "Niche RMS", outsider.pk)])

    assert refused.value.field == "copies"


def test_it_refuses_an_inactive_custodian(create, organisation, nothing_saved):
    gone = UserFactory(organisation=organisation, is_active=False)

    with nothing_saved(), pytest.raises(DomainError):
        create(copies=[CopyInput(CopyKind.ELECTRONIC, "Niche RMS", gone.pk)])


@pytest.mark.parametrize("fmt", [RecordFormat.PAPER, RecordFormat.BOTH])
def test_it_refuses_a_paper_record_without_a_paper_copy_r_rec_3(create, caseworker, nothing_saved, fmt):
    with nothing_saved(), pytest.raises(DomainError, match="paper copy") as refused:
        create(format=fmt, copies=[CopyInput(CopyKind.ELECTRONIC, "Niche RMS", caseworker.pk)])

    assert refused.value.field == "copies"


@pytest.mark.parametrize(
    ("copy_kind", "location"),
    [("microfiche", "Basement"), (CopyKind.PAPER, "   ")],
    ids=["unknown-kind", "no-location"],
)
def test_it_refuses_an_invalid_copy(create, caseworker, nothing_saved, copy_kind, location):
    with nothing_saved(), pytest.raises(DomainError) as refused:
        create(copies=[CopyInput(copy_kind, location, caseworker.pk)])

    assert refused.value.field == "copies"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reference": "  "}, "reference"),
        ({"title": ""}, "title"),
        ({"created_on": TOMORROW}, "created_on"),
        ({"created_on": datetime.date(2024, 2, 1), "closed_on": datetime.date(2024, 1, 31)}, "closed_on"),
    ],
    ids=["no-reference", "no-title", "created-in-the-future", "closed-before-created"],
)
def test_it_refuses_invalid_fields(create, nothing_saved, overrides, field):
    with nothing_saved(), pytest.raises(DomainError) as refused:
        create(**overrides)

    assert refused.value.field == field


def test_it_refuses_a_duplicate_reference_in_the_organisation(create, nothing_saved):
    create(reference="HDP-2024-00001")

    with nothing_saved(), pytest.raises(DomainError, match="already exists") as refused:
        create(reference=" HDP-2024-00001 ")

    assert refused.value.field == "reference"


def test_it_allows_the_same_reference_in_another_organisation(create, outsider):
    RecordFactory(organisation=outsider.organisation, reference="HDP-2024-00001")

    assert create(reference="HDP-2024-00001").reference == "HDP-2024-00001"


def test_it_refuses_the_same_person_twice_and_leaves_no_half_written_people(
    create, caseworker, nothing_saved
):
    twice = PersonFactory(organisation=caseworker.organisation)
    subjects = [
        SubjectInput(SubjectRole.WITNESS, new_person=PersonInput("Nia", "Pritchard")),
        SubjectInput(SubjectRole.SUSPECT, person=twice),
        SubjectInput(SubjectRole.VICTIM, person=twice),
    ]

    with nothing_saved(), pytest.raises(DomainError, match="already linked") as refused:
        create(subjects=subjects)

    assert refused.value.field == "subjects"
    assert not Person.objects.filter(family_name="Pritchard").exists()


def test_it_refuses_an_unknown_subject_role_after_registering_a_new_person(create, nothing_saved):
    subjects = [SubjectInput("bystander", new_person=PersonInput("Nia", "Pritchard"))]

    with nothing_saved(), pytest.raises(DomainError) as refused:
        create(subjects=subjects)

    assert refused.value.field == "subjects"


def test_it_refuses_a_subject_of_another_organisation(create, outsider, nothing_saved):
    foreign = PersonFactory(organisation=outsider.organisation)

    with nothing_saved(), pytest.raises(DomainError) as refused:
        create(subjects=[SubjectInput(SubjectRole.SUSPECT, person=foreign)])

    assert refused.value.field == "person"


def test_it_refuses_a_subject_that_is_neither_existing_nor_new(create, nothing_saved):
    with nothing_saved(), pytest.raises(DomainError, match="Choose a person"):
        create(subjects=[SubjectInput(SubjectRole.SUSPECT)])


# --- record_subject_add ------------------------------------------------------------------


@pytest.fixture
def record(create):
    return create()


def test_it_adds_a_subject_to_a_record_with_a_domain_event(record, caseworker):
    person = PersonFactory(organisation=caseworker.organisation)

    link = record_subject_add(
        acting_user=caseworker, record=record, subject=SubjectInput(SubjectRole.WITNESS, person=person)
    )

    assert (link.record, link.person, link.role) == (record, person, SubjectRole.WITNESS)
    event = DomainEvent.objects.get(verb="record.subject_added", target_id=str(record.pk))
    assert (event.actor, event.data) == (caseworker, {"person": person.pk})


def test_it_refuses_to_link_a_person_to_a_record_twice(record, caseworker, nothing_saved):
    person = PersonFactory(organisation=caseworker.organisation)
    record_subject_add(
        acting_user=caseworker, record=record, subject=SubjectInput(SubjectRole.WITNESS, person=person)
    )

    with nothing_saved(), pytest.raises(DomainError, match="already linked"):
        record_subject_add(
            acting_user=caseworker, record=record, subject=SubjectInput(SubjectRole.VICTIM, person=person)
        )


def test_it_refuses_to_link_a_person_of_another_organisation(record, caseworker, outsider, nothing_saved):
    foreign = PersonFactory(organisation=outsider.organisation)

    with nothing_saved(), pytest.raises(DomainError):
        record_subject_add(
            acting_user=caseworker, record=record, subject=SubjectInput(SubjectRole.VICTIM, person=foreign)
        )


# --- record_copy_add ---------------------------------------------------------------------


def test_it_adds_a_copy_with_a_domain_event_r_rec_3(record, caseworker):
    copy = record_copy_add(
        acting_user=caseworker, record=record, copy=CopyInput(CopyKind.CLOUD, " SharePoint ", caseworker.pk)
    )

    assert (copy.kind, copy.location, copy.custodian) == (CopyKind.CLOUD, "SharePoint", caseworker)
    event = DomainEvent.objects.get(verb="record.copy_added", target_id=str(record.pk))
    assert (event.actor, event.data) == (caseworker, {"copy": copy.pk})


def test_it_refuses_a_copy_held_by_someone_of_another_organisation(
    record, caseworker, outsider, nothing_saved
):
    with nothing_saved(), pytest.raises(DomainError) as refused:
        record_copy_add(
            acting_user=caseworker,
            record=record,
            copy=CopyInput(CopyKind.PAPER, "Their archive", outsider.pk),
        )

    assert refused.value.field == "copies"


# --- subject_event_record ----------------------------------------------------------------


def test_it_records_a_subject_event_with_its_organisation_and_actor(record, caseworker):
    person = PersonFactory(organisation=caseworker.organisation)

    event = subject_event_record(
        acting_user=caseworker,
        person=person,
        kind=SubjectEventKind.ARREST,
        occurred_on=datetime.date(2019, 5, 1),
        record=record,
        description="Arrested on suspicion of burglary.",
    )

    assert (event.organisation, event.person, event.record, event.recorded_by) == (
        caseworker.organisation,
        person,
        record,
        caseworker,
    )
    logged = DomainEvent.objects.get(verb="subject_event.recorded", target_id=str(event.pk))
    assert logged.actor == caseworker


@pytest.mark.parametrize(
    ("kind", "occurred_on", "field"),
    [
        ("parking_ticket", datetime.date(2020, 1, 1), "kind"),
        (SubjectEventKind.ARREST, TOMORROW, "occurred_on"),
    ],
    ids=["unknown-kind", "in-the-future"],
)
def test_it_refuses_an_invalid_subject_event(caseworker, nothing_saved, kind, occurred_on, field):
    person = PersonFactory(organisation=caseworker.organisation)

    with nothing_saved(), pytest.raises(DomainError) as refused:
        subject_event_record(acting_user=caseworker, person=person, kind=kind, occurred_on=occurred_on)

    assert refused.value.field == field


def test_it_refuses_an_event_linking_a_record_and_a_person_of_different_organisations(
    record, outsider, nothing_saved
):
    foreign = PersonFactory(organisation=outsider.organisation)

    with nothing_saved(), pytest.raises(DomainError) as refused:
        subject_event_record(
            acting_user=outsider,
            person=foreign,
            kind=SubjectEventKind.INTELLIGENCE,
            occurred_on=datetime.date(2020, 1, 1),
            record=record,
        )

    assert refused.value.field == "record"


def test_it_lets_the_records_officer_register_a_record_too(create, organisation):
    officer = UserFactory(organisation=organisation, role=Role.RECORDS_OFFICER)

    record = create(acting_user=officer, copies=[CopyInput(CopyKind.ELECTRONIC, "Niche RMS", officer.pk)])

    assert record.created_by == officer
