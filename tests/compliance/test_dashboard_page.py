"""The compliance dashboard page: who may open it, the period filter, charts with data tables,
and the DPO landing on it (R-REC-9)."""

import json
import re

import pytest
from django.urls import reverse

from access_control.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("compliance:dashboard")


def test_it_sends_the_dpo_from_the_start_page_to_the_compliance_dashboard(login, dpo):
    response = login(dpo).get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"] == URL


@pytest.mark.parametrize("role", ["dpo", "auditor"])
def test_it_shows_the_oversight_roles_their_figures(world, login, request, role):
    response = login(request.getfixturevalue(role)).get(URL, {"from_month": "2026-01", "to_month": "2026-06"})

    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures.requests.open, figures.requests.overdue) == (4, 1)
    content = response.content.decode()
    assert "<h1" in content and "Compliance dashboard" in content
    assert f'href="{reverse("compliance:list", args=["requests-overdue"])}"' in content


def test_each_chart_has_its_json_for_chartjs_and_a_data_table(world, login, dpo):
    response = login(dpo).get(URL, {"from_month": "2026-01", "to_month": "2026-06"})
    content = response.content.decode()

    sources = re.findall(r'<script id="(chart-[a-z_]+-data)" type="application/json">(.*?)</script>', content)
    assert {name for name, _json in sources} == {
        "chart-requests_volume-data",
        "chart-requests_on_time-data",
        "chart-requests_days-data",
        "chart-review_backlog-data",
        "chart-disposals-data",
        "chart-access_volume-data",
    }
    disposals = json.loads(dict(sources)["chart-disposals-data"])
    assert disposals["labels"][2] == "Mar 2026"
    assert disposals["datasets"][0] == {"label": "Destroy", "data": [0, 0, 2, 0, 0, 0]}
    # every canvas names its data and is followed by a table with the same figures
    assert content.count('<canvas role="img"') == 6
    assert content.count('class="govuk-table app-chart-table"') == 6
    assert "vendor/chartjs/chart.umd.min.js" in content
    # the table cell of March's destructions links to the list behind it
    assert "lists/disposals/?month=2026-03&amp;action=destroy" in content
    # a month of answers links to that month's answered requests
    assert "lists/requests-decided/?from_month=2026-03&amp;to_month=2026-03" in content


def test_it_explains_the_unusual_access_rule(world, login, dpo):
    content = login(dpo).get(URL, {"from_month": "2026-01", "to_month": "2026-06"}).content.decode()

    assert "more than 3 times the median" in content
    assert "The median is 2.5 entries per user; more than 7.5 is unusual." in content


def test_it_defaults_to_the_last_twelve_months(world, login, dpo):
    response = login(dpo).get(URL)

    period = response.context["period"]
    assert (f"{period.first_month:%Y-%m}", f"{period.last_month:%Y-%m}") == ("2025-07", "2026-06")


def test_a_period_ending_before_it_starts_is_an_error_and_the_default_is_shown(world, login, dpo):
    response = login(dpo).get(URL, {"from_month": "2026-05", "to_month": "2026-01"})

    assert response.status_code == 200
    assert "The to month must be the same as or after the from month." in response.content.decode()
    assert response.context["error_summary"]
    assert f"{response.context['period'].first_month:%Y-%m}" == "2025-07"


def test_a_malformed_month_is_an_error(world, login, dpo):
    response = login(dpo).get(URL, {"from_month": "last spring"})

    assert "Enter a month as year and month" in response.content.decode()


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.TEAM_LEADER, Role.RECORDS_OFFICER, Role.ADMINISTRATOR]
)
def test_it_refuses_other_roles(org, login, role):
    assert login(UserFactory(organisation=org, role=role)).get(URL).status_code == 403


def test_the_other_organisations_dpo_sees_only_their_own(world, login, outsider_dpo):
    response = login(outsider_dpo).get(URL, {"from_month": "2026-01", "to_month": "2026-06"})

    figures = response.context["figures"]
    assert (figures.requests.open, figures.past_due_total, figures.access.entries) == (1, 1, 50)
    assert "PAST-WAITING" not in response.content.decode()


def test_the_navigation_names_compliance_for_the_dpo_and_data_quality_for_team_leaders(
    world, login, dpo, team_leader
):
    nav_link = 'class="govuk-service-navigation__link" href="{}"'
    content = login(dpo).get(URL).content.decode()
    assert nav_link.format(URL) in content

    content = login(team_leader).get(reverse("compliance:sample_list")).content.decode()
    assert nav_link.format(reverse("compliance:sample_list")) in content
    assert "Data quality" in content
    assert nav_link.format(URL) not in content
