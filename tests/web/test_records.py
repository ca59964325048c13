"""The records register (R-REC-1..4): list, register, read, copies, subjects and events."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from records.models import Person, Record, RecordCategory, RecordCopy, RecordSubject, SubjectEvent
from tests.factories import RecordClassFactory, RecordFactory, RecordSubjectFactory, grant
from tests.web import payloads

pytestmark = pytest.mark.django_db

LIST_URL = reverse("records:list")
CREATE_URL = reverse("records:create")


def _url(name: str, record) -> str:
    return reverse(f"records:{name}", kwargs={"pk": record.pk})


def _counts() -> tuple[int, int, int, int]:
    return (
        Record.objects.count(),
        RecordSubject.objects.count(),
        RecordCopy.objects.count(),
        Person.objects.count(),
    )


# --- list ------------------------------------------------------------------------------


def test_it_lists_only_the_records_the_user_is_involved_in(login, owner, colleague, outsider, record):
    assert record.reference in login(owner).get(LIST_URL).content.decode()
    assert record.reference not in login(colleague).get(LIST_URL).content.decode()
    assert record.reference not in login(outsider).get(LIST_URL).content.decode()


@pytest.mark.parametrize("query", ["REC-0001", "custody", "Hendriks", "07-07-1990"])
def test_it_finds_a_record_by_reference_title_subject_or_birth_date(login, owner, record, query):
    # A fixed reference: a sequence number such as REC-000100 would also match "REC-0001".
    grant(owner, RecordFactory(organisation=owner.organisation, reference="FIN-0002", title="Finance ledger"))

    response = login(owner).get(LIST_URL, {"q": query})

    assert list(response.context["page"].object_list) == [record]


def test_it_filters_on_category(login, owner, record):
    business = RecordFactory(organisation=owner.organisation, category=RecordCategory.BUSINESS)
    grant(owner, business)

    response = login(owner).get(LIST_URL, {"category": "business"})

    assert list(response.context["page"].object_list) == [business]


def test_it_answers_htmx_with_the_results_only(login, owner, record):
    response = login(owner).get(LIST_URL, headers={"HX-Request": "true"})

    assert response.templates[0].name == "records/_results.html"
    assert "<html" not in response.content.decode()


def _list_queries(client, owner, count: int) -> int:
    for _ in range(count):
        grant(owner, RecordFactory(organisation=owner.organisation))
    client.force_login(owner)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL).status_code == 200
    return len(queries)


def test_it_reads_the_list_in_a_fixed_number_of_queries(client, owner):
    assert _list_queries(client, owner, 3) == _list_queries(client, owner, 27)


# --- register --------------------------------------------------------------------------


def test_it_refuses_roles_that_may_not_register_records(login, dpo, record_class, asset):
    assert login(dpo).get(CREATE_URL).status_code == 403
    assert (
        login(dpo)
        .post(CREATE_URL, payloads.record_create(record_class=record_class, asset=asset))
        .status_code
        == 403
    )


def test_it_registers_a_record_with_a_subject_and_its_copies(login, owner, record_class, asset):
    """R-REC-3: a paper record is registered with its paper copy and every other copy."""
    data = payloads.record_create(
        record_class=record_class,
        asset=asset,
        format="both",
        subjects=[
            {"role": "suspect", "given_names": "Piet", "family_name": "Smit", "date_of_birth": "1980-01-01"}
        ],
        copies=[
            {"kind": "paper", "location": "Archive room B, shelf 4", "custodian": owner.pk},
            {"kind": "electronic", "location": "Niche RMS", "custodian": owner.pk},
        ],
    )

    response = login(owner).post(CREATE_URL, data, follow=True)

    record = Record.objects.get(reference="REC-2024-100")
    assert response.redirect_chain == [(_url("detail", record), 302)]
    content = response.content.decode()
    for text in (
        "Record REC-2024-100 registered.",
        "Piet Smit",
        "Archive room B, shelf 4",
        "Niche RMS",
        asset.name,
    ):
        assert text in content
    assert record.copies.count() == 2


def test_it_adds_a_copy_row_without_saving(login, owner, record_class, asset):
    data = payloads.record_create(record_class=record_class, asset=asset, copies=[{}], add_copy="1")

    response = login(owner).post(CREATE_URL, data)

    assert response.context["copies"].total_form_count() == 2
    assert response.context["subjects"].total_form_count() == 0
    assert "govuk-error-summary" not in response.content.decode()
    assert Record.objects.count() == 0


def _assert_refused(response, message: str, before) -> None:
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert message in content
    assert _counts() == before


def test_it_refuses_a_duplicate_reference(login, owner, record, record_class, asset):
    before = _counts()
    data = payloads.record_create(record_class=record_class, asset=asset, reference=record.reference)

    response = login(owner).post(CREATE_URL, data)

    _assert_refused(response, "A record with this reference already exists.", before)
    assert 'href="#id_reference"' in response.content.decode()


def test_it_refuses_a_paper_record_without_its_paper_copy(login, owner, record_class, asset):
    """R-REC-1/3: the error is shown at the copies."""
    before = _counts()
    data = payloads.record_create(record_class=record_class, asset=asset, format="paper")

    response = login(owner).post(CREATE_URL, data)

    _assert_refused(response, "A paper record needs a paper copy with its physical location.", before)
    assert 'href="#copies-errors"' in response.content.decode()


def test_it_refuses_a_record_class_of_the_other_category(login, owner, asset):
    """R-REC-2: policing-purpose and business records follow different schedules."""
    business = RecordClassFactory(organisation=owner.organisation, category=RecordCategory.BUSINESS)
    before = _counts()
    data = payloads.record_create(record_class=business, asset=asset, category="policing")

    response = login(owner).post(CREATE_URL, data)

    _assert_refused(response, "The record class belongs to the other category", before)


def test_it_refuses_a_closing_date_before_the_creation_date(login, owner, record_class, asset):
    before = _counts()
    data = payloads.record_create(record_class=record_class, asset=asset, closed_on="2023-01-01")

    response = login(owner).post(CREATE_URL, data)

    _assert_refused(response, "The closing date cannot be before the creation date.", before)


def test_it_refuses_a_subject_born_in_the_future(login, owner, record_class, asset):
    before = _counts()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = payloads.record_create(
        record_class=record_class,
        asset=asset,
        subjects=[
            {"role": "victim", "given_names": "Piet", "family_name": "Smit", "date_of_birth": tomorrow}
        ],
    )

    response = login(owner).post(CREATE_URL, data)

    _assert_refused(response, "A date of birth cannot be in the future.", before)


def test_it_refuses_the_same_subject_twice(login, owner, record, record_class, asset):
    tom = record.subject_links.get().person
    before = _counts()
    data = payloads.record_create(
        record_class=record_class,
        asset=asset,
        subjects=[{"role": "suspect", "person": tom.pk}, {"role": "witness", "person": tom.pk}],
    )

    response = login(owner).post(CREATE_URL, data)

    _assert_refused(response, "Tom Hendriks is entered twice.", before)


def test_it_offers_custodians_of_the_own_organisation_only(login, owner, outsider, record_class, asset):
    content = login(owner).get(CREATE_URL).content.decode()

    assert f'value="{owner.pk}"' in content
    assert outsider.get_full_name() not in content


# --- detail and actions ------------------------------------------------------------------


def test_it_shows_the_owner_the_record_subjects_copies_and_events(login, owner, record):
    record.copies.create(kind="paper", location="Archive room B", custodian=owner)
    tom = record.subject_links.get().person
    SubjectEvent.objects.create(
        organisation=record.organisation,
        person=tom,
        record=record,
        kind="arrest",
        occurred_on=datetime.date(2023, 3, 3),
        description="Arrested at home",
    )

    response = login(owner).get(_url("detail", record))

    content = response.content.decode()
    for text in (
        "Custody record 14",
        "Tom Hendriks",
        "Archive room B",
        "Arrested at home",
        "Policing purpose",
    ):
        assert text in content
    assert _url("copy_create", record) in content


@pytest.mark.parametrize("persona", ["colleague", "outsider"])
def test_it_hides_the_record_from_the_uninvolved(login, request, record, persona):
    # A colleague gets the break-glass offer (403, nothing of the file); an outsider the
    # same 404 as for an id that does not exist (R-ACC-5).
    response = login(request.getfixturevalue(persona)).get(_url("detail", record))
    assert response.status_code == (403 if persona == "colleague" else 404)
    assert record.reference not in response.content.decode()


ACTIONS = [
    ("copy_create", lambda r, u: {"kind": "cloud", "location": "SharePoint", "custodian": u.pk}),
    ("subject_create", lambda r, u: {"role": "witness", "given_names": "Ann", "family_name": "Mol"}),
    (
        "event_create",
        lambda r, u: {"subject": r.subject_links.get().pk, "kind": "charge", "occurred_on": "2024-01-01"},
    ),
]


@pytest.mark.parametrize("persona", ["colleague", "outsider", "records_officer"])
@pytest.mark.parametrize(("action", "payload"), ACTIONS)
def test_it_refuses_every_action_to_those_not_involved(login, request, record, persona, action, payload):
    """Writes need perm="change": a records officer reads the whole register but changes only
    what they are involved in."""
    user = request.getfixturevalue(persona)
    client = login(user)
    before = _counts() + (SubjectEvent.objects.count(),)

    assert client.get(_url(action, record)).status_code == 404
    assert client.post(_url(action, record), payload(record, user)).status_code == 404
    assert _counts() + (SubjectEvent.objects.count(),) == before


def test_it_registers_a_copy(login, owner, record):
    response = login(owner).post(
        _url("copy_create", record), {"kind": "cloud", "location": "SharePoint", "custodian": owner.pk}
    )

    assert response.status_code == 302
    assert record.copies.get().location == "SharePoint"


def test_it_refuses_a_copy_without_location(login, owner, record):
    response = login(owner).post(
        _url("copy_create", record), {"kind": "cloud", "location": "", "custodian": owner.pk}
    )

    assert 'href="#id_location">Enter where the copy is.' in response.content.decode()
    assert record.copies.count() == 0


def test_it_adds_a_subject(login, owner, record):
    response = login(owner).post(
        _url("subject_create", record), {"role": "witness", "given_names": "Ann", "family_name": "Mol"}
    )

    assert response.status_code == 302
    assert record.subject_links.filter(person__family_name="Mol", role="witness").exists()


def test_it_refuses_a_subject_already_linked(login, owner, record):
    tom = record.subject_links.get().person

    response = login(owner).post(_url("subject_create", record), {"role": "witness", "person": tom.pk})

    assert "Tom Hendriks is already linked to this record." in response.content.decode()
    assert record.subject_links.count() == 1


def test_it_records_a_subject_event(login, owner, record):
    """The event restarts the subject's clear period (RETENTION.md, MoPI groups 2-3)."""
    link = record.subject_links.get()
    data = {"subject": link.pk, "kind": "charge", "occurred_on": "2024-01-01", "description": "Charged"}

    response = login(owner).post(_url("event_create", record), data)

    assert response.status_code == 302
    event = SubjectEvent.objects.get()
    assert (event.person, event.record, event.recorded_by) == (link.person, record, owner)


def test_it_refuses_an_event_dated_in_the_future(login, owner, record):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = {"subject": record.subject_links.get().pk, "kind": "charge", "occurred_on": tomorrow}

    response = login(owner).post(_url("event_create", record), data)

    assert 'href="#id_occurred_on">An event cannot be dated in the future.' in response.content.decode()
    assert SubjectEvent.objects.count() == 0


def test_it_offers_only_this_records_subjects_for_an_event(login, owner, record):
    other = RecordSubjectFactory(record=RecordFactory(organisation=record.organisation))

    response = login(owner).post(
        _url("event_create", record), {"subject": other.pk, "kind": "charge", "occurred_on": "2024-01-01"}
    )

    assert "Select a valid choice" in response.content.decode()
    assert SubjectEvent.objects.count() == 0
