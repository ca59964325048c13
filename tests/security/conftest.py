"""Personas for the sign-in hardening tests: one user per role of an organisation, plus a
records officer of another organisation."""

import pytest
from django.core.cache import cache

from access_control.models import Role
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    # django-otp and the API throttle keep state in the cache; start every test empty.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Heddlu Security", slug="heddlusec")


@pytest.fixture
def make_user(org):
    def _make(role, **kwargs):
        return UserFactory(organisation=kwargs.pop("organisation", org), role=role, **kwargs)

    return _make


@pytest.fixture
def officer(make_user):
    return make_user(Role.RECORDS_OFFICER, username="officer")


@pytest.fixture
def caseworker(make_user):
    return make_user(Role.CASEWORKER, username="caseworker")
