"""Household dossiers: create, members, entries (R-DOS-1/2), close and reopen (R-WMO-5)."""

import datetime
import hashlib
import io

import pytest
from auditlog.models import LogEntry
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import timezone

from core.errors import DomainError, InvalidTransition
from core.models import DomainEvent
from records.models import (
    Dossier,
    DossierGroupObjectPermission,
    DossierStatus,
    DossierStatusChange,
    EntryAttachment,
    EntryKind,
    EntryNature,
    MemberRole,
    Person,
)
from records.selectors import dossiers_visible_to
from records.services import (
    MemberInput,
    PersonInput,
    dossier_close,
    dossier_create,
    dossier_entry_add,
    dossier_member_add,
    dossier_reopen,
)
from records.services.dossiers import MAX_ATTACHMENT_BYTES
from tests.factories import OrganisationFactory, PersonFactory, RecordClassFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def household() -> list[MemberInput]:
    return [
        MemberInput(
            MemberRole.PARENT_CARER, new_person=PersonInput("Sanne", "de Vries", datetime.date(1988, 5, 6))
        ),
        MemberInput(MemberRole.CHILD, new_person=PersonInput("Daan", "de Vries", datetime.date(2015, 3, 4))),
    ]


@pytest.fixture
def create(caseworker):
    def call(**overrides):
        fields = dict(
            acting_user=caseworker,
            household_name="Familie de Vries",
            report_date=datetime.date(2024, 3, 1),
            members=household(),
        )
        fields.update(overrides)
        return dossier_create(**fields)

    return call


@pytest.fixture
def dossier(create):
    return create()


# --- dossier_create ----------------------------------------------------------------------


def test_it_opens_a_dossier_with_members_report_grants_and_events_r_dos_1(
    create, caseworker, unit, colleague
):
    reporter = PersonFactory(organisation=caseworker.organisation, date_of_birth=None)
    record_class = RecordClassFactory(organisation=caseworker.organisation, code="VT-DOSSIER")

    dossier = create(
        members=[*household(), MemberInput(MemberRole.REPORTER, person=reporter)],
        report_text="  De school meldt zorgen over Daan.  ",
        report_source="School (intern begeleider)",
        unit=unit,
        record_class=record_class,
    )

    assert dossier.status == DossierStatus.OPEN
    assert dossier.closed_on is None
    assert (dossier.unit, dossier.record_class, dossier.created_by) == (unit, record_class, caseworker)
    assert sorted(dossier.members.values_list("role", "person__given_names")) == [
        ("child", "Daan"),
        ("parent_carer", "Sanne"),
        ("reporter", reporter.given_names),
    ]
    report = dossier.entries.get()
    assert (report.kind, report.nature, report.body, report.source) == (
        EntryKind.REPORT,
        EntryNature.FACT,
        "De school meldt zorgen over Daan.",
        "School (intern begeleider)",
    )
    assert report.concerns.count() == 3
    assert list(dossiers_visible_to(caseworker)) == [dossier]
    assert DossierGroupObjectPermission.objects.filter(content_object=dossier, group=unit.group).count() == 2
    assert list(dossiers_visible_to(colleague)) == []
    created = DomainEvent.objects.get(verb="dossier.created", target_id=str(dossier.pk))
    assert (created.actor, created.organisation) == (caseworker, caseworker.organisation)
    assert LogEntry.objects.get_for_object(dossier).filter(action=LogEntry.Action.CREATE).exists()


def test_it_opens_a_dossier_without_a_report_entry_when_no_text_is_given(create):
    assert create(report_text="   ").entries.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"household_name": "  "}, "household_name"),
        ({"report_date": TOMORROW}, "report_date"),
        ({"members": []}, "members"),
    ],
    ids=["no-household-name", "report-in-the-future", "no-members"],
)
def test_it_refuses_an_invalid_dossier(create, nothing_saved, overrides, field):
    with nothing_saved(), pytest.raises(DomainError) as refused:
        create(**overrides)

    assert refused.value.field == field


def test_it_refuses_a_duplicate_dossier_reference(create, nothing_saved):
    create(reference="VT-2024-00001")

    with nothing_saved(), pytest.raises(DomainError, match="already exists") as refused:
        create(reference=" VT-2024-00001 ")

    assert refused.value.field == "reference"


def test_it_refuses_the_same_person_twice_in_one_household_and_writes_no_one(
    create, caseworker, nothing_saved
):
    twice = PersonFactory(organisation=caseworker.organisation)
    members = [
        MemberInput(MemberRole.PARENT_CARER, new_person=PersonInput("Sanne", "Bakker")),
        MemberInput(MemberRole.CHILD, person=twice),
        MemberInput(MemberRole.OTHER_INVOLVED, person=twice),
    ]

    with nothing_saved(), pytest.raises(DomainError, match="already a member") as refused:
        create(members=members)

    assert refused.value.field == "members"
    assert not Person.objects.filter(family_name="Bakker").exists()


def test_it_refuses_an_unknown_member_role(create, nothing_saved):
    with nothing_saved(), pytest.raises(DomainError) as refused:
        create(members=[*household(), MemberInput("neighbour", new_person=PersonInput("Piet", "Smit"))])

    assert refused.value.field == "members"


def test_it_refuses_a_member_of_another_organisation(create, outsider, nothing_saved):
    foreign = PersonFactory(organisation=outsider.organisation)

    with nothing_saved(), pytest.raises(DomainError) as refused:
        create(members=[MemberInput(MemberRole.CHILD, person=foreign)])

    assert refused.value.field == "person"


@pytest.mark.parametrize("field", ["unit", "record_class"])
def test_it_refuses_a_unit_or_record_class_of_another_organisation(
    create, other_organisation, nothing_saved, field
):
    foreign = {
        "unit": UnitFactory(organisation=other_organisation),
        "record_class": RecordClassFactory(organisation=other_organisation),
    }[field]

    with nothing_saved(), pytest.raises(DomainError) as refused:
        create(**{field: foreign})

    assert refused.value.field == field


# --- reference generation ----------------------------------------------------------------


def test_it_numbers_references_per_organisation_and_report_year(create, caseworker):
    first = create(report_date=datetime.date(2024, 3, 1))
    second = create(report_date=datetime.date(2024, 11, 30))
    other_year = create(report_date=datetime.date(2023, 12, 31))
    other_org = OrganisationFactory(slug="vtzb")
    elsewhere = create(acting_user=UserFactory(organisation=other_org), report_date=datetime.date(2024, 5, 1))
    third = create(report_date=datetime.date(2024, 6, 1))

    assert [first.reference, second.reference, third.reference] == [
        "VT-2024-00001",
        "VT-2024-00002",
        "VT-2024-00003",
    ]
    assert other_year.reference == "VT-2023-00001"
    assert elsewhere.reference == "VTZB-2024-00001"


def test_it_continues_after_a_reference_given_by_hand(create):
    create(reference="VT-2024-00007")

    assert create().reference == "VT-2024-00008"


def test_it_continues_after_the_highest_number_not_the_last_string(create):
    create(reference="VT-2024-00009")
    create(reference="VT-2024-12")

    assert create().reference == "VT-2024-00013"


def test_it_keeps_numbering_when_a_hand_given_reference_is_not_numeric(create):
    """An imported reference like VT-2024-IMPORT must not reset or break the numbering."""
    create()
    create(reference="VT-2024-IMPORT")

    assert create().reference == "VT-2024-00002"


# --- dossier_member_add ------------------------------------------------------------------


def test_it_adds_a_member_with_a_domain_event(dossier, caseworker):
    added = dossier_member_add(
        acting_user=caseworker,
        dossier=dossier,
        member=MemberInput(
            MemberRole.CHILD, new_person=PersonInput("Lotte", "de Vries", datetime.date(2024, 1, 9))
        ),
    )

    assert (added.dossier, added.role, added.person.given_names) == (dossier, MemberRole.CHILD, "Lotte")
    event = DomainEvent.objects.get(verb="dossier.member_added", target_id=str(dossier.pk))
    assert (event.actor, event.data) == (caseworker, {"member": added.pk, "role": "child"})


def test_it_refuses_to_add_an_existing_member_again(dossier, caseworker, nothing_saved):
    existing = dossier.members.first().person

    with nothing_saved(), pytest.raises(DomainError, match="already a member"):
        dossier_member_add(
            acting_user=caseworker,
            dossier=dossier,
            member=MemberInput(MemberRole.OTHER_INVOLVED, person=existing),
        )


# --- dossier_entry_add -------------------------------------------------------------------


@pytest.fixture
def add_entry(dossier, caseworker):
    def call(**overrides):
        fields = dict(
            acting_user=caseworker,
            dossier=dossier,
            kind=EntryKind.SAFETY_ASSESSMENT,
            nature=EntryNature.OPINION,
            body="Geen acute onveiligheid.",
            concerns=list(dossier.members.all()),
        )
        fields.update(overrides)
        return dossier_entry_add(**fields)

    return call


@pytest.fixture(autouse=True)
def empty_storage(settings):
    """A fresh in-memory file storage per test, so "no file left behind" can be checked."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def stored_files(organisation) -> set[str]:
    try:
        return set(default_storage.listdir(f"attachments/{organisation.pk}")[1])
    except FileNotFoundError:
        return set()


def test_it_adds_an_entry_with_an_attachment_stored_with_its_sha256_and_size(add_entry, dossier, caseworker):
    content = b"%PDF-1.4 verslag huisbezoek"
    upload = SimpleUploadedFile("verslag.pdf", content, content_type="application/pdf")

    entry = add_entry(
        kind=EntryKind.INVESTIGATION,
        nature=EntryNature.FACT,
        body=" Huisbezoek afgelegd. ",
        source="Jeugdarts",
        not_current_contact=True,
        attachments=[upload],
    )

    assert (entry.kind, entry.nature, entry.body, entry.source, entry.not_current_contact) == (
        EntryKind.INVESTIGATION,
        EntryNature.FACT,
        "Huisbezoek afgelegd.",
        "Jeugdarts",
        True,
    )
    assert entry.author == caseworker
    assert set(entry.concerns.all()) == set(dossier.members.all())
    attachment = entry.attachments.get()
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.size == len(content)
    assert (attachment.original_name, attachment.content_type) == ("verslag.pdf", "application/pdf")
    # The stored name is random: the original file name may itself be personal data.
    assert "verslag" not in attachment.file.name
    with default_storage.open(attachment.file.name) as stored:
        assert stored.read() == content
    event = DomainEvent.objects.get(verb="dossier.entry_added", target_id=str(dossier.pk))
    assert (event.actor, event.data) == (caseworker, {"entry": entry.pk})
    assert LogEntry.objects.get_for_object(entry).filter(action=LogEntry.Action.CREATE).exists()


def test_it_records_to_whom_information_was_shared(add_entry):
    entry = add_entry(kind=EntryKind.SHARED_WITH_THIRD_PARTY, nature=EntryNature.FACT, recipient=" Wijkteam ")

    assert entry.recipient == "Wijkteam"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": ""}, "kind"),
        ({"kind": "gossip"}, "kind"),
        ({"nature": ""}, "nature"),
        ({"nature": "rumour"}, "nature"),
        ({"body": "   "}, "body"),
        ({"concerns": []}, "concerns"),
        ({"kind": EntryKind.SHARED_WITH_THIRD_PARTY, "recipient": "  "}, "recipient"),
    ],
    ids=[
        "no-kind",
        "unknown-kind",
        "no-nature",
        "unknown-nature",
        "no-text",
        "no-concerns",
        "shared-no-recipient",
    ],
)
def test_it_refuses_an_invalid_entry_r_dos_2(add_entry, dossier, nothing_saved, overrides, field):
    upload = SimpleUploadedFile("notitie.txt", b"notitie")

    with nothing_saved(), pytest.raises(DomainError) as refused:
        add_entry(attachments=[upload], **overrides)

    assert refused.value.field == field
    assert stored_files(dossier.organisation) == set()


def test_it_refuses_an_entry_concerning_members_of_another_dossier(add_entry, create, nothing_saved):
    other = create(household_name="Familie Jansen")

    with nothing_saved(), pytest.raises(DomainError) as refused:
        add_entry(concerns=list(other.members.all()))

    assert refused.value.field == "concerns"


def test_it_refuses_an_attachment_larger_than_the_limit(add_entry, nothing_saved):
    too_big = UploadedFile(io.BytesIO(b"x"), name="scan.tiff", size=MAX_ATTACHMENT_BYTES + 1)

    with nothing_saved(), pytest.raises(DomainError) as refused:
        add_entry(attachments=[too_big])

    assert refused.value.field == "attachments"


class UnreadableUpload(SimpleUploadedFile):
    """An upload whose reading fails, as when the client disconnects halfway."""

    def chunks(self, chunk_size=None):
        raise OSError("connection reset while reading the upload")


def test_it_removes_files_already_stored_when_the_entry_fails(add_entry, dossier, nothing_saved):
    first = SimpleUploadedFile("eerste.pdf", b"first file")
    broken = UnreadableUpload("tweede.pdf", b"second file")

    with nothing_saved(), pytest.raises(OSError, match="connection reset"):
        add_entry(attachments=[first, broken])

    assert stored_files(dossier.organisation) == set()
    assert not EntryAttachment.objects.exists()


# --- dossier_close / dossier_reopen ------------------------------------------------------


def test_it_closes_a_dossier_with_a_status_change_and_a_domain_event(dossier, caseworker):
    closed = dossier_close(
        acting_user=caseworker, dossier=dossier, closed_on=datetime.date(2024, 9, 1), reason="Overgedragen."
    )

    assert (closed.status, closed.closed_on) == (DossierStatus.CLOSED, datetime.date(2024, 9, 1))
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.CLOSED
    change = DossierStatusChange.objects.get(dossier=dossier)
    assert (change.old_status, change.new_status, change.closed_on, change.reason, change.changed_by) == (
        DossierStatus.OPEN,
        DossierStatus.CLOSED,
        datetime.date(2024, 9, 1),
        "Overgedragen.",
        caseworker,
    )
    event = DomainEvent.objects.get(verb="dossier.closed", target_id=str(dossier.pk))
    assert (event.actor, event.reason) == (caseworker, "Overgedragen.")
    assert event.data == {"from": "open", "closed_on": "2024-09-01"}


def test_it_may_close_on_the_report_date_itself(dossier, caseworker):
    closed = dossier_close(acting_user=caseworker, dossier=dossier, closed_on=dossier.report_date)

    assert closed.closed_on == dossier.report_date


@pytest.mark.parametrize(
    "closed_on",
    [datetime.date(2024, 2, 29), TOMORROW, None],
    ids=["before-the-report-date", "in-the-future", "no-date"],
)
def test_it_refuses_an_invalid_closing_date(dossier, caseworker, nothing_saved, closed_on):
    with nothing_saved(), pytest.raises(DomainError) as refused:
        dossier_close(acting_user=caseworker, dossier=dossier, closed_on=closed_on)

    assert refused.value.field == "closed_on"
    dossier.refresh_from_db()
    assert (dossier.status, dossier.closed_on) == (DossierStatus.OPEN, None)


def test_it_refuses_to_close_a_closed_dossier(dossier, caseworker, nothing_saved):
    dossier_close(acting_user=caseworker, dossier=dossier, closed_on=datetime.date(2024, 9, 1))

    with nothing_saved(), pytest.raises(InvalidTransition):
        dossier_close(acting_user=caseworker, dossier=dossier, closed_on=datetime.date(2024, 10, 1))

    dossier.refresh_from_db()
    assert dossier.closed_on == datetime.date(2024, 9, 1)


def test_it_reopens_a_closed_dossier_without_a_closing_date_r_wmo_5(dossier, caseworker):
    dossier_close(acting_user=caseworker, dossier=dossier, closed_on=datetime.date(2024, 9, 1))

    reopened = dossier_reopen(acting_user=caseworker, dossier=dossier, reason="Nieuwe melding.")

    assert (reopened.status, reopened.closed_on) == (DossierStatus.REOPENED, None)
    assert list(
        DossierStatusChange.objects.filter(dossier=dossier).values_list("old_status", "new_status")
    ) == [
        ("open", "closed"),
        ("closed", "reopened"),
    ]
    event = DomainEvent.objects.get(verb="dossier.reopened", target_id=str(dossier.pk))
    assert (event.actor, event.reason) == (caseworker, "Nieuwe melding.")


def test_it_closes_a_reopened_dossier_again(dossier, caseworker):
    dossier_close(acting_user=caseworker, dossier=dossier, closed_on=datetime.date(2024, 9, 1))
    reopened = dossier_reopen(acting_user=caseworker, dossier=dossier, reason="Nieuwe melding.")

    closed = dossier_close(acting_user=caseworker, dossier=reopened, closed_on=datetime.date(2025, 2, 1))

    assert (closed.status, closed.closed_on) == (DossierStatus.CLOSED, datetime.date(2025, 2, 1))


def test_it_refuses_to_reopen_an_open_dossier(dossier, caseworker, nothing_saved):
    with nothing_saved(), pytest.raises(InvalidTransition) as refused:
        dossier_reopen(acting_user=caseworker, dossier=dossier, reason="Nieuwe melding.")

    assert refused.value.field == "status"
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.OPEN


@pytest.mark.parametrize("reason", ["", "   "])
def test_it_refuses_to_reopen_without_a_reason(dossier, caseworker, nothing_saved, reason):
    dossier_close(acting_user=caseworker, dossier=dossier, closed_on=datetime.date(2024, 9, 1))

    with nothing_saved(), pytest.raises(DomainError) as refused:
        dossier_reopen(acting_user=caseworker, dossier=dossier, reason=reason)

    assert refused.value.field == "reason"
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.CLOSED
