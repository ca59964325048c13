"""The governance start page, navigation, the retention figure of an entry and the demo."""

import datetime as dt

import pytest
from django.urls import reverse

from access_control.models import Role
from governance.dates import retention_figure
from governance.demo import governance_demo_ensure
from governance.models import Policy, SafeguardingDesignation
from retention.models import RecordClass
from tests.factories import UserFactory
from tests.governance.factories import BreachFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["reporter", "dsl", "dpo", "auditor", "administrator"])
def test_every_member_of_staff_reaches_the_overview_from_the_navigation(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("governance:overview"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1" in body and "Safeguarding and governance" in body
    assert f'href="{reverse("governance:overview")}"' in body


def test_the_dpo_sees_what_needs_attention_and_a_teacher_does_not(client, dpo, reporter, school, at):
    with at(2026, 3, 10):
        BreachFactory(organisation=school, discovered_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
        client.force_login(dpo)
        body = client.get(reverse("governance:overview")).content.decode()
        assert "1 breach past the 72-hour clock" in body
        client.force_login(reporter)
        assert "72-hour clock" not in client.get(reverse("governance:overview")).content.decode()


def test_an_api_client_account_has_no_governance_pages(client, school):
    client.force_login(UserFactory(organisation=school, role=Role.API_CLIENT))
    assert client.get(reverse("governance:overview")).status_code == 403


def test_a_closed_trigger_gives_no_date_while_open(school):
    record_class = RecordClass.objects.get(
        organisation=school, code="SCH-CONSENT"
    )  # closed + 2 y, end of year

    open_entry = retention_figure(
        record_class=record_class,
        created_on=dt.date(2026, 1, 5),
        closed_on=None,
        last_event_on=None,
        births=[],
        organisation=school,
    )
    closed = retention_figure(
        record_class=record_class,
        created_on=dt.date(2026, 1, 5),
        closed_on=dt.date(2026, 2, 1),
        last_event_on=None,
        births=[],
        organisation=school,
    )

    assert open_entry.due_on is None and "still open" in open_entry.explanation
    assert closed.due_on == dt.date(2028, 12, 31)
    assert "SCH-CONSENT v1" in closed.explanation


def test_an_entry_without_a_schedule_says_so(school):
    figure = retention_figure(
        record_class=None,
        created_on=dt.date(2026, 1, 5),
        closed_on=None,
        last_event_on=None,
        births=[],
        organisation=school,
    )
    assert figure.due_on is None and "no retention schedule" in figure.explanation


def test_the_demo_designates_a_dsl_and_registers_a_policy_once(school):
    users = {role: UserFactory(organisation=school, role=role) for role in Role.values}

    assert governance_demo_ensure(users, today=dt.date(2026, 11, 23)) == 2
    assert governance_demo_ensure(users, today=dt.date(2026, 11, 23)) == 0
    assert SafeguardingDesignation.objects.get().user == users[Role.TEAM_LEADER]
    assert Policy.objects.get().next_review_on == dt.date(2027, 11, 17)
