"""Break-glass in the browser (R-ACC-5): a colleague who is not involved opens a dossier in
an emergency, sees the banner, and the DPO reviews it."""

import pytest
from playwright.sync_api import expect

from access_control.models import BreakGlassAccess, Role
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.browser

REASON = "Police at the door asking about the children tonight"


def test_a_colleague_breaks_the_glass_and_the_dpo_reviews_it(page, sign_in, organisation):
    dossier = DossierFactory(organisation=organisation, reference="VT-GLASS-9", household_name="Bakker")
    colleague = UserFactory(organisation=organisation, role=Role.CASEWORKER)
    sign_in(colleague)

    page.goto(f"/dossiers/{dossier.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are not involved in this item")
    page.get_by_role("button", name="Open it for a limited time").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why you need to open it.")

    page.get_by_label("Why do you need to open it now?").fill(REASON)
    page.get_by_label("I understand this access is logged and reviewed.").check()
    page.get_by_role("button", name="Open it for a limited time").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Bakker")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Break-glass access")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(REASON)

    page.get_by_role("button", name="Sign out").click()
    sign_in(UserFactory(organisation=organisation, role=Role.DPO))
    page.goto("/access/break-glass/")
    expect(page.get_by_role("table")).to_contain_text(REASON)
    page.get_by_role("link", name="Review").click()
    page.get_by_label("Review note").fill("Checked with the team leader: justified.")
    page.get_by_role("button", name="Mark as reviewed").click()
    expect(page.get_by_role("table")).to_contain_text("Reviewed")
    assert BreakGlassAccess.objects.get().reviewed_at is not None


def test_an_administrator_reads_and_changes_the_matrix(page, sign_in, organisation):
    sign_in(UserFactory(organisation=organisation, role=Role.ADMINISTRATOR))

    page.goto("/access/matrix/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Authorisation matrix")
    page.get_by_role("button", name="Change the rights").click()
    page.get_by_label("Auditor: Add").first.select_option("organisation")
    page.get_by_label("Why are the rights changing?").fill("Management decision of 3 March")
    page.get_by_role("button", name="Save the rights").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 rights changed.")
