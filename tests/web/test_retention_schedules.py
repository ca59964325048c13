"""Schedules and record classes in the browser: read, version history, and a new version
whose rule parts the service checks (issue 3 "Bad input"; R-REC-7)."""

import pytest
from django.urls import reverse

from access_control.models import Role
from retention.models import ScheduleVersion
from tests.web.retention_support import content, police_force, user

pytestmark = pytest.mark.django_db

LIST_URL = reverse("retention:schedule_list")


def _url(name: str, schedule) -> str:
    return reverse(f"retention:{name}", kwargs={"pk": schedule.pk})


@pytest.fixture
def police():
    return police_force()


@pytest.fixture
def officer(police):
    return user(police)


@pytest.fixture
def group2(police):
    return police.retention_schedules.get(code="MOPI-2")


def _data(**overrides) -> dict:
    """The rule parts of MoPI group 2 with a 12-year clear period."""
    return {
        "action": "review",
        "period_years": "12",
        "period_months": "0",
        "period_days": "0",
        "trigger": "last_event",
        "trigger_event_kind": "",
        "rounding": "none",
        "extend_until_youngest_child_age": "",
        "review_interval_years": "10",
        "automation": "human_review",
        "police_group": "2",
        "legal_basis": "APP Information Management, as amended by the force's 2026 review.",
        "change_note": "The force's risk appetite changed (SIRO decision 2026-04).",
        **overrides,
    }


def test_it_lists_the_schedules_in_words_and_the_record_classes(client, officer):
    client.force_login(officer)

    page = content(client.get(LIST_URL))

    for text in (
        "MOPI-3",
        "MoPI group 3 — all other offences",
        "Destroy after 6 years, counted from the latest event about the subject (clear period).",
        "Automatic (after the organisation&#x27;s approvals).",
        "Record classes",
        "CORP-FIN",
    ):
        assert text in page


def test_it_shows_the_version_history_with_its_rule_parts(client, officer, group2):
    client.force_login(officer)

    page = content(client.get(_url("schedule_detail", group2)))

    for text in (
        "Version 1",
        "In force",
        "Group 2 — other sexual, violent or serious offences",
        "Every 10 years",
    ):
        assert text in page


def test_it_fills_the_new_version_form_with_the_version_in_force(client, officer, group2):
    client.force_login(officer)

    form = client.get(_url("schedule_revise", group2)).context["form"]

    assert form.initial["period_years"] == 10
    assert form.initial["police_group"] == "2"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"period_years": "0"}, "period_years", "The retention period must be longer than zero."),
        ({"period_months": "-3"}, "period_months", "A period cannot be negative."),
        (
            {"automation": "automatic", "action": "destroy"},
            "automation",
            "Groups 1 and 2 always go to a human review",
        ),
        ({"change_note": " "}, "change_note", "Enter why the schedule changes."),
        ({"legal_basis": ""}, "legal_basis", "Enter the legal basis."),
    ],
)
def test_it_refuses_a_version_it_cannot_apply_on_the_field_at_fault(
    client, officer, group2, overrides, field, message
):
    client.force_login(officer)

    response = client.post(_url("schedule_revise", group2), _data(**overrides))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "govuk-error-summary" in content(response)
    assert ScheduleVersion.objects.filter(schedule=group2).count() == 1


def test_it_puts_a_new_version_in_force_and_shows_it_in_the_history(client, officer, group2):
    client.force_login(officer)

    response = client.post(_url("schedule_revise", group2), _data(), follow=True)

    group2.refresh_from_db()
    assert response.redirect_chain == [(_url("schedule_detail", group2), 302)]
    assert (group2.current_version.number, group2.current_version.period_years) == (2, 12)
    assert group2.current_version.created_by == officer
    page = content(response)
    assert "Version 2 of MOPI-2 is now in force." in page
    assert page.index("Version 2") < page.index("Version 1")
    assert "The force&#x27;s risk appetite changed (SIRO decision 2026-04)." in page


def test_it_lets_an_asset_owner_revise_but_not_a_team_leader_or_the_dpo(client, police, group2):
    client.force_login(user(police, Role.ASSET_OWNER))
    assert client.get(_url("schedule_revise", group2)).status_code == 200
    for role in (Role.TEAM_LEADER, Role.DPO):
        client.force_login(user(police, role))
        assert client.get(_url("schedule_detail", group2)).status_code == 200
        assert client.post(_url("schedule_revise", group2), _data()).status_code == 403
    assert ScheduleVersion.objects.filter(schedule=group2).count() == 1


def test_it_refuses_the_schedules_to_a_caseworker(client, police, group2):
    client.force_login(user(police, Role.CASEWORKER))

    assert client.get(LIST_URL).status_code == 403
    assert client.get(_url("schedule_detail", group2)).status_code == 403
    assert client.post(_url("schedule_revise", group2), _data()).status_code == 403


def test_it_hides_a_schedule_from_another_organisation(client, group2):
    client.force_login(user(police_force()))

    assert client.get(_url("schedule_detail", group2)).status_code == 404
    assert client.post(_url("schedule_revise", group2), _data()).status_code == 404
    assert ScheduleVersion.objects.filter(schedule=group2).count() == 1
