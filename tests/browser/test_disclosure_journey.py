"""A caseworker answers an access request in the browser (issue 4): starting from a request
whose requester's identity is already verified, they let the service find other people's
data in the subject's part of a household dossier, review each proposal (redact, or
disclose with a reason) one row at a time, build the disclosure pack, follow its progress
and download it. The downloaded PDF holds the subject's data and none of what was
redacted (R-DSR-1, R-DSR-2, R-DSR-14). Celery runs eagerly in the test settings, so the
pack is made within the request that asks for it."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from subject_rights.models import RedactionProposal
from tests.browser.conftest import ARTIFACTS_DIR
from tests.subject_rights.disclosure_factories import household
from tests.subject_rights.support import request_in_progress

pytestmark = pytest.mark.browser


def test_it_lets_a_caseworker_review_redactions_and_download_the_disclosure_pack(
    page, sign_in, caseworker, organisation
):
    home = household(organisation, caseworker)
    subject_request = request_in_progress(caseworker, home.eva)

    sign_in(caseworker)
    page.goto(f"/requests/{subject_request.pk}/")
    page.get_by_role("link", name="Review redactions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review redactions")
    expect(page.get_by_text("Eva Jansen reported that")).to_be_visible()
    expect(page.get_by_text("PIET-ONLY")).to_have_count(0)  # another member's entry (R-DSR-1)

    page.get_by_role("button", name="Look for other people's data").click()
    expect(page.get_by_text("possible pieces of other people's data found")).to_be_visible()
    proposals = list(RedactionProposal.objects.filter(request=subject_request).order_by("pk"))
    assert len(proposals) >= 5

    # Sam is Eva's own child: she knows his name, so it is disclosed, with the reason.
    sam = next(p for p in proposals if p.matched_text == "Sam")
    card = page.locator(f"#redaction-{sam.pk}")
    card.get_by_label("Disclose", exact=True).check()
    card.get_by_label("Explanation").fill("Eva is Sam's mother and knows his name.")
    card.get_by_role("button", name="Save the review").click()
    expect(page.locator(f"#redaction-{sam.pk}")).to_contain_text("Review saved.")
    expect(page.locator(f"#redaction-{sam.pk}")).to_contain_text("Disclosed")
    expect(page.locator(f"#mark-{sam.pk}")).to_have_class(re.compile("app-redaction-mark--rejected"))

    for proposal in proposals:
        if proposal.pk == sam.pk:
            continue
        card = page.locator(f"#redaction-{proposal.pk}")
        card.get_by_label("Redact", exact=True).check()
        card.get_by_label("Why is it withheld?").select_option(label="Privacy of a third party")
        card.get_by_role("button", name="Save the review").click()
        expect(page.locator(f"#redaction-{proposal.pk}")).to_contain_text("Review saved.")
    expect(page.locator("#redaction-counts")).to_contain_text("Every proposed redaction is reviewed.")
    # The reviewed page too, beside the last page the fixture keeps.
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / "test_disclosure_journey_review.png"), full_page=True)

    page.get_by_role("link", name="Disclosure pack and letter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Disclosure pack and response letter")
    page.get_by_role("button", name="Build the disclosure pack").click()
    expect(page.get_by_text("The disclosure pack is being made.")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the disclosure pack (PDF)").click()
    download = download_info.value
    page.screenshot(path=str(ARTIFACTS_DIR / "test_disclosure_journey_documents.png"), full_page=True)
    assert download.suggested_filename.startswith(subject_request.reference)
    with open(download.path(), "rb") as pdf_file:
        content = pdf_file.read()
    text = re.sub(r"\s+", " ", "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))
    assert "Eva Jansen reported that" in text
    assert "Sam" in text  # disclosed after review
    for withheld in ("Piet", "123456782", "14-02-1984", "PIET-ONLY", "SAM-ONLY"):
        assert withheld not in text, withheld
    assert f"Request {subject_request.reference}" in text and "page 1 of" in text

    page.goto(f"/requests/{subject_request.pk}/")
    expect(page.locator(".app-disclosure-panel")).to_contain_text("Ready")
