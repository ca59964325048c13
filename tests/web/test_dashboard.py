"""The start page per role, read through the selectors."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from access_control.models import Role
from records.models import DossierStatus, RecordCategory
from tests.factories import DossierFactory, PersonFactory, RecordFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


def test_it_shows_a_caseworker_their_open_dossiers_and_records(login, client, owner, dossier, record):
    others = DossierFactory(organisation=owner.organisation, household_name="Unrelated household")

    response = login(owner).get(reverse("dashboard"))

    content = response.content.decode()
    assert response.templates[0].name == "dashboard/casework.html"
    assert response.context["open_dossier_count"] == 1
    assert response.context["record_count"] == 1
    assert dossier.reference in content
    assert record.reference in content
    assert others.household_name not in content
    assert reverse("dossiers:create") in content


def test_it_leaves_closed_dossiers_off_the_caseworkers_list(login, owner, dossier):
    closed = DossierFactory(
        organisation=owner.organisation,
        status=DossierStatus.CLOSED,
        closed_on=datetime.date(2024, 6, 1),
        reference="VT-CLOSED",
    )
    grant(owner, closed)

    response = login(owner).get(reverse("dashboard"))

    assert list(response.context["open_dossiers"]) == [dossier]
    assert "VT-CLOSED" not in response.content.decode()


def test_it_shows_the_records_unit_records_by_category_and_this_years_closures(login, org, records_officer):
    RecordFactory(organisation=org, category=RecordCategory.POLICING_PURPOSE)
    RecordFactory(organisation=org, category=RecordCategory.POLICING_PURPOSE)
    RecordFactory(organisation=org, category=RecordCategory.BUSINESS)
    today = timezone.localdate()
    DossierFactory(
        organisation=org,
        status=DossierStatus.CLOSED,
        closed_on=today,
        reference="VT-THIS-YEAR",
        report_date=today.replace(month=1, day=1),
    )
    DossierFactory(
        organisation=org,
        status=DossierStatus.CLOSED,
        closed_on=datetime.date(2020, 5, 1),
        reference="VT-LONG-AGO",
    )

    response = login(records_officer).get(reverse("dashboard"))

    content = response.content.decode()
    assert response.templates[0].name == "dashboard/records_unit.html"
    assert response.context["categories"] == [
        (RecordCategory.POLICING_PURPOSE, "Policing purpose", 2),
        (RecordCategory.BUSINESS, "Business / corporate", 1),
    ]
    assert response.context["closed_count"] == 1
    assert "VT-THIS-YEAR" in content
    assert "VT-LONG-AGO" not in content


# The DPO starts on the compliance dashboard instead (tests/compliance/test_dashboard_page.py).
@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ADMINISTRATOR])
def test_it_shows_oversight_roles_the_organisation_totals(login, org, role, dossier, outsider):
    DossierFactory(organisation=org, status=DossierStatus.CLOSED, closed_on=datetime.date(2024, 6, 1))
    RecordFactory(organisation=org)
    DossierFactory(organisation=outsider.organisation)  # another organisation's: never counted
    PersonFactory(organisation=outsider.organisation)

    response = login(UserFactory(organisation=org, role=role)).get(reverse("dashboard"))

    assert response.templates[0].name == "dashboard/oversight.html"
    assert response.context["totals"] == {
        "dossiers_open": 1,
        "dossiers_closed": 1,
        "records": 1,
        "people": 2,  # the household of two; the other organisation's person is not counted
    }
