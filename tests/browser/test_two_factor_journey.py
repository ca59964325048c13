"""A DPO's first sign-in in the browser: password, then enrolment of an authenticator app
from the QR code page (the test types the key, as someone without a camera would), then
the dashboard; the next sign-in asks for a code (R-ACC-1)."""

from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from access_control.models import Role
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def _code_from_key(secret: str) -> str:
    secret = secret.replace(" ", "")
    return f"{totp(b32decode(secret + '=' * (-len(secret) % 8))):06d}"


def _password(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_it_enrols_an_authenticator_app_at_the_first_sign_in_then_asks_for_codes(page, organisation):
    dpo = UserFactory(organisation=organisation, role=Role.DPO, first_name="Dilys", last_name="Protector")

    _password(page, dpo)

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.locator("figure.app-qr-code svg")).to_be_visible()
    # Nothing else opens before the app is set up.
    page.goto("/records/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    page.get_by_label("Code from your authenticator app").fill("123")
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the code as 6 digits")

    secret = page.locator("code.app-secret").inner_text()
    page.get_by_label("Code from your authenticator app").fill(_code_from_key(secret))
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_text("Your authenticator app is set up.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Set up your authenticator app")

    page.get_by_role("button", name="Sign out").click()
    _password(page, dpo)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from your authenticator app")
