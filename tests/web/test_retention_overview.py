"""The records unit's start page and its place in the navigation (issue 6: a navigation
that matches the role)."""

import pytest
from django.urls import reverse

from access_control.models import Role
from tests.retention.disposal_support import build
from tests.web.retention_support import content, due_group3_record, open_review, police_force, user

pytestmark = pytest.mark.django_db

OVERVIEW_URL = reverse("retention:overview")


@pytest.fixture
def police():
    return police_force()


@pytest.mark.parametrize("role", [Role.RECORDS_OFFICER, Role.TEAM_LEADER, Role.DPO, Role.ASSET_OWNER])
def test_it_shows_the_records_unit_in_the_navigation_of_its_roles(client, police, role):
    client.force_login(user(police, role))

    page = content(client.get(reverse("dashboard"), follow=True))  # the DPO lands on compliance

    assert f'href="{OVERVIEW_URL}"' in page
    assert client.get(OVERVIEW_URL).status_code == 200


def test_it_leaves_the_records_unit_out_of_a_caseworkers_navigation(client, police):
    client.force_login(user(police, Role.CASEWORKER))

    assert f'href="{OVERVIEW_URL}"' not in content(client.get(reverse("dashboard")))
    assert client.get(OVERVIEW_URL).status_code == 403


def test_it_counts_the_work_waiting_in_each_queue(client, police):
    officer = user(police)
    open_review(police, "MOPI-2")
    due_group3_record(police)
    build(police, builder=officer)
    client.force_login(officer)

    response = client.get(OVERVIEW_URL)

    summary = response.context["summary"]
    assert (summary["open_reviews"], summary["proposed_batches"], summary["active_holds"]) == (1, 1, 0)
    page = content(response)
    assert "review waiting for a decision" in page
    assert "batch awaiting approval" in page
    assert 'aria-current="page"' in page


def test_it_shows_a_team_leader_no_disposal_batches(client, police):
    client.force_login(user(police, Role.TEAM_LEADER))

    page = content(client.get(OVERVIEW_URL))

    assert reverse("retention:batch_list") not in page
    assert reverse("retention:review_list") in page
    assert client.get(reverse("retention:batch_list")).status_code == 403
