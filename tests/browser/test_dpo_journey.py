"""The DPO's compliance journey in the browser (issue 6): sign in, land on the compliance
dashboard (R-REC-9), see the charts drawn by the vendored Chart.js beside their data tables,
and drill into the overdue subject requests (R-DSR-11). The fixture saves a screenshot of
the last page, the overdue list."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from access_control.models import Role
from subject_rights.models import RequestStatus
from tests.compliance.factories import SubjectRequestFactory
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def dpo(organisation):
    return UserFactory(organisation=organisation, role=Role.DPO, first_name="Dana", last_name="Officer")


@pytest.fixture
def overdue_request(organisation):
    today = timezone.localdate()
    subject = PersonFactory(organisation=organisation, given_names="Noor", family_name="Bakker")
    return SubjectRequestFactory(
        organisation=organisation,
        reference="SR-OVERDUE-1",
        subject=subject,
        status=RequestStatus.IN_PROGRESS,
        received_on=today - datetime.timedelta(days=60),
        due_on=today - datetime.timedelta(days=30),
    )


def test_the_dpo_opens_the_dashboard_and_drills_into_overdue_requests(page, sign_in, dpo, overdue_request):
    SubjectRequestFactory(
        organisation=dpo.organisation,
        reference="SR-ON-TRACK",
        received_on=timezone.localdate(),
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )

    sign_in(dpo)
    page.goto("/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Compliance dashboard")
    expect(page.get_by_role("link", name="Compliance", exact=True)).to_be_visible()
    # Chart.js drew the charts; the same figures stay in the tables for screen readers.
    expect(page.locator("canvas[data-chart-source]").first).to_be_visible()
    drawn = page.evaluate(
        "() => Array.from(document.querySelectorAll('canvas[data-chart-source]'))"
        ".filter((canvas) => window.Chart.getChart(canvas)).length"
    )
    assert drawn == 6
    # Each chart's table is folded away once the chart is drawn, and opens with one click.
    backlog_table = page.get_by_role("table", name="Open reviews by how long they have waited")
    expect(backlog_table).to_be_hidden()
    page.get_by_text("The figures as a table: Open reviews by how long they have waited").click()
    expect(backlog_table).to_be_visible()

    page.get_by_role("link", name="overdue requests (now)").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Overdue subject requests")
    table = page.get_by_role("table", name="Overdue subject requests")
    expect(table).to_contain_text("SR-OVERDUE-1")
    expect(table).to_contain_text("Noor Bakker")
    expect(table).not_to_contain_text("SR-ON-TRACK")
    expect(page.get_by_text("1 row", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Download all rows as CSV")).to_be_visible()
