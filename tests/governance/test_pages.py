"""Every governance page renders for the role that uses it, with a heading, and the forms
render empty (GET) before anything is saved."""

import datetime as dt

import pytest
from django.urls import reverse

from governance.services.devices import device_confiscate
from governance.services.policies import policy_create
from governance.services.privacy import breach_report
from governance.services.register import activity_create, processor_create
from governance.services.safeguarding import concern_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(dpo, dsl, reporter, pupil):
    processor = processor_create(acting_user=dpo, name="MIS Ltd")
    return {
        "concern": concern_report(acting_user=reporter, category="content", summary="x", pupils=[pupil]),
        "device": device_confiscate(
            acting_user=reporter, pupil=pupil, description="Phone", reason="x", location="Drawer"
        ),
        "policy": policy_create(
            acting_user=dpo, title="AUP", kind="acceptable_use", owner=dpo, review_period="annual", text="x"
        ),
        "breach": breach_report(
            acting_user=reporter, summary="x", discovered_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        ),
        "processor": processor,
        "activity": activity_create(
            acting_user=dpo,
            name="Admin",
            purpose="x",
            legal_basis="public_task",
            subject_categories="x",
            data_categories="x",
            processors=[processor],
        ),
    }


PAGES = [
    ("dsl", "governance:concern_list", None),
    ("dsl", "governance:concern_detail", "concern"),
    ("reporter", "governance:concern_create", None),
    ("dsl", "governance:device_list", None),
    ("dsl", "governance:device_detail", "device"),
    ("reporter", "governance:device_create", None),
    ("dpo", "governance:policy_list", None),
    ("dpo", "governance:policy_detail", "policy"),
    ("dpo", "governance:policy_create", None),
    ("dpo", "governance:acknowledgements", None),
    ("dpo", "governance:breach_list", None),
    ("dpo", "governance:breach_detail", "breach"),
    ("reporter", "governance:breach_create", None),
    ("dpo", "governance:register", None),
    ("dpo", "governance:processor_detail", "processor"),
    ("dpo", "governance:processor_create", None),
    ("dpo", "governance:activity_detail", "activity"),
    ("dpo", "governance:activity_create", None),
    ("administrator", "governance:dsl_team", None),
]


@pytest.mark.parametrize(("persona", "name", "obj"), PAGES)
def test_the_page_renders_for_its_role(client, world, persona, name, obj, request):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse(name, args=[world[obj].pk] if obj else []))

    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">' in response.content.decode()
