"""The quarterly report to the Information Assurance Board (R-REC-9): a PDF with the quarter's
figures and SVG charts, for the DPO and auditors only."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from compliance.charts import all_charts
from compliance.forms import quarter_choices
from compliance.periods import Period
from compliance.selectors.dashboard import compliance_figures
from tests.compliance.conftest import TODAY

pytestmark = pytest.mark.django_db
URL = reverse("compliance:report")


def _text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_quarter_chooser_offers_the_last_eight_ended_quarters():
    choices = quarter_choices(TODAY)

    assert choices[0] == ("2026-Q1", "Q1 2026")
    assert choices[-1] == ("2024-Q2", "Q2 2024")
    assert len(choices) == 8


def test_the_page_shows_the_chooser(world, login, dpo):
    response = login(dpo).get(URL)

    assert response.status_code == 200
    assert 'value="2026-Q1"' in response.content.decode()


def test_the_pdf_holds_the_quarters_figures_and_charts(world, login, dpo):
    response = login(dpo).get(URL, {"quarter": "2026-Q1"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == 'attachment; filename="compliance-report-heddlutest-2026-Q1.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    text = _text(response)
    assert "Compliance report Q1 2026" in text
    assert "Heddlu Test" in text
    assert "Period: 1 January 2026 to 31 March 2026." in text
    # Q1: two answers in March, one on time; one completed after 33 days
    assert "Subject requests answered in the quarter 2" in text
    assert "Answered on time 50% (1)" in text
    assert "Average days from receipt to completion 33.0" in text
    # measured on the day the report is made
    assert "Overdue subject requests on 15 June 2026 1" in text
    assert "Records past their destruction date on 15 June 2026 3" in text
    assert "Reviews waiting for a decision on 15 June 2026 4" in text
    assert "Active legal holds on 15 June 2026 2" in text
    # two destructions in March; April's anonymisation is in Q2
    assert "Items disposed of in the quarter 2" in text
    assert "Consents withdrawn in the quarter 1" in text
    # the charts' titles and their tables
    assert "Items disposed of per month, by method" in text
    assert "Open reviews by how long they have waited" in text
    assert "Mar 2026 2 0 0" in text


def test_the_pdf_carries_svg_charts(world, dpo, frozen):
    figures = compliance_figures(user=dpo, period=Period.quarter(2026, 1), today=TODAY)
    svg = all_charts(figures)["disposals"].as_svg()

    assert svg.startswith("<svg") and "Mar 2026, Destroy: 2" in svg


@pytest.mark.parametrize("quarter", ["2026-Q2", "2019-Q1", "soon"])
def test_a_quarter_not_offered_is_refused_with_a_message(world, login, dpo, quarter):
    response = login(dpo).get(URL, {"quarter": quarter})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Choose one of the quarters listed." in response.content.decode()


@pytest.mark.parametrize("role", ["caseworker", "records_officer", "team_leader"])
def test_other_roles_get_no_report(world, login, request, role):
    assert login(request.getfixturevalue(role)).get(URL, {"quarter": "2026-Q1"}).status_code == 403


def test_the_other_organisations_dpo_reports_only_their_own(world, login, outsider_dpo):
    text = _text(login(outsider_dpo).get(URL, {"quarter": "2026-Q1"}))

    assert "Elsewhere" in text
    assert "Heddlu Test" not in text
    assert "Items disposed of in the quarter 1" in text
    assert "Records past their destruction date on 15 June 2026 1" in text
