"""Shared test set-up: database selection markers and the three personas.

Tests run on PostgreSQL when DATABASE_URL points at it (CI) and on SQLite otherwise;
tests marked ``postgres`` need PostgreSQL itself and are skipped only on SQLite.
"""

from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from tests.security.support import force_login_verified

# Browser tests drive Debian's Chromium (apt-get install chromium chromium-driver; .ci/run
# installs it), never a browser Playwright downloads.
CHROMIUM = Path("/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    if not CHROMIUM.exists():
        skip_browser = pytest.mark.skip(
            reason=f"needs Chromium at {CHROMIUM}: apt-get install chromium chromium-driver"
        )
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip_browser)

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in engine:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL not set to PostgreSQL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _force_login_completes_the_second_factor(monkeypatch):
    """``client.force_login(user)`` is a finished sign-in, second factor included (see
    tests/security/support.py); the two-factor middleware itself stays on."""
    monkeypatch.setattr(Client, "force_login", force_login_verified)
