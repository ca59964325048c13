"""The retention card of the record and dossier pages, and extending retention there
(R-WMO-3: team leaders only, with reasons, later only; recorded in the dossier)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from access_control.models import OrganisationKind, Role
from records.models import DossierEntry, DossierStatus, EntryKind, MemberRole
from retention import engine
from retention.explain import explain
from retention.models import RetentionExtension
from retention.services.holds import legal_hold_place
from retention.services.schedules import schedules_install_defaults
from tests.factories import DossierFactory, DossierMemberFactory, OrganisationFactory, UnitFactory, grant
from tests.retention.conftest import record_class
from tests.web.retention_support import content, due_group3_record, police_force, user

pytestmark = pytest.mark.django_db

REASON = "The youngest child's protection plan runs until 2036; the file is needed for it."


@pytest.fixture
def veilig_thuis():
    organisation = OrganisationFactory(kind=OrganisationKind.VEILIG_THUIS, name="Veilig Thuis Test")
    schedules_install_defaults(acting_user=user(organisation, Role.ASSET_OWNER), organisation=organisation)
    return organisation


@pytest.fixture
def unit(veilig_thuis):
    return UnitFactory(organisation=veilig_thuis)


@pytest.fixture
def leader(veilig_thuis, unit):
    return user(veilig_thuis, Role.TEAM_LEADER, units=[unit])


@pytest.fixture
def dossier(veilig_thuis, unit):
    """Closed 2018, youngest child born 2010: destroy after 31-12-2033 (R-WMO-2)."""
    dossier = DossierFactory(
        organisation=veilig_thuis,
        unit=unit,
        reference="VT-2017-0042",
        record_class=record_class(veilig_thuis, "VT-DOSSIER"),
        report_date=dt.date(2017, 11, 2),
        status=DossierStatus.CLOSED,
        closed_on=dt.date(2018, 6, 30),
    )
    DossierMemberFactory(
        dossier=dossier, role=MemberRole.PARENT_CARER, person__date_of_birth=dt.date(1980, 1, 1)
    )
    DossierMemberFactory(dossier=dossier, role=MemberRole.CHILD, person__date_of_birth=dt.date(2010, 3, 3))
    engine.recompute_dossiers([dossier.pk])
    dossier.refresh_from_db()
    return dossier


def _detail(dossier) -> str:
    return reverse("dossiers:detail", kwargs={"pk": dossier.pk})


def _extend(kind: str, item) -> str:
    return reverse("retention:extend", kwargs={"kind": kind, "pk": item.pk})


def test_it_shows_the_date_action_and_explanation_on_the_dossier_page(client, leader, dossier):
    client.force_login(leader)

    page = content(client.get(_detail(dossier)))

    assert "31 December 2033" in page
    assert escape(explain(dossier)) in page
    assert "15 years from the closing date year 2018" in page
    assert "0 active holds" in page
    assert _extend("dossier", dossier) in page


def test_it_offers_the_extension_only_to_a_team_leader(client, veilig_thuis, dossier):
    caseworker = user(veilig_thuis, Role.CASEWORKER)
    grant(caseworker, dossier)
    client.force_login(caseworker)

    assert "31 December 2033" in content(client.get(_detail(dossier)))
    assert _extend("dossier", dossier) not in content(client.get(_detail(dossier)))
    response = client.post(
        _extend("dossier", dossier), {"extend-extended_to": "2036-12-31", "extend-reason": REASON}
    )
    assert response.status_code == 403
    assert not RetentionExtension.objects.exists()


def test_it_extends_a_dossier_and_records_the_decision_in_it_r_wmo_3(client, leader, dossier):
    client.force_login(leader)

    response = client.post(
        _extend("dossier", dossier),
        {"extend-extended_to": "2036-12-31", "extend-reason": REASON},
        follow=True,
    )

    assert response.redirect_chain == [(_detail(dossier), 302)]
    page = content(response)
    assert "Retention extended: kept until 31 December 2036." in page
    assert "retention extended by a recorded decision" in page
    dossier.refresh_from_db()
    assert dossier.retention_due_on == dt.date(2036, 12, 31)
    assert DossierEntry.objects.filter(
        dossier=dossier, kind=EntryKind.DECISION, body__contains=REASON
    ).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"extend-extended_to": "2030-01-01", "extend-reason": REASON},
            "extended_to",
            "An extension can only make retention longer: choose a date after 31-12-2033.",
        ),
        ({"extend-extended_to": "2036-12-31", "extend-reason": " "}, "reason", "Enter the reasons"),
        ({"extend-extended_to": "31/31/2036", "extend-reason": REASON}, "extended_to", "as a real date"),
    ],
)
def test_it_refuses_a_bad_extension_with_the_reason_on_the_field(
    client, leader, dossier, data, field, message
):
    client.force_login(leader)

    response = client.post(_extend("dossier", dossier), data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "govuk-error-summary" in content(response)
    assert not RetentionExtension.objects.exists()


def test_it_hides_the_dossier_from_a_team_leader_of_another_organisation(client, dossier):
    other = OrganisationFactory(kind=OrganisationKind.VEILIG_THUIS)
    client.force_login(user(other, Role.TEAM_LEADER))

    response = client.post(
        _extend("dossier", dossier), {"extend-extended_to": "2036-12-31", "extend-reason": REASON}
    )

    assert response.status_code == 404
    assert not RetentionExtension.objects.exists()


def test_it_knows_only_records_and_dossiers(client, leader, dossier):
    client.force_login(leader)

    assert client.get(_extend("person", dossier)).status_code == 404


def test_it_shows_the_active_holds_on_the_record_page(client):
    police = police_force()
    officer = user(police)
    record = due_group3_record(police, reference="PR-2011-0055")
    hold = legal_hold_place(
        acting_user=officer, organisation=police, reason="Appeal pending.", authority="cpia", records=[record]
    )
    client.force_login(officer)

    page = content(client.get(reverse("records:detail", kwargs={"pk": record.pk})))

    assert "Under legal hold" in page
    assert "1 active hold" in page
    assert reverse("retention:hold_detail", kwargs={"pk": hold.pk}) in page
    assert "Destroy after" in page
