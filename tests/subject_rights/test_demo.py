"""manage.py seed_demo: the subject-rights demo (requests in every queue state, redaction
proposals, parental authority, consents) is written through the services, once."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from access_control.models import User
from core.models import DomainEvent
from subject_rights.models import (
    Consent,
    LegalRelation,
    RedactionProposal,
    RequesterRole,
    RequestStatus,
    RequestStatusChange,
    RequestType,
    SubjectRequest,
)
from subject_rights.selectors.dashboard import destructions_overdue, requests_due_soon, requests_overdue

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def seeded():
    """The demo seeded on a fixed day (the clock stays frozen for the test)."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC), tick=False):
        call_command("seed_demo", records=3, dossiers=2, stdout=io.StringIO())
        yield


def states(slug: str) -> set[tuple[str, str]]:
    return set(SubjectRequest.objects.filter(organisation__slug=slug).values_list("request_type", "status"))


def test_it_creates_requests_in_every_state_of_the_queue(seeded):
    assert states("vt") == {
        (RequestType.ACCESS, RequestStatus.RECEIVED),
        (RequestType.ACCESS, RequestStatus.IN_PROGRESS),
        (RequestType.DESTRUCTION, RequestStatus.IN_PROGRESS),
        (RequestType.RECTIFICATION, RequestStatus.FULFILLED),
        (RequestType.OBJECTION, RequestStatus.IN_PROGRESS),
    }
    assert states("heddlu") == {
        (RequestType.ACCESS, RequestStatus.IN_PROGRESS),
        (RequestType.ACCESS, RequestStatus.AWAITING_IDENTITY),
        (RequestType.ACCESS, RequestStatus.PAUSED),
        (RequestType.ACCESS, RequestStatus.EXTENDED),
        (RequestType.ACCESS, RequestStatus.FULFILLED),
    }
    # The schools have no requests: their policies describe consent, not requests.
    assert not SubjectRequest.objects.filter(organisation__slug__in=["swv", "school"]).exists()
    received_today = SubjectRequest.objects.get(organisation__slug="vt", status=RequestStatus.RECEIVED)
    assert received_today.received_on == TODAY
    extended = SubjectRequest.objects.get(status=RequestStatus.EXTENDED)
    assert extended.extended_due_on > extended.due_on >= TODAY
    paused = SubjectRequest.objects.get(status=RequestStatus.PAUSED)
    assert paused.pauses.get().answered_on is None


def test_it_writes_every_request_through_the_services(seeded):
    """R-DSR-11: each has its receipt row, its domain event and terms from the installed policy."""
    requests = SubjectRequest.objects.all()
    assert DomainEvent.objects.filter(verb="subject_request.created").count() == requests.count() == 10
    assert RequestStatusChange.objects.filter(old_status="").count() == 10
    for request in requests:
        assert request.deadline_policy is not None
        assert request.status_changes.last().new_status == request.status
    # R-DSR-5: the destruction request carries its destroy-by date, three months after receipt.
    destruction = SubjectRequest.objects.get(request_type=RequestType.DESTRUCTION)
    assert destruction.destroy_by == dt.date(2026, 5, 24)
    # R-DSR-3: the granted rectification corrected the entry, then was fulfilled.
    rectification = SubjectRequest.objects.get(request_type=RequestType.RECTIFICATION)
    assert rectification.decided_on == rectification.completed_on == TODAY
    assert DomainEvent.objects.filter(verb="subject_request.rectified").count() == 1


def test_it_has_a_parent_for_a_child_under_12_and_a_14_year_old_with_a_parent(seeded):
    """R-DSR-7: under 12 the legal representative acts; from 12 to 15 with the child together."""
    lotte = SubjectRequest.objects.get(subject__given_names="Lotte")
    daan = SubjectRequest.objects.get(subject__given_names="Daan")

    assert (lotte.subject_age_on_receipt, lotte.requester_role, lotte.signatories) == (
        9,
        RequesterRole.REPRESENTATIVE,
        "representatives",
    )
    assert lotte.representation_proven_on == lotte.received_on  # R-DSR-9
    assert (daan.subject_age_on_receipt, daan.requester_role, daan.signatories) == (
        14,
        RequesterRole.JOINT,
        "together",
    )


def test_it_proposes_redactions_of_third_parties_only(seeded):
    """R-DSR-14: the other household members' names in Lotte's entries, never Lotte's own."""
    lotte = SubjectRequest.objects.get(subject__given_names="Lotte")
    proposals = RedactionProposal.objects.filter(request=lotte)

    matched = set(proposals.values_list("matched_text", flat=True))
    assert {"Daan", "Ineke Bakker", "Mark"} <= matched
    assert "Lotte" not in matched
    assert set(proposals.values_list("status", flat=True)) == {"proposed"}
    assert not proposals.filter(third_party=lotte.subject).exists()


def test_it_shows_an_overdue_request_on_the_dpo_dashboard(seeded):
    police_dpo = User.objects.get(username="heddlu-dpo")
    vt_dpo = User.objects.get(username="vt-dpo")

    overdue = list(requests_overdue(user=police_dpo, on=TODAY))

    assert [r.requester_name for r in overdue] == ["Rhys Morgan"]
    assert overdue[0].due_on < TODAY
    assert not requests_overdue(user=vt_dpo, on=TODAY).exists()
    assert not destructions_overdue(user=vt_dpo, on=TODAY).exists()
    # Nothing due within a week yet: every other running request was received recently.
    assert not requests_due_soon(user=police_dpo, on=TODAY).exists()


def test_it_records_parental_authority_and_consents_in_each_state(seeded):
    """R-CON-2: both parents hold authority; both sign for Lotte (9), with Daan (14) for him."""
    assert LegalRelation.objects.filter(has_parental_authority=True, ended_on__isnull=True).count() == 4
    consents = {c.subject.given_names + ":" + c.counterparty_kind: c for c in Consent.objects.all()}
    valid = consents["Lotte:school"]
    expiring = consents["Daan:care_worker"]
    withdrawn = consents["Lotte:municipality"]

    assert valid.holds_on(TODAY) and valid.valid_until > TODAY + dt.timedelta(days=30)
    assert expiring.holds_on(TODAY) and TODAY < expiring.valid_until <= TODAY + dt.timedelta(days=30)
    assert withdrawn.withdrawn_on == TODAY and not withdrawn.holds_on(TODAY)
    assert withdrawn.withdrawn_by.given_names == "Mark"
    assert valid.signatories.count() == 2
    assert set(expiring.signatories.values_list("person__given_names", flat=True)) == {
        "Sanne",
        "Mark",
        "Daan",
    }
    assert DomainEvent.objects.filter(verb="consent.recorded").count() == 3


def test_it_adds_nothing_on_a_second_run_even_a_day_later(seeded):
    counts = {
        model: model.objects.count()
        for model in (
            SubjectRequest,
            RequestStatusChange,
            RedactionProposal,
            Consent,
            LegalRelation,
            DomainEvent,
        )
    }
    out = io.StringIO()

    with time_machine.travel(dt.datetime(2026, 3, 3, 12, tzinfo=dt.UTC), tick=False):
        call_command("seed_demo", records=3, dossiers=2, stdout=out)

    assert {model: model.objects.count() for model in counts} == counts
    assert "0 subject-rights items added" in out.getvalue()


def test_it_gives_the_demo_logins_full_queues_and_registers(seeded, client):
    """The screens a new user of ``make run`` opens show the demo, to its own organisation only."""
    lotte = SubjectRequest.objects.get(subject__given_names="Lotte")
    client.force_login(User.objects.get(username="vt-caseworker"))

    queue = client.get(reverse("subject_rights:request_list"))
    review = client.get(reverse("subject_rights:disclosure_review", args=[lotte.pk]))
    register = client.get(reverse("subject_rights:consent_register", args=[lotte.subject_id]))

    assert queue.status_code == review.status_code == register.status_code == 200
    assert lotte.reference in queue.content.decode()
    assert "Ineke Bakker" in review.content.decode()
    assert "Basisschool De Regenboog" in register.content.decode()
    # Another organisation's demo user sees none of it.
    client.force_login(User.objects.get(username="heddlu-caseworker"))
    assert lotte.reference not in client.get(reverse("subject_rights:request_list")).content.decode()
    assert client.get(reverse("subject_rights:request_detail", args=[lotte.pk])).status_code == 404
