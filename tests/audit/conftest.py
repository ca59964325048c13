"""Personas and helpers for the audit and access-log tests.

owner: a caseworker involved in the dossier (R-ACC-5); colleague: same organisation, not
involved; outsider: another organisation; dpo and auditor read the access log.
"""

import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection

from access_control.models import Role
from records.models import EntryAttachment
from tests.factories import (
    DossierEntryFactory,
    DossierFactory,
    DossierMemberFactory,
    OrganisationFactory,
    RecordFactory,
    RecordSubjectFactory,
    UserFactory,
    grant,
)
from tests.retention.conftest import police  # noqa: F401 - a fixture, used by the scrub tests

# The migration that installs the append-only triggers; tests run without migrations, so
# the trigger tests install them through the migration's own functions.
TRIGGER_MIGRATION = importlib.import_module("core.migrations.0003_audit_append_only")


@pytest.fixture
def append_only():
    """The PostgreSQL append-only triggers, installed as migration core 0003 does."""
    with connection.schema_editor() as editor:
        TRIGGER_MIGRATION.install(apps, editor)
    yield
    with connection.schema_editor() as editor:
        TRIGGER_MIGRATION.uninstall(apps, editor)


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Veilig Thuis Audit", slug="vtaudit")


@pytest.fixture
def owner(org):
    return UserFactory(organisation=org, role=Role.CASEWORKER, first_name="Olga", last_name="Owner")


@pytest.fixture
def colleague(org):
    return UserFactory(organisation=org, role=Role.CASEWORKER, first_name="Cees", last_name="Colleague")


@pytest.fixture
def outsider(db):
    return UserFactory(role=Role.CASEWORKER, first_name="Otto", last_name="Outsider")


@pytest.fixture
def dpo(org):
    return UserFactory(organisation=org, role=Role.DPO, first_name="Dana", last_name="Protection")


@pytest.fixture
def auditor(org):
    return UserFactory(organisation=org, role=Role.AUDITOR)


@pytest.fixture
def dossier(org, owner):
    dossier = DossierFactory(organisation=org, reference="VT-2025-00042", household_name="Visser household")
    DossierMemberFactory(dossier=dossier)
    DossierMemberFactory(dossier=dossier)
    grant(owner, dossier)
    return dossier


@pytest.fixture
def record(org, owner):
    record = RecordFactory(organisation=org, reference="REC-0042", title="Custody record 42")
    RecordSubjectFactory(record=record)
    grant(owner, record)
    return record


@pytest.fixture
def attachment(dossier, owner):
    entry = DossierEntryFactory(dossier=dossier, author=owner)
    return EntryAttachment.objects.create(
        entry=entry,
        file=ContentFile(b"%PDF-1.4 school report", name="report.pdf"),
        original_name="report.pdf",
        content_type="application/pdf",
        size=22,
        sha256="0" * 64,
        uploaded_by=owner,
    )


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
