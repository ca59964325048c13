"""A refused dossier form in the browser: the GOV.UK error summary names the problem,
takes the focus so a screen reader announces it, links to the field at fault, and
nothing is saved (atomic services)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from records.models import Dossier, DossierEntry, DossierMember, Person

pytestmark = pytest.mark.browser

SUMMARY_HAS_FOCUS = (
    "() => document.activeElement !== null && document.activeElement.matches('.govuk-error-summary')"
)


def _saved() -> tuple[int, int, int, int]:
    return (
        Dossier.objects.count(),
        DossierMember.objects.count(),
        Person.objects.count(),
        DossierEntry.objects.count(),
    )


def _expect_refused(page, message: str) -> None:
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(page).to_have_title("Error: Open a dossier – Retentie")
    # GOV.UK Frontend moves focus to the summary once the page has loaded.
    page.wait_for_function(SUMMARY_HAS_FOCUS)


def test_it_refuses_a_future_report_date_and_birth_date_with_a_focused_error_summary(
    page, sign_in, caseworker
):
    """Bad input of issue 2: a birth date or a report date in the future is refused with a
    clear message in the form, and nothing is half-saved."""
    today = timezone.localdate()
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    sign_in(caseworker)
    before = _saved()
    page.goto("/dossiers/new/")

    page.get_by_label("Household name").fill("Future household")
    page.get_by_label("Date of the report").fill(tomorrow)
    page.get_by_label("The report", exact=True).fill("A report dated tomorrow.")
    row = page.get_by_role("group", name="Member 1")
    row.get_by_label("Role").select_option(label="Child")
    row.get_by_label("Given names").fill("Nova")
    row.get_by_label("Family name").fill("Future")
    row.get_by_label("Date of birth").fill(tomorrow)
    page.get_by_role("button", name="Open the dossier").click()

    # Both problems are named at once: the form checks the report date itself.
    _expect_refused(page, "A date of birth cannot be in the future.")
    expect(
        page.locator(".govuk-error-summary").get_by_role(
            "link", name="The report date cannot be in the future."
        )
    ).to_be_visible()
    assert _saved() == before
    # What was typed is shown again, and the summary's link takes the reader to the field.
    row = page.get_by_role("group", name="Member 1")
    expect(row.get_by_label("Date of birth")).to_have_value(tomorrow)
    expect(page.get_by_label("Household name")).to_have_value("Future household")
    page.locator(".govuk-error-summary").get_by_role(
        "link", name="A date of birth cannot be in the future."
    ).click()
    expect(row.get_by_label("Date of birth")).to_be_focused()

    row.get_by_label("Date of birth").fill("2019-06-01")
    page.get_by_role("button", name="Open the dossier").click()

    _expect_refused(page, "The report date cannot be in the future.")
    # The message is tied to its input, so a screen reader reads it with the field.
    expect(page.get_by_label("Date of the report")).to_have_accessible_description(
        re.compile("The report date cannot be in the future.")
    )
    assert _saved() == before

    page.get_by_label("Date of the report").fill(today.isoformat())
    page.get_by_role("button", name="Open the dossier").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Future household")
    dossier = Dossier.objects.get(household_name="Future household")
    assert dossier.report_date == today
    assert dossier.members.get().person.date_of_birth == datetime.date(2019, 6, 1)
