"""Shared test set-up: database selection markers and the three personas.

Tests run on PostgreSQL when DATABASE_URL points at it (CI) and on SQLite otherwise;
tests marked ``postgres`` need PostgreSQL itself and are skipped only on SQLite.
"""

from pathlib import Path

import pytest
from django.db import connection

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
