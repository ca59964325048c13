"""The request queue and the page that logs a request (R-DSR-1, R-DSR-7, R-DSR-9, R-DSR-11,
R-ACC-4, R-ACC-5).

Personas: the caseworker who logged / handles a request sees it; an uninvolved colleague of
the same organisation and an outsider do not; team leaders, the DPO and the records unit
see every request of their organisation.
"""

import datetime as dt

import pytest
from django.urls import reverse

from access_control.models import Role
from core.models import AccessKind, AccessLogEntry, AccessObject
from records.models import Person
from subject_rights.models import RequesterRole, RequestStatus, RequestType, SubjectRequest
from tests.factories import PersonFactory, UserFactory
from tests.subject_rights.conftest import at, row_counts
from tests.subject_rights.screen_factories import SubjectRequestFactory, involve, page_text
from tests.subject_rights.support import log_request

pytestmark = pytest.mark.django_db

LIST = reverse("subject_rights:request_list")
CREATE = reverse("subject_rights:request_create")
CAPACITY = reverse("subject_rights:request_capacity")
TODAY = dt.date(2026, 3, 20)


@pytest.fixture
def records_officer(veilig_thuis):
    return UserFactory(organisation=veilig_thuis, role=Role.RECORDS_OFFICER)


@pytest.fixture
def auditor(veilig_thuis):
    return UserFactory(organisation=veilig_thuis, role=Role.AUDITOR)


def _get(client, user, url, **params):
    client.force_login(user)
    with at(TODAY):
        return client.get(url, params)


def _post(client, user, url, data):
    client.force_login(user)
    with at(TODAY):
        return client.post(url, data)


# --- The queue -----------------------------------------------------------------------------


def test_it_lists_the_caseworkers_requests_with_days_left_and_overdue_flags(client, caseworker, veilig_thuis):
    SubjectRequestFactory(
        organisation=veilig_thuis, handler=caseworker, reference="A-LATE", due_on=dt.date(2026, 3, 17)
    )
    SubjectRequestFactory(
        organisation=veilig_thuis, handler=caseworker, reference="B-SOON", due_on=dt.date(2026, 3, 25)
    )
    SubjectRequestFactory(
        organisation=veilig_thuis,
        handler=caseworker,
        reference="C-PAUSED",
        status=RequestStatus.PAUSED,
        due_on=dt.date(2026, 3, 10),
    )

    response = _get(client, caseworker, LIST)

    text = page_text(response)
    assert response.status_code == 200
    assert "3 requests found" in text
    assert "Overdue by 3 days" in text
    assert "5 days left" in text
    assert "Clock not running" in text  # a paused request has no running deadline (R-DSR-11)
    # Soonest deadline first; requests whose clock has stopped are sorted by their date too.
    references = [item.reference for item, _deadline in response.context["rows"]]
    assert references == ["C-PAUSED", "A-LATE", "B-SOON"]


def test_it_shows_a_colleague_and_an_outsider_nothing_of_the_caseworkers_requests(
    client, caseworker, colleague, outsider, veilig_thuis
):
    """R-ACC-5: a caseworker sees the requests they handle or logged, nobody else's."""
    SubjectRequestFactory(organisation=veilig_thuis, handler=caseworker, reference="MINE-1")

    for user in (colleague, outsider):
        response = _get(client, user, LIST)
        assert response.status_code == 200
        assert "MINE-1" not in response.content.decode()
        assert "0 requests found" in page_text(response)


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.DPO, Role.RECORDS_OFFICER])
def test_it_shows_organisation_wide_roles_every_request_of_their_organisation(
    client, veilig_thuis, police, role
):
    SubjectRequestFactory(organisation=veilig_thuis, reference="VT-ONE")
    SubjectRequestFactory(organisation=police, reference="POLICE-ONE")

    response = _get(client, UserFactory(organisation=veilig_thuis, role=role), LIST)

    content = response.content.decode()
    assert "VT-ONE" in content
    assert "POLICE-ONE" not in content


def test_it_refuses_roles_that_do_not_work_on_requests(client, auditor):
    assert _get(client, auditor, LIST).status_code == 403


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "paused"}, ["PAUSED"]),
        ({"request_type": "erasure"}, ["ERASURE"]),
        ({"due": "soon"}, ["SOON"]),
        ({"due": "overdue"}, ["LATE"]),
    ],
)
def test_it_filters_by_status_type_and_deadline(client, dpo, veilig_thuis, params, expected):
    SubjectRequestFactory(organisation=veilig_thuis, reference="LATE", due_on=dt.date(2026, 3, 19))
    SubjectRequestFactory(organisation=veilig_thuis, reference="SOON", due_on=dt.date(2026, 3, 27))
    SubjectRequestFactory(organisation=veilig_thuis, reference="LATER", due_on=dt.date(2026, 3, 28))
    SubjectRequestFactory(
        organisation=veilig_thuis, reference="PAUSED", status=RequestStatus.PAUSED, due_on=dt.date(2026, 3, 1)
    )
    SubjectRequestFactory(
        organisation=veilig_thuis,
        reference="ERASURE",
        request_type=RequestType.ERASURE,
        due_on=dt.date(2026, 5, 1),
    )

    response = _get(client, dpo, LIST, **params)

    assert [item.reference for item, _deadline in response.context["rows"]] == expected


def test_it_answers_htmx_with_the_results_only_and_filters_by_person(client, dpo, veilig_thuis, adult):
    SubjectRequestFactory(organisation=veilig_thuis, subject=adult, reference="EVA")
    SubjectRequestFactory(organisation=veilig_thuis, reference="OTHER")
    client.force_login(dpo)

    with at(TODAY):
        response = client.get(LIST, {"person": adult.pk}, headers={"HX-Request": "true"})

    content = response.content.decode()
    assert "<html" not in content
    assert "EVA" in content
    assert "OTHER" not in content


def test_it_pages_the_queue_and_logs_each_listed_subject_r_acc_4(client, dpo, veilig_thuis):
    for number in range(27):
        SubjectRequestFactory(
            organisation=veilig_thuis, reference=f"R-{number:02d}", due_on=dt.date(2026, 4, 1)
        )

    first = _get(client, dpo, LIST)
    second = _get(client, dpo, LIST, page=2)

    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 2
    listed = AccessLogEntry.objects.filter(object_kind=AccessObject.PERSON, access=AccessKind.LISTED)
    assert listed.count() == 27
    assert set(listed.values_list("object_id", flat=True)) == set(
        SubjectRequest.objects.values_list("subject_id", flat=True)
    )


def test_it_reads_the_queue_in_a_fixed_number_of_queries(
    client, dpo, veilig_thuis, django_assert_max_num_queries
):
    for _ in range(3):
        SubjectRequestFactory(organisation=veilig_thuis)
    client.force_login(dpo)
    with at(TODAY):
        client.get(LIST)
        for _ in range(20):
            SubjectRequestFactory(organisation=veilig_thuis)
        with django_assert_max_num_queries(12):
            client.get(LIST)


# --- Logging a request ---------------------------------------------------------------------


def _form(subject=None, **values) -> dict:
    data = {
        "request_type": RequestType.ACCESS,
        "received_on": "2026-03-02",
        "channel": "letter",
        "requester_role": RequesterRole.SUBJECT,
        "subject": subject.pk if subject else "",
    }
    data.update(values)
    return data


def test_it_logs_a_request_for_a_registered_subject(client, caseworker, adult):
    involve(caseworker, adult)

    response = _post(client, caseworker, CREATE, _form(adult, details="Everything you hold about me."))

    created = SubjectRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("subject_rights:request_detail", kwargs={"pk": created.pk})
    assert (created.subject, created.requester_name, created.handler) == (adult, "Eva Jansen", caseworker)
    assert created.due_on == dt.date(2026, 4, 2)  # the same day number next month (R-DSR-11)


def test_it_registers_a_new_subject_with_the_request(client, caseworker):
    response = _post(
        client,
        caseworker,
        CREATE,
        _form(given_names="Lotte", family_name="de Wit", date_of_birth="1990-04-04"),
    )

    assert response.status_code == 302
    request = SubjectRequest.objects.get()
    assert request.subject.full_name == "Lotte de Wit"
    assert request.subject.organisation == caseworker.organisation


def test_it_keeps_the_requester_the_subject_and_on_whose_behalf_apart(
    client, caseworker, child, veilig_thuis
):
    mother = PersonFactory(organisation=veilig_thuis, given_names="Anna", family_name="Jansen")
    solicitor = PersonFactory(organisation=veilig_thuis, given_names="Piet", family_name="Advocaat")
    involve(caseworker, child, mother, solicitor)

    _post(
        client,
        caseworker,
        CREATE,
        _form(
            child,
            requester_role=RequesterRole.REPRESENTATIVE,
            requester_person=mother.pk,
            requester_relationship="mother",
            on_behalf_of_person=solicitor.pk,
        ),
    )
    same = _post(
        client,
        caseworker,
        CREATE,
        _form(
            child,
            requester_role=RequesterRole.REPRESENTATIVE,
            requester_person=child.pk,
            requester_relationship="x",
        ),
    )

    request = SubjectRequest.objects.get()
    assert (request.subject, request.requester_name, request.on_behalf_of) == (
        child,
        "Anna Jansen",
        "Piet Advocaat",
    )
    assert "The subject cannot be their own representative" in page_text(same)


def test_it_refuses_a_request_without_a_subject_and_saves_nothing_r_dsr_1(client, caseworker):
    before, people = row_counts(), Person.objects.count()

    response = _post(client, caseworker, CREATE, _form())

    assert response.status_code == 200
    assert "a request without a subject cannot be answered" in page_text(response)
    assert response.context["form"].errors["subject"]
    assert (row_counts(), Person.objects.count()) == (before, people)


def test_it_refuses_bad_input_with_form_errors_and_saves_nothing(client, caseworker, adult):
    involve(caseworker, adult)
    before = row_counts()

    response = _post(
        client, caseworker, CREATE, _form(adult, request_type="", received_on="31-02-2026", channel="")
    )

    errors = response.context["form"].errors
    assert {"request_type", "received_on", "channel"} <= set(errors)
    assert "There is a problem" in response.content.decode()
    assert row_counts() == before


def test_it_refuses_a_requester_who_is_not_entitled_with_the_reason_r_dsr_7(client, caseworker, child):
    """A 9-year-old cannot make the request alone: the representatives act."""
    involve(caseworker, child)
    before = row_counts()

    response = _post(client, caseworker, CREATE, _form(child))

    text = page_text(response)
    assert "Only the legal representative(s) of Sam Jansen can make this request." in text
    assert "Aged 9 on 02-03-2026" in text
    assert row_counts() == before


def test_it_does_not_keep_a_new_subject_when_the_request_is_refused(client, caseworker):
    people = Person.objects.count()

    response = _post(
        client,
        caseworker,
        CREATE,
        _form(given_names="Bram", family_name="de Wit", date_of_birth="2019-07-07"),
    )

    assert response.context["form"].errors["requester_role"]
    assert Person.objects.count() == people
    assert not SubjectRequest.objects.exists()


def _born_on_the_day(years: int) -> dt.date:
    return dt.date(2026 - years, 3, 2)


@pytest.mark.parametrize(
    ("born", "shown", "refused_role", "accepted_role"),
    [
        # The 12th birthday on the date of receipt: the child and representatives together.
        (_born_on_the_day(12), "together", RequesterRole.REPRESENTATIVE, RequesterRole.JOINT),
        # One day short of 12: the representatives alone.
        (
            _born_on_the_day(12) + dt.timedelta(days=1),
            "representative(s)",
            RequesterRole.SUBJECT,
            RequesterRole.REPRESENTATIVE,
        ),
        # The 16th birthday: the young person alone.
        (_born_on_the_day(16), "the person themself", RequesterRole.REPRESENTATIVE, RequesterRole.SUBJECT),
        # One day short of 16: still together.
        (_born_on_the_day(16) + dt.timedelta(days=1), "together", RequesterRole.SUBJECT, RequesterRole.JOINT),
    ],
)
def test_it_shows_and_enforces_capacity_on_the_date_of_receipt_r_dsr_7(
    client, caseworker, veilig_thuis, born, shown, refused_role, accepted_role
):
    subject = PersonFactory(
        organisation=veilig_thuis, given_names="Kim", family_name="Visser", date_of_birth=born
    )
    involve(caseworker, subject)
    extra = {"requester_name": "Marit Visser", "requester_relationship": "mother"}

    preview = _post(client, caseworker, CAPACITY, _form(subject, requester_role=refused_role, **extra))
    refused = _post(client, caseworker, CREATE, _form(subject, requester_role=refused_role, **extra))
    accepted = _post(client, caseworker, CREATE, _form(subject, requester_role=accepted_role, **extra))

    assert shown in page_text(preview).lower()
    assert "Who must sign" in page_text(preview)
    refusal = preview.context["preview"].refusal  # the refusal, shown before saving
    assert refusal
    assert " ".join(refusal.split()) in page_text(preview)
    assert refused.status_code == 200
    assert refused.context["form"].errors["requester_role"]
    assert accepted.status_code == 302
    assert SubjectRequest.objects.get().requester_role == accepted_role


def test_it_lets_representatives_act_for_a_subject_judged_not_competent_r_dsr_7(client, caseworker, adult):
    involve(caseworker, adult)
    extra = {"incompetent": "on", "requester_name": "Jan Jansen", "requester_relationship": "curator"}

    preview = _post(
        client, caseworker, CAPACITY, _form(adult, requester_role=RequesterRole.REPRESENTATIVE, **extra)
    )
    response = _post(
        client, caseworker, CREATE, _form(adult, requester_role=RequesterRole.REPRESENTATIVE, **extra)
    )

    assert "Judged not competent" in page_text(preview)
    assert response.status_code == 302


def test_it_shows_the_capacity_preview_on_a_refused_form(client, caseworker, child):
    involve(caseworker, child)

    response = _post(client, caseworker, CREATE, _form(child))

    assert "Who must sign (R-DSR-7)" in page_text(response)
    assert "The legal representative(s)" in page_text(response)


def test_it_offers_only_people_the_caseworker_is_involved_with(client, caseworker, colleague, adult, child):
    """R-ACC-5: a subject the caseworker may not see cannot be chosen (nothing saved)."""
    involve(colleague, adult)

    response = _post(client, caseworker, CREATE, _form(adult))

    assert response.context["form"].errors["subject"]
    assert not SubjectRequest.objects.exists()


def test_it_does_not_let_an_outsider_log_a_request_about_another_organisations_person(
    client, outsider, adult
):
    response = _post(client, outsider, CREATE, _form(adult))

    assert response.context["form"].errors["subject"]
    assert not SubjectRequest.objects.exists()


@pytest.mark.parametrize("role", [Role.RECORDS_OFFICER, Role.AUDITOR])
def test_it_refuses_the_form_to_roles_that_do_not_log_requests(client, veilig_thuis, adult, role):
    user = UserFactory(organisation=veilig_thuis, role=role)

    assert _get(client, user, CREATE).status_code == 403
    assert _post(client, user, CREATE, _form(adult)).status_code == 403
    assert _post(client, user, CAPACITY, _form(adult)).status_code == 403
    assert not SubjectRequest.objects.exists()


def test_it_links_a_logged_request_from_the_queue(client, caseworker, adult):
    request = log_request(caseworker, adult)

    response = _get(client, caseworker, LIST)

    assert reverse("subject_rights:request_detail", kwargs={"pk": request.pk}) in response.content.decode()


def test_it_previews_capacity_for_a_new_subject_from_the_typed_date_of_birth(client, caseworker):
    response = _post(
        client,
        caseworker,
        CAPACITY,
        _form(given_names="Bram", family_name="de Wit", date_of_birth="2014-03-02"),
    )

    text = page_text(response)
    assert "Aged 12 on 02-03-2026" in text
    assert "together" in text


def test_it_shows_no_capacity_until_subject_and_date_are_known(client, caseworker):
    response = _post(client, caseworker, CAPACITY, _form(received_on=""))

    assert response.context["preview"] is None
    assert "Choose the subject and the date of receipt" in page_text(response)


def test_it_refuses_a_different_person_as_requester_when_the_subject_asks(
    client, caseworker, adult, veilig_thuis
):
    other = PersonFactory(organisation=veilig_thuis)
    involve(caseworker, adult, other)

    response = _post(client, caseworker, CREATE, _form(adult, requester_person=other.pk))

    assert response.context["form"].errors["requester_person"]
    assert not SubjectRequest.objects.exists()


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.CASEWORKER, True),
        (Role.TEAM_LEADER, True),
        (Role.RECORDS_OFFICER, True),
        (Role.DPO, True),
        (Role.AUDITOR, False),
        (Role.ASSET_OWNER, False),
    ],
)
def test_the_navigation_offers_requests_and_consents_to_the_roles_that_use_them(
    client, veilig_thuis, role, shown
):
    response = _get(client, UserFactory(organisation=veilig_thuis, role=role), reverse("dossiers:list"))

    content = response.content.decode()
    assert (f'href="{LIST}"' in content) is shown
    assert (f'href="{reverse("subject_rights:consent_index")}"' in content) is shown


def test_the_navigation_marks_the_current_section(client, caseworker):
    response = _get(client, caseworker, LIST)

    nav = response.content.decode().split('id="navigation"')[1].split("</ul>")[0]
    requests_item = nav.split(f'href="{LIST}"')[0].rsplit("<li", 1)[1]
    assert "govuk-service-navigation__item--active" in requests_item


def test_it_shows_the_open_requests_first_and_finished_ones_on_request(client, dpo, veilig_thuis):
    SubjectRequestFactory(organisation=veilig_thuis, reference="OPEN", due_on=dt.date(2026, 4, 1))
    SubjectRequestFactory(
        organisation=veilig_thuis, reference="DONE", status=RequestStatus.CLOSED, due_on=dt.date(2026, 3, 1)
    )

    default = _get(client, dpo, LIST)
    everything = _get(client, dpo, LIST, status="")

    assert [item.reference for item, _deadline in default.context["rows"]] == ["OPEN"]
    assert default.context["search"]["status"].value() == "open"
    assert [item.reference for item, _deadline in everything.context["rows"]] == ["DONE", "OPEN"]
