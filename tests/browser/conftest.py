"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

The browser is started once for all the journeys; each test gets a fresh context (no cookies,
no language choice carried over). The live server runs in a thread of this process and
reads what the test committed, hence ``transactional_db``. tests/conftest.py skips every
``browser`` test when /usr/bin/chromium is missing.
"""

import contextlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

from access_control.models import Role
from core.two_factor import policy
from tests.conftest import CHROMIUM
from tests.factories import DEFAULT_PASSWORD, OrganisationFactory, UnitFactory, UserFactory
from tests.security.support import current_code, totp_device_for

# Screenshots of each journey's last page, kept by CI as artefacts (git-ignored).
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright only talks to the already-installed Debian Chromium: no downloads, no
# network side traffic that would slow a run or leak outside the test machine.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 10_000
expect.set_options(timeout=DEFAULT_TIMEOUT_MS)


@pytest.fixture(scope="package")
def browser() -> Iterator:
    """One Chromium for all the journeys (package scope: it closes after the last one).

    While Playwright's sync API is started, this thread counts as running an event loop,
    and Django refuses ORM calls from it as "async unsafe". The test's own calls
    (factories, assertions) are ordinary synchronous calls on its own connection, so the
    check is lifted for the journeys only and restored for the rest of the suite.
    """
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db, request) -> Iterator:
    """A page in a fresh browser context, in English, with a full-page screenshot of the
    last page saved as test-artifacts/<test name>.png when the test ends."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield page
    finally:
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        # A failed screenshot (a crashed page) must not hide the test's own outcome.
        with contextlib.suppress(PlaywrightError):
            page.screenshot(path=str(ARTIFACTS_DIR / f"{name}.png"), full_page=True)
        context.close()


@pytest.fixture
def sign_in(page) -> Callable:
    """Sign in through the login page, as a person would."""

    def _sign_in(user, password: str = DEFAULT_PASSWORD) -> None:
        # Records officers, the DPO and administrators also enter a code from their
        # authenticator app: the test plays the app, computing it from the device's key.
        device = totp_device_for(user) if policy.role_requires_two_factor(user) else None
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        if device is not None:
            page.get_by_label("Code from your authenticator app").fill(current_code(device))
            page.get_by_role("button", name="Continue").click()
        page.get_by_role("button", name="Sign out").wait_for()
        if device is not None:
            expect(page.get_by_label("Code from your authenticator app")).to_have_count(0)

    return _sign_in


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Veilig Thuis Browser", slug="vtbrowser")


@pytest.fixture
def team(organisation):
    return UnitFactory(organisation=organisation, name="Team North")


@pytest.fixture
def caseworker(organisation, team):
    return UserFactory(
        organisation=organisation, role=Role.CASEWORKER, units=[team], first_name="Olga", last_name="Owner"
    )
