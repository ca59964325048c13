"""The quarterly compliance report to the Information Assurance Board (R-REC-9), as PDF.

The same figures as the dashboard, for one quarter, with the charts drawn as SVG (WeasyPrint
runs no JavaScript). Figures "as of" a day (overdue requests, items past their date, the
review backlog, holds) cannot be reconstructed for a past day, so they are measured on the
day the report is made, and the report says so.
"""

import datetime

from django.utils import timezone

from compliance.charts import all_charts
from compliance.periods import Period
from compliance.selectors.access import FLAG_MULTIPLE, MIN_USERS_FOR_MEDIAN
from compliance.selectors.dashboard import compliance_figures
from retention.pdf import css_string, render_pdf

REPORT_TEMPLATE = "compliance/report_pdf.html"


def quarterly_report_pdf(*, user, period: Period, quarter_label: str, today: datetime.date) -> bytes:
    figures = compliance_figures(user=user, period=period, today=today)
    charts = all_charts(figures)
    organisation = user.organisation
    context = {
        "organisation": organisation,
        "quarter": quarter_label,
        "figures": figures,
        "period": period,
        "today": today,
        "generated_at": timezone.localtime(),
        "generated_by": user.get_full_name() or user.username,
        "svg": {key: chart.as_svg(width=620, height=220) for key, chart in charts.items()},
        "charts": charts,
        "flag_multiple": FLAG_MULTIPLE,
        "min_users": MIN_USERS_FOR_MEDIAN,
        "header_left": css_string(organisation.name),
        "header_right": css_string(quarter_label),
    }
    return render_pdf(REPORT_TEMPLATE, context)
