"""Logging a request: subject, capacity on the date of receipt, deadline from policy
(R-DSR-1, R-DSR-5, R-DSR-7, R-DSR-9, R-DSR-11, R-DSR-12)."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from access_control.models import OrganisationKind, Role
from core.errors import DomainError, NotAllowed
from core.models import DomainEvent
from subject_rights.capacity import Signatories
from subject_rights.deadlines import DeadlineRule
from subject_rights.models import (
    Channel,
    RequesterRole,
    RequestStatus,
    RequestStatusChange,
    RequestType,
    SubjectRequest,
)
from subject_rights.services import (
    deadline_policies_install_defaults,
    deadline_policy_set,
    subject_request_create,
)
from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.subject_rights.conftest import at
from tests.subject_rights.support import log_request

pytestmark = pytest.mark.django_db


def test_it_logs_a_request_with_its_deadline_history_event_and_audit_entry_r_dsr_11(caseworker, adult):
    request = log_request(caseworker, adult, received_on=dt.date(2026, 1, 31), details="Everything about me.")

    assert request.reference == "VT-SR-2026-00001"
    assert (request.status, request.handler, request.created_by) == (
        RequestStatus.RECEIVED,
        caseworker,
        caseworker,
    )
    assert (request.requester_name, request.subject_age_on_receipt, request.signatories) == (
        "Eva Jansen",
        39,
        Signatories.ALONE,
    )
    # No policy configured: GDPR art. 12(3), one month; 28-02-2026 is a Saturday.
    assert (request.clock_started_on, request.due_on, request.deadline_policy) == (
        dt.date(2026, 1, 31),
        dt.date(2026, 3, 2),
        None,
    )
    assert request.deadline_terms["rule"] == DeadlineRule.CALENDAR_MONTH
    assert request.deadline_terms["holiday_jurisdiction"] == "NL"
    assert list(request.status_changes.values_list("old_status", "new_status")) == [
        ("", RequestStatus.RECEIVED)
    ]
    event = DomainEvent.objects.get(verb="subject_request.created")
    assert (event.actor, event.target, event.legal_basis) == (caseworker, request, "GDPR art. 15; R-DSR-2")
    assert event.data["due_on"] == "2026-03-02"
    assert LogEntry.objects.get_for_object(request).filter(action=LogEntry.Action.CREATE).exists()


def test_it_numbers_requests_per_organisation_and_year(caseworker, adult, outsider, police):
    first = log_request(caseworker, adult, received_on=dt.date(2026, 1, 5))
    second = log_request(caseworker, adult, received_on=dt.date(2026, 2, 5))
    other_year = log_request(caseworker, adult, received_on=dt.date(2025, 12, 30))
    citizen = PersonFactory(organisation=police, date_of_birth=dt.date(1980, 1, 1))
    elsewhere = log_request(outsider, citizen, received_on=dt.date(2026, 1, 5))

    assert [first.reference, second.reference, other_year.reference] == [
        "VT-SR-2026-00001",
        "VT-SR-2026-00002",
        "VT-SR-2025-00001",
    ]
    assert elsewhere.reference == "HEDD-SR-2026-00001"


def test_it_takes_the_deadline_from_the_organisations_policy_r_dsr_3_r_dsr_11(caseworker, dpo, adult):
    deadline_policies_install_defaults(acting_user=dpo, organisation=caseworker.organisation)

    # Four weeks; 27-04-2026 is King's Day.
    rectification = log_request(
        caseworker, adult, received_on=dt.date(2026, 3, 30), request_type=RequestType.RECTIFICATION
    )
    access = log_request(caseworker, adult, received_on=dt.date(2026, 3, 30))

    assert rectification.due_on == dt.date(2026, 4, 28)
    assert rectification.deadline_policy.request_type == RequestType.RECTIFICATION
    assert access.due_on == dt.date(2026, 4, 30)
    assert access.deadline_policy.request_type == ""


def test_it_sets_the_destruction_date_three_months_from_receipt_r_dsr_5(caseworker, dpo, adult):
    deadline_policies_install_defaults(acting_user=dpo, organisation=caseworker.organisation)

    request = log_request(
        caseworker, adult, received_on=dt.date(2026, 1, 31), request_type=RequestType.DESTRUCTION
    )

    assert request.due_on == dt.date(2026, 3, 2)  # four weeks: Saturday 28-02 → Monday 02-03
    assert request.destroy_by == dt.date(2026, 4, 30)
    assert log_request(caseworker, adult, received_on=dt.date(2026, 1, 31)).destroy_by is None


def test_it_keeps_the_terms_a_request_was_received_under_when_the_policy_changes(caseworker, dpo, adult):
    deadline_policy_set(
        acting_user=dpo,
        organisation=caseworker.organisation,
        request_type="",
        rule=DeadlineRule.WEEKS,
        weeks=4,
        legal_basis="Four weeks",
    )
    request = log_request(caseworker, adult, received_on=dt.date(2026, 4, 1))
    deadline_policy_set(
        acting_user=dpo,
        organisation=caseworker.organisation,
        request_type="",
        rule=DeadlineRule.WEEKS,
        weeks=2,
        legal_basis="Two weeks",
    )

    request.refresh_from_db()
    assert request.due_on == dt.date(2026, 4, 29)
    assert request.deadline_terms["weeks"] == 4


def test_it_refuses_a_request_without_a_subject_r_dsr_1(caseworker, nothing_saved):
    with nothing_saved(), pytest.raises(DomainError, match="R-DSR-1") as refused:
        log_request(caseworker, None)
    assert refused.value.field == "subject"


def test_it_refuses_a_subject_of_another_organisation(caseworker, police, nothing_saved):
    stranger = PersonFactory(organisation=police)
    with nothing_saved(), pytest.raises(DomainError, match="not known in this organisation"):
        log_request(caseworker, stranger)


def test_it_refuses_a_child_under_12_asking_alone_with_the_reason_r_dsr_7(caseworker, child, nothing_saved):
    with nothing_saved(), pytest.raises(DomainError) as refused:
        log_request(caseworker, child)
    assert refused.value.field == "requester_role"
    assert refused.value.message == (
        "Only the legal representative(s) of Sam Jansen can make this request. Aged 9 on 02-03-2026: in NL "
        "that means the legal representative(s) (R-DSR-7)."
    )


def test_it_accepts_a_parent_for_a_child_under_12_and_records_on_whose_behalf_r_dsr_7(caseworker, child):
    request = log_request(
        caseworker,
        child,
        requester_role=RequesterRole.REPRESENTATIVE,
        requester_name="Eva Jansen",
        requester_relationship="mother, with parental authority",
        on_behalf_of="Sam Jansen",
        requester_contact="Dorpsstraat 1, Helmond",
    )

    assert (request.requester_name, request.requester_relationship, request.on_behalf_of) == (
        "Eva Jansen",
        "mother, with parental authority",
        "Sam Jansen",
    )
    assert (request.signatories, request.subject_age_on_receipt) == (Signatories.REPRESENTATIVES, 9)


def test_it_asks_how_a_representative_is_related(caseworker, child, nothing_saved):
    with nothing_saved(), pytest.raises(DomainError) as refused:
        log_request(
            caseworker, child, requester_role=RequesterRole.REPRESENTATIVE, requester_name="Eva Jansen"
        )
    assert refused.value.field == "requester_relationship"


@pytest.mark.parametrize(
    ("born", "role", "accepted"),
    [
        (dt.date(2013, 1, 1), RequesterRole.JOINT, True),
        (dt.date(2013, 1, 1), RequesterRole.REPRESENTATIVE, False),
        (dt.date(2010, 1, 1), RequesterRole.SUBJECT, True),
        (dt.date(2010, 1, 1), RequesterRole.REPRESENTATIVE, False),
    ],
    ids=["13-together", "13-parent-alone", "16-alone", "16-parent"],
)
def test_it_applies_the_age_bands_at_12_to_15_and_16_r_dsr_7(caseworker, veilig_thuis, born, role, accepted):
    subject = PersonFactory(organisation=veilig_thuis, date_of_birth=born)
    extra = (
        {} if role == RequesterRole.SUBJECT else {"requester_name": "Eva", "requester_relationship": "mother"}
    )
    if accepted:
        assert log_request(caseworker, subject, requester_role=role, **extra).pk
    else:
        with pytest.raises(DomainError, match="R-DSR-7"):
            log_request(caseworker, subject, requester_role=role, **extra)


def test_it_judges_capacity_on_the_date_of_receipt_not_the_day_it_is_logged_r_dsr_7(caseworker, veilig_thuis):
    subject = PersonFactory(organisation=veilig_thuis, date_of_birth=dt.date(2014, 5, 10))

    with at(dt.date(2026, 5, 20)):  # logged after the 12th birthday, received the day before it
        request = subject_request_create(
            acting_user=caseworker,
            subject=subject,
            request_type=RequestType.ACCESS,
            requester_role=RequesterRole.REPRESENTATIVE,
            requester_name="Eva Jansen",
            requester_relationship="mother",
            received_on=dt.date(2026, 5, 9),
            channel=Channel.EMAIL,
        )

    assert (request.subject_age_on_receipt, request.signatories) == (11, Signatories.REPRESENTATIVES)


def test_it_lets_the_representatives_act_for_an_incompetent_young_person_r_dsr_7(caseworker, veilig_thuis):
    subject = PersonFactory(organisation=veilig_thuis, date_of_birth=dt.date(2009, 1, 1))
    representative = {"requester_name": "Eva", "requester_relationship": "mother"}

    request = log_request(
        caseworker, subject, requester_role=RequesterRole.REPRESENTATIVE, incompetent=True, **representative
    )
    assert request.signatories == Signatories.REPRESENTATIVES
    with pytest.raises(DomainError, match="not competent"):
        log_request(caseworker, subject, incompetent=True)


def test_it_asks_for_a_competence_judgement_in_england_r_dsr_12(school, nothing_saved):
    teacher = UserFactory(organisation=school, role=Role.CASEWORKER)
    pupil = PersonFactory(
        organisation=school, given_names="Amy", family_name="Hart", date_of_birth=dt.date(2015, 9, 1)
    )

    with nothing_saved(), pytest.raises(DomainError) as refused:
        log_request(teacher, pupil)
    assert refused.value.field == "judged_competent"
    assert "Record whether Amy Hart is competent" in refused.value.message

    request = log_request(teacher, pupil, judged_competent=True)
    assert request.signatories == Signatories.ALONE
    with pytest.raises(DomainError, match="both competent and not"):
        log_request(teacher, pupil, judged_competent=True, incompetent=True)


def test_it_asks_for_a_judgement_when_the_date_of_birth_is_unknown(caseworker, veilig_thuis):
    subject = PersonFactory(organisation=veilig_thuis, date_of_birth=None)

    with pytest.raises(DomainError, match="date of birth is not known"):
        log_request(caseworker, subject)
    assert log_request(caseworker, subject, judged_competent=True).subject_age_on_receipt is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"request_type": "complaint"}, "request_type"),
        ({"requester_role": "neighbour"}, "requester_role"),
        ({"channel": "pigeon"}, "channel"),
        ({"received_on": None}, "received_on"),
        ({"requester_role": RequesterRole.AGENT}, "requester_name"),
    ],
    ids=["type", "role", "channel", "no-date", "agent-without-name"],
)
def test_it_refuses_bad_input_with_the_field_at_fault(caseworker, adult, nothing_saved, change, field):
    values = {
        "acting_user": caseworker,
        "subject": adult,
        "request_type": RequestType.ACCESS,
        "requester_role": RequesterRole.SUBJECT,
        "received_on": dt.date(2026, 3, 2),
        "channel": Channel.LETTER,
        **change,
    }
    with at(dt.date(2026, 3, 2)), nothing_saved(), pytest.raises(DomainError) as refused:
        subject_request_create(**values)
    assert refused.value.field == field


def test_it_refuses_a_date_of_receipt_in_the_future_or_before_birth(caseworker, veilig_thuis, adult):
    with at(dt.date(2026, 3, 2)), pytest.raises(DomainError, match="future"):
        subject_request_create(
            acting_user=caseworker,
            subject=adult,
            request_type=RequestType.ACCESS,
            requester_role=RequesterRole.SUBJECT,
            received_on=dt.date(2026, 3, 3),
            channel=Channel.LETTER,
        )
    newborn = PersonFactory(organisation=veilig_thuis, date_of_birth=dt.date(2026, 3, 1))
    with pytest.raises(DomainError, match="before .* was born") as refused:
        log_request(
            caseworker,
            newborn,
            received_on=dt.date(2026, 2, 27),
            requester_role=RequesterRole.REPRESENTATIVE,
            requester_name="Eva Jansen",
            requester_relationship="mother",
        )
    assert refused.value.field == "received_on"


def test_it_lets_an_external_system_log_a_request_without_a_handler(veilig_thuis, adult):
    system = UserFactory(organisation=veilig_thuis, role=Role.API_CLIENT)

    request = log_request(system, adult, channel=Channel.API)

    assert (request.handler, request.created_by, request.channel) == (None, system, Channel.API)


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.RECORDS_OFFICER, Role.ADMINISTRATOR])
def test_it_refuses_roles_that_do_not_handle_requests(veilig_thuis, adult, role, nothing_saved):
    user = UserFactory(organisation=veilig_thuis, role=role)
    with nothing_saved(), pytest.raises(NotAllowed):
        log_request(user, adult)


def test_it_refuses_a_user_without_an_organisation(adult):
    with pytest.raises(NotAllowed):
        log_request(UserFactory(organisation=None), adult)


def test_it_refuses_an_organisation_without_age_bands(db):
    organisation = OrganisationFactory(kind=OrganisationKind.SCHOOL, jurisdiction="FR")
    user = UserFactory(organisation=organisation)

    with pytest.raises(DomainError, match="No age bands are configured for jurisdiction FR"):
        log_request(user, PersonFactory(organisation=organisation))


def test_it_keeps_an_id_copy_sent_with_the_request_until_verification_r_dsr_9(caseworker, adult, settings):
    request = log_request(
        caseworker, adult, id_document=SimpleUploadedFile("passport eva.jpg", b"\xff\xd8 jpeg")
    )

    assert request.id_document.name.startswith(f"subject_rights/id/{adult.organisation_id}/")
    assert "eva" not in request.id_document.name  # the original name may be personal data
    assert request.id_document.storage.exists(request.id_document.name)

    settings.ATTACHMENT_MAX_BYTES = 3
    with pytest.raises(DomainError) as refused:
        log_request(caseworker, adult, id_document=SimpleUploadedFile("big.jpg", b"0123456789"))
    assert refused.value.field == "id_document"


def test_it_records_the_first_status_row_for_every_request(caseworker, adult):
    request = log_request(caseworker, adult)

    change = RequestStatusChange.objects.get(request=request)
    assert (change.old_status, change.new_status, change.changed_by) == (
        "",
        RequestStatus.RECEIVED,
        caseworker,
    )
    assert SubjectRequest.objects.count() == 1
