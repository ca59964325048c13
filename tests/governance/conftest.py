"""Personas of the governance registers, in a school.

dsl: on the DSL team (designated by an administrator); reporter: a teacher who logs a
concern; colleague: a teacher of the same school, uninvolved (refused); outsider: a DSL of
another school (refused: organisations are sealed); dpo, administrator, auditor.
"""

import datetime as dt

import pytest
import time_machine

from access_control.models import Role
from governance.models import DslRole
from retention.services.schedules import schedules_install_defaults
from tests.factories import PersonFactory, UserFactory
from tests.governance.factories import DesignationFactory, SchoolFactory


@pytest.fixture
def school(db):
    organisation = SchoolFactory(name="Goldwyn School Test", slug="goldwyntest")
    schedules_install_defaults(
        acting_user=UserFactory(organisation=organisation, role=Role.RECORDS_OFFICER),
        organisation=organisation,
    )
    return organisation


@pytest.fixture
def other_school(db):
    return SchoolFactory(name="Other School", slug="otherschool")


@pytest.fixture
def administrator(school):
    return UserFactory(organisation=school, role=Role.ADMINISTRATOR, first_name="Ada", last_name="Admin")


@pytest.fixture
def dsl(school, administrator):
    user = UserFactory(organisation=school, role=Role.TEAM_LEADER, first_name="Kerry", last_name="Greene")
    DesignationFactory(organisation=school, user=user, role=DslRole.LEAD, designated_by=administrator)
    return user


@pytest.fixture
def deputy(school, administrator):
    user = UserFactory(organisation=school, role=Role.CASEWORKER, first_name="Dee", last_name="Deputy")
    DesignationFactory(organisation=school, user=user, role=DslRole.DEPUTY, designated_by=administrator)
    return user


@pytest.fixture
def reporter(school):
    return UserFactory(organisation=school, role=Role.CASEWORKER, first_name="Rita", last_name="Reporter")


@pytest.fixture
def colleague(school):
    return UserFactory(organisation=school, role=Role.CASEWORKER, first_name="Cees", last_name="Colleague")


@pytest.fixture
def dpo(school):
    return UserFactory(
        organisation=school, role=Role.DPO, first_name="Dana", last_name="Dpo", email="dpo@school.test"
    )


@pytest.fixture
def auditor(school):
    return UserFactory(organisation=school, role=Role.AUDITOR)


@pytest.fixture
def outsider(other_school):
    user = UserFactory(organisation=other_school, role=Role.DPO, first_name="Otto", last_name="Outsider")
    DesignationFactory(organisation=other_school, user=user)
    return user


@pytest.fixture
def pupil(school):
    return PersonFactory(
        organisation=school, given_names="Sam", family_name="Pupil", date_of_birth=dt.date(2012, 3, 14)
    )


@pytest.fixture
def at():
    """``with at(2026, 9, 1, 12):`` freezes the clock (UTC) there."""

    def _at(*parts):
        moment = (
            dt.datetime(*parts, tzinfo=dt.UTC) if len(parts) > 3 else dt.datetime(*parts, 12, tzinfo=dt.UTC)
        )
        return time_machine.travel(moment, tick=False)

    return _at


def counts(*models) -> tuple[int, ...]:
    return tuple(model.objects.count() for model in models)
