"""The confiscated-device register (R-SAF-2): a chain of custody of appended steps; the
services refuse out-of-order steps and a search without the consent the policy requires."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from access_control.models import Role
from core.errors import DomainError, InvalidTransition, NotAllowed
from core.models import AccessLogEntry
from governance import selectors
from governance.models import ConfiscatedDevice, CustodyEvent, CustodyStep
from governance.services.devices import custody_record, device_confiscate
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(school):
    return UserFactory(organisation=school, role=Role.CASEWORKER, first_name="Tess", last_name="Teacher")


@pytest.fixture
def head_of_year(school):
    return UserFactory(organisation=school, role=Role.TEAM_LEADER, first_name="Hal", last_name="Head")


@pytest.fixture
def device(teacher, pupil):
    return device_confiscate(
        acting_user=teacher,
        pupil=pupil,
        description="Black iPhone 12",
        reason="Filming other pupils in the changing room.",
        location="Teacher's locked drawer, room 12",
        occurred_at=timezone.now() - dt.timedelta(hours=3),
    )


def _steps(device):
    return list(device.custody.order_by("sequence").values_list("sequence", "step"))


def test_the_chain_of_custody_appends_a_row_per_step(device, teacher, head_of_year, dsl):
    custody_record(
        acting_user=teacher,
        device=device,
        step="handed_over",
        holder=head_of_year,
        location="Safe in the head's office",
    )
    custody_record(
        acting_user=head_of_year,
        device=device,
        step="searched",
        consent_by="parent",
        consent_name="Mrs Pupil",
    )
    custody_record(
        acting_user=head_of_year, device=device, step="content_deleted", note="Video of pupils deleted."
    )
    custody_record(
        acting_user=dsl,
        device=device,
        step="released",
        released_to="Mrs Pupil",
        released_to_relationship="Mother",
    )

    assert _steps(device) == [
        (1, CustodyStep.SEIZED),
        (2, CustodyStep.HANDED_OVER),
        (3, CustodyStep.SEARCHED),
        (4, CustodyStep.CONTENT_DELETED),
        (5, CustodyStep.RELEASED),
    ]
    first, second = device.custody.order_by("sequence")[:2]
    assert (first.holder, first.location) == (
        teacher,
        "Teacher's locked drawer, room 12",
    )  # past rows unchanged
    assert (second.holder, second.location) == (head_of_year, "Safe in the head's office")
    searched = device.custody.get(step="searched")
    assert (searched.actor, searched.consent_by, searched.consent_name) == (
        head_of_year,
        "parent",
        "Mrs Pupil",
    )


def test_a_search_without_recorded_consent_is_refused(device, dsl):
    with pytest.raises(DomainError) as refused:
        custody_record(acting_user=dsl, device=device, step="searched")
    assert refused.value.field == "consent_by"
    with pytest.raises(DomainError) as refused:
        custody_record(acting_user=dsl, device=device, step="searched", consent_by="pupil")
    assert refused.value.field == "consent_name"
    assert _steps(device) == [(1, CustodyStep.SEIZED)]


def test_content_cannot_be_deleted_before_a_search(device, dsl):
    with pytest.raises(InvalidTransition):
        custody_record(acting_user=dsl, device=device, step="content_deleted", note="Deleted a video.")
    assert CustodyEvent.objects.count() == 1


def test_nothing_follows_a_release_and_seizure_is_only_the_first_step(device, dsl):
    with pytest.raises(InvalidTransition):
        custody_record(acting_user=dsl, device=device, step="seized")
    custody_record(
        acting_user=dsl,
        device=device,
        step="released",
        released_to="Mr Pupil",
        released_to_relationship="Father",
    )
    for step in ("handed_over", "searched", "released", "handed_to_police"):
        with pytest.raises(InvalidTransition):
            custody_record(
                acting_user=dsl, device=device, step=step, released_to="x", released_to_relationship="x"
            )
    assert CustodyEvent.objects.count() == 2


def test_a_release_needs_who_received_it_and_their_relationship(device, dsl):
    with pytest.raises(DomainError) as refused:
        custody_record(acting_user=dsl, device=device, step="released")
    assert refused.value.field == "released_to"
    with pytest.raises(DomainError) as refused:
        custody_record(acting_user=dsl, device=device, step="released", released_to="Someone")
    assert refused.value.field == "released_to_relationship"
    assert CustodyEvent.objects.count() == 1


def test_a_step_cannot_be_dated_before_the_previous_one(device, dsl):
    with pytest.raises(DomainError) as refused:
        custody_record(
            acting_user=dsl,
            device=device,
            step="handed_to_police",
            released_to="PC Jones",
            occurred_at=timezone.now() - dt.timedelta(days=2),
        )
    assert refused.value.field == "occurred_at"
    assert CustodyEvent.objects.count() == 1


def test_only_the_holder_the_dsl_team_or_leadership_record_custody(device, colleague, teacher):
    with pytest.raises(NotAllowed):
        custody_record(
            acting_user=colleague, device=device, step="handed_over", holder=colleague, location="Desk"
        )
    with pytest.raises(NotAllowed):  # the holder may hand it on, but a search is for leadership
        custody_record(
            acting_user=teacher, device=device, step="searched", consent_by="pupil", consent_name="Sam"
        )
    assert CustodyEvent.objects.count() == 1


def test_confiscation_needs_a_pupil_of_the_school_and_where_it_is_stored(teacher, pupil, other_school):
    with pytest.raises(DomainError):
        device_confiscate(acting_user=teacher, pupil=None, description="Phone", reason="x", location="Drawer")
    with pytest.raises(DomainError):
        device_confiscate(
            acting_user=teacher,
            pupil=PersonFactory(organisation=other_school),
            description="Phone",
            reason="x",
            location="D",
        )
    with pytest.raises(DomainError) as refused:
        device_confiscate(acting_user=teacher, pupil=pupil, description="Phone", reason="x", location=" ")
    assert refused.value.field == "location"
    assert (ConfiscatedDevice.objects.count(), CustodyEvent.objects.count()) == (0, 0)


def test_the_register_is_visible_to_the_dsl_team_and_those_in_the_chain(
    device, teacher, dsl, colleague, outsider
):
    assert list(selectors.devices_visible_to(dsl)) == [device]
    assert list(selectors.devices_visible_to(teacher)) == [device]
    assert list(selectors.devices_visible_to(colleague)) == []
    assert list(selectors.devices_visible_to(outsider)) == []


# --- Pages -------------------------------------------------------------------------------


def test_the_device_page_shows_the_chain_and_retention_and_logs_the_read(client, device, dsl, pupil):
    client.force_login(dsl)

    response = client.get(reverse("governance:device_detail", args=[device.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Chain of custody" in body and "Teacher&#x27;s locked drawer, room 12" in body
    assert "14 March 2037" in body  # SCH-SAFEGUARDING: until the pupil (born 2012) is 25
    assert AccessLogEntry.objects.filter(user=dsl, object_id=pupil.pk).exists()


@pytest.mark.parametrize("persona", ["colleague", "outsider"])
def test_the_device_page_is_refused_to_the_uninvolved(client, device, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("governance:device_detail", args=[device.pk])).status_code == 404
    response = client.post(
        reverse("governance:custody_record", args=[device.pk]),
        {"custody-step": "released", "custody-released_to": "x", "custody-released_to_relationship": "x"},
    )
    assert response.status_code == 404
    assert CustodyEvent.objects.count() == 1


def test_a_teacher_records_a_confiscation_in_the_browser(client, teacher, pupil):
    from tests.factories import DossierFactory, DossierMemberFactory, grant

    dossier = DossierFactory(organisation=teacher.organisation)
    DossierMemberFactory(dossier=dossier, person=pupil)
    grant(teacher, dossier)
    client.force_login(teacher)

    response = client.post(
        reverse("governance:device_create"),
        {
            "pupil": pupil.pk,
            "description": "Tablet",
            "reason": "Used in an exam.",
            "location": "Exams office safe",
        },
    )

    device = ConfiscatedDevice.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "governance:device_detail", args=[device.pk]
    )
    assert device.custody.get().holder == teacher


def test_a_search_without_consent_is_shown_as_an_error_in_the_browser(client, device, dsl):
    client.force_login(dsl)

    response = client.post(
        reverse("governance:custody_record", args=[device.pk]), {"custody-step": "searched"}
    )

    assert response.status_code == 200
    assert "A search needs the consent of the pupil or a parent or carer" in response.content.decode()
    assert CustodyEvent.objects.count() == 1


def test_the_device_list_shows_the_teacher_their_device(client, device, teacher, colleague):
    client.force_login(teacher)
    assert device.reference in client.get(reverse("governance:device_list")).content.decode()
    client.force_login(colleague)
    assert device.reference not in client.get(reverse("governance:device_list")).content.decode()
