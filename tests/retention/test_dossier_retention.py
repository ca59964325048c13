"""R-WMO-1, R-WMO-2, R-WMO-5: household dossiers, with the worked examples of DOMAIN.md."""

import datetime as dt

import pytest

from records.models import DossierStatus, MemberRole
from retention import engine
from retention.explain import explain
from tests.factories import DossierFactory, DossierMemberFactory
from tests.retention.conftest import record_class

pytestmark = pytest.mark.django_db


def _dossier(organisation, *, closed_year, child_birth_years=(), status=DossierStatus.CLOSED):
    dossier = DossierFactory(
        organisation=organisation,
        record_class=record_class(organisation, "VT-DOSSIER"),
        report_date=dt.date(2005, 1, 10),
        status=status,
        closed_on=dt.date(closed_year, 6, 30) if closed_year else None,
    )
    DossierMemberFactory(
        dossier=dossier, role=MemberRole.PARENT_CARER, person__date_of_birth=dt.date(1975, 4, 1)
    )
    for year in child_birth_years:
        DossierMemberFactory(
            dossier=dossier, role=MemberRole.CHILD, person__date_of_birth=dt.date(year, 9, 15)
        )
    engine.recompute_dossiers([dossier.pk])
    dossier.refresh_from_db()
    return dossier


@pytest.mark.parametrize(
    ("closed_year", "children", "expected"),
    [
        (2018, [2010], dt.date(2033, 12, 31)),  # max(2033, 2028)
        (2018, [2017], dt.date(2035, 12, 31)),  # max(2033, 2035)
        (2018, [], dt.date(2033, 12, 31)),  # no children
        (2018, [2004, 2017, 2012], dt.date(2035, 12, 31)),  # the youngest child counts
    ],
)
def test_it_computes_the_worked_examples_of_r_wmo_2(veilig_thuis, closed_year, children, expected):
    dossier = _dossier(veilig_thuis, closed_year=closed_year, child_birth_years=children)

    assert dossier.retention_due_on == expected
    assert dossier.retention_action == "destroy"


def test_it_explains_the_youngest_child_extension_in_one_sentence(veilig_thuis):
    dossier = _dossier(veilig_thuis, closed_year=2018, child_birth_years=[2017])

    assert explain(dossier) == (
        "Destroy after 31-12-2035: 15 years from closing year 2018, extended to the year the "
        "youngest child (born 2017) turns 18 — R-WMO-2."
    )


def test_it_explains_the_fifteen_years_from_the_closing_year(veilig_thuis):
    dossier = _dossier(veilig_thuis, closed_year=2018, child_birth_years=[2010])

    assert explain(dossier).startswith("Destroy after 31-12-2033: 15 years from the closing date year 2018")


@pytest.mark.parametrize("status", [DossierStatus.OPEN, DossierStatus.REOPENED])
def test_it_gives_an_open_or_reopened_dossier_no_destruction_date_r_wmo_5(veilig_thuis, status):
    dossier = _dossier(veilig_thuis, closed_year=None, child_birth_years=[2010], status=status)

    assert dossier.retention_due_on is None
    assert explain(dossier) == "No destruction date: the dossier is open (R-WMO-5)."


def test_it_counts_a_child_born_on_29_february(veilig_thuis):
    dossier = DossierFactory(
        organisation=veilig_thuis,
        record_class=record_class(veilig_thuis, "VT-DOSSIER"),
        report_date=dt.date(2009, 11, 1),
        status=DossierStatus.CLOSED,
        closed_on=dt.date(2010, 1, 5),
    )
    DossierMemberFactory(dossier=dossier, role=MemberRole.CHILD, person__date_of_birth=dt.date(2008, 2, 29))
    engine.recompute_dossiers([dossier.pk])
    dossier.refresh_from_db()

    assert dossier.retention_due_on == dt.date(2026, 12, 31)  # max(2025, 2026)
