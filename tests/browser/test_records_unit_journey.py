"""A records-unit officer's disposal journey in the browser (issue 3/6): one officer builds
the batch, another approves it after typing their password again (four eyes and
re-authentication), executes it, follows the progress, and downloads the destruction
certificate as a PDF. Celery runs eagerly in the test settings, so execution finishes
within the request that starts it."""

import datetime
import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from access_control.models import OrganisationKind, Role
from records.models import CopyKind, Record
from retention import engine
from retention.models import BatchStatus, DisposalBatch, RecordClass
from retention.services.schedules import schedules_install_defaults
from tests.factories import (
    DEFAULT_PASSWORD,
    OrganisationFactory,
    PersonFactory,
    RecordCopyFactory,
    RecordFactory,
    RecordSubjectFactory,
    SubjectEventFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def police():
    return OrganisationFactory(
        name="Heddlu Browser", slug="hbrowser", kind=OrganisationKind.POLICE_FORCE, jurisdiction="GB-WLS"
    )


@pytest.fixture
def builder(police):
    return UserFactory(organisation=police, role=Role.RECORDS_OFFICER, first_name="Alun", last_name="Builder")


@pytest.fixture
def approver(police):
    return UserFactory(
        organisation=police, role=Role.RECORDS_OFFICER, first_name="Bethan", last_name="Approver"
    )


@pytest.fixture
def due_record(police, builder):
    """A group 3 record whose six-year clear period ended years ago (R-REC-7: automatic)."""
    schedules_install_defaults(acting_user=builder, organisation=police)
    record_class = RecordClass.objects.get(organisation=police, code="MOPI-3")
    record = RecordFactory(
        organisation=police,
        reference="CUST-2010-0042",
        record_class=record_class,
        category=record_class.category,
        created_on=datetime.date(2010, 1, 1),
    )
    person = PersonFactory(organisation=police)
    RecordSubjectFactory(record=record, person=person)
    SubjectEventFactory(person=person, record=record, occurred_on=datetime.date(2011, 1, 1))
    RecordCopyFactory(record=record, kind=CopyKind.ELECTRONIC, location="Custody system")
    engine.recompute_all(organisation_id=police.pk)
    return record


def _password(page, form_action: str):
    return page.locator(f"form[action$='/{form_action}/']").get_by_label("Your password")


def test_it_lets_two_officers_build_approve_and_execute_a_batch_and_download_the_certificate(
    page, sign_in, builder, approver, due_record
):
    """R-REC-7 (automatic group 3), R-REC-4 (every copy), R-REC-9 (records unit, four eyes)."""
    sign_in(builder)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Records unit").click()
    page.get_by_role("navigation", name="Records unit").get_by_role("link", name="Disposal batches").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Disposal batches")
    page.get_by_role("button", name="Build batches now").click()

    batch = DisposalBatch.objects.get()
    expect(page.get_by_text(f"1 batch built: {batch.number}.")).to_be_visible()
    batches = page.get_by_role("table", name="Disposal batches")
    expect(batches.get_by_role("row").filter(has_text=batch.number)).to_contain_text("Proposed")
    batches.get_by_role("link", name=batch.number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(batch.number)
    items = page.get_by_role("table", name="Items in the batch")
    expect(items.get_by_role("link", name=due_record.reference, exact=True)).to_be_visible()
    expect(items).to_contain_text("MOPI-3")  # why it is due: the schedule and its version
    expect(
        page.get_by_text("You built this batch: another records-unit officer must approve it.")
    ).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(approver)
    page.goto("/retention/batches/")
    page.get_by_role("table", name="Disposal batches").get_by_role("link", name=batch.number).click()
    # Re-authentication is real: a wrong password is refused and nothing is approved.
    _password(page, "approve").fill("not my password")
    page.get_by_role("button", name="Approve the batch").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The password is not correct.")
    assert DisposalBatch.objects.get().status == BatchStatus.PROPOSED
    _password(page, "approve").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Approve the batch").click()
    expect(page.get_by_text(f"Batch {batch.number} is approved. It can now be executed.")).to_be_visible()
    expect(page.get_by_role("table", name="Approvals")).to_contain_text("Bethan Approver")

    _password(page, "execute").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Execute the batch").click()
    expect(page.get_by_text(f"Execution of batch {batch.number} has started.")).to_be_visible()
    progress = page.locator("#batch-progress")
    expect(progress.get_by_text("1 of 1 item processed")).to_be_visible()
    expect(progress.get_by_role("progressbar")).to_have_attribute("value", "1")
    expect(progress).to_contain_text("Completed on")

    certificate_link = progress.get_by_role("button", name="Download certificate")
    with page.expect_download() as download_info:
        certificate_link.click()
    download = download_info.value
    batch.refresh_from_db()
    certificate = batch.certificate
    assert download.suggested_filename == f"{certificate.number}.pdf"
    with open(download.path(), "rb") as pdf_file:
        content = pdf_file.read()
    assert content.startswith(b"%PDF-")
    text = "".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(content)).pages)
    assert certificate.number in text
    assert due_record.reference in text

    assert batch.status == BatchStatus.COMPLETED
    assert not Record.objects.filter(pk=due_record.pk).exists()
