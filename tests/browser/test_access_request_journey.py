"""An access request in the browser (issues 4 and 6): a caseworker opens a household
dossier, logs an access request for one of its members (the form shows who must sign as
soon as the subject and the date are chosen, R-DSR-7), verifies the requester's identity
(R-DSR-9) and ends on the request's page with the clock running (R-DSR-11)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from subject_rights.models import IdentityMethod, RequestStatus, SubjectRequest

pytestmark = pytest.mark.browser


def test_it_lets_a_caseworker_log_and_verify_an_access_request_for_a_household_member(
    page, sign_in, caseworker
):
    """R-DSR-7, R-DSR-9, R-DSR-11."""
    sign_in(caseworker)
    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Dossiers").click()
    page.get_by_role("button", name="Open a dossier").click()
    page.get_by_label("Household name").fill("De Wit household")
    page.get_by_label("Date of the report").fill("2025-01-15")
    member = page.get_by_role("group", name="Member 1")
    member.get_by_label("Role").select_option(label="Parent / carer")
    member.get_by_label("Given names").fill("Anke")
    member.get_by_label("Family name").fill("de Wit")
    member.get_by_label("Date of birth").fill("1983-03-03")
    page.get_by_role("button", name="Open the dossier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("De Wit household")

    # From the dossier, the member's requests; from there, log a new one.
    page.get_by_role("link", name="requests about Anke de Wit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Subject requests")
    expect(page.locator("#request-results")).to_contain_text("0 requests found")
    page.get_by_role("button", name="Log a request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a request")

    page.get_by_label("Type of request").select_option(label="Access")
    page.get_by_label("Received by").select_option(label="Email")
    page.get_by_label("Who is the request about?").select_option(label="Anke de Wit, born 03-03-1983")
    # htmx asks the server who must sign as soon as subject and date are known (R-DSR-7).
    capacity = page.get_by_test_id("capacity")
    expect(capacity).to_contain_text("The person themself")
    page.get_by_role("radio", name="The subject themself").check()
    page.get_by_label("What is asked").fill("A copy of everything you hold about me.")
    page.get_by_role("button", name="Log the request").click()

    request = SubjectRequest.objects.get()
    expect(page.get_by_text(f"Request {request.reference} is logged.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Access request about Anke de Wit")
    expect(page.get_by_test_id("deadline")).to_contain_text("days left")

    page.get_by_role("radio", name="Photo ID seen in person").check()
    page.get_by_role("button", name="Record the verification").click()

    expect(page.get_by_text("Identity verified: work on the request has started.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Access request about Anke de Wit")
    expect(page.locator("#history")).to_be_visible()
    expect(page.get_by_role("table", name="Status changes")).to_contain_text("Received to In progress")
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    assert request.identity_method == IdentityMethod.PHOTO_ID_SEEN
    assert request.received_on == timezone.localdate()
    assert request.subject.full_name == "Anke de Wit"
