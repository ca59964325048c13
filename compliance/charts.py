"""The dashboard's charts, described once and drawn twice.

A ``ChartSpec`` holds a chart's categories and series. The dashboard hands it to Chart.js
(``as_chartjs``, read by static/js/compliance-charts.js) and prints it as a data table, the
accessible equivalent of the picture (WCAG 2.2 AA: 1.1.1 non-text content); the PDF report
draws it as SVG (``as_svg``), since WeasyPrint runs no JavaScript.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from compliance import svg_charts
from compliance.selectors.dashboard import ComplianceFigures
from retention.models import DisposalAction


@dataclass(frozen=True)
class ChartSpec:
    key: str
    title: str
    kind: str  # "bar" | "line"
    categories: list[str]
    series: list[svg_charts.Series]
    stacked: bool = False
    unit: str = ""
    top_value: float | None = None
    category_header: str = ""
    # links[category][series]: the drill-down list behind one number, where there is one.
    links: list[list[str | None]] = field(default_factory=list)

    def as_chartjs(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "stacked": self.stacked,
            "unit": self.unit,
            "max": self.top_value,
            "labels": self.categories,
            "datasets": [{"label": one.name, "data": list(one.values)} for one in self.series],
            "colours": list(svg_charts.PALETTE),
        }

    def as_svg(self, *, width: int = 640, height: int = 240):
        if self.kind == "line":
            return svg_charts.line_chart(
                title=self.title,
                categories=self.categories,
                series=self.series,
                unit=self.unit,
                top_value=self.top_value,
                width=width,
                height=height,
            )
        return svg_charts.bar_chart(
            title=self.title,
            categories=self.categories,
            series=self.series,
            stacked=self.stacked,
            unit=self.unit,
            width=width,
            height=height,
        )

    def rows(self) -> list[tuple[str, list[tuple[str, str | None]]]]:
        """(category, [(value text, link)]) per table row; a missing value reads "–"."""
        table = []
        for index, category in enumerate(self.categories):
            cells = []
            for number, one in enumerate(self.series):
                value = one.values[index]
                text = "–" if value is None else f"{value:g}{self.unit}"
                link = self.links[index][number] if self.links else None
                # A zero count has no rows behind it; a rate of 0% has (the late answers).
                has_rows = value is not None and (value != 0 or self.unit == "%")
                cells.append((text, link if has_rows else None))
            table.append((category, cells))
        return table


def _month(day) -> str:
    return date_format(day, "M Y")


def _list_url(slug: str, **query) -> str:
    url = reverse("compliance:list", args=[slug])
    query = {key: value for key, value in query.items() if value}
    return f"{url}?{urlencode(query)}" if query else url


def _month_query(month) -> dict[str, str]:
    return {"from_month": f"{month:%Y-%m}", "to_month": f"{month:%Y-%m}"}


def request_charts(figures: ComplianceFigures) -> list[ChartSpec]:
    months = figures.requests.months
    labels = [_month(m.month) for m in months]
    decided = [[_list_url("requests-decided", **_month_query(m.month))] for m in months]
    completed = [[_list_url("requests-completed", **_month_query(m.month))] for m in months]
    return [
        ChartSpec(
            key="requests_volume",
            title=_("Subject requests received, answered and completed per month"),
            kind="bar",
            categories=labels,
            series=[
                svg_charts.Series(_("Received"), [m.received for m in months]),
                svg_charts.Series(_("Answered"), [m.decided for m in months]),
                svg_charts.Series(_("Completed"), [m.completed for m in months]),
            ],
            category_header=_("Month"),
            links=[
                [
                    _list_url("requests-received", **_month_query(m.month)),
                    decided[index][0],
                    completed[index][0],
                ]
                for index, m in enumerate(months)
            ],
        ),
        ChartSpec(
            key="requests_on_time",
            title=_("Subject requests answered on time, per month"),
            kind="line",
            categories=labels,
            series=[svg_charts.Series(_("Answered on time"), [m.on_time_percent for m in months])],
            unit="%",
            top_value=100,
            category_header=_("Month"),
            links=decided,
        ),
        ChartSpec(
            key="requests_days",
            title=_("Average days from receipt to completion, per month"),
            kind="line",
            categories=labels,
            series=[svg_charts.Series(_("Average days"), [m.average_days_to_close for m in months])],
            category_header=_("Month"),
            links=completed,
        ),
    ]


def backlog_chart(figures: ComplianceFigures) -> ChartSpec:
    return ChartSpec(
        key="review_backlog",
        title=_("Open reviews by how long they have waited"),
        kind="bar",
        categories=[str(band.label) for band, _count in figures.review_backlog],
        series=[svg_charts.Series(_("Open reviews"), [count for _band, count in figures.review_backlog])],
        category_header=_("Waiting"),
        links=[[_list_url("reviews", band=band.key)] for band, _count in figures.review_backlog],
    )


def disposal_chart(figures: ComplianceFigures) -> ChartSpec:
    methods = list(DisposalAction)
    period_query = figures.period.as_query()
    return ChartSpec(
        key="disposals",
        title=_("Items disposed of per month, by method"),
        kind="bar",
        stacked=True,
        categories=[_month(m.month) for m in figures.disposals],
        series=[
            svg_charts.Series(str(method.label), [m.by_action[method.value] for m in figures.disposals])
            for method in methods
        ],
        category_header=_("Month"),
        links=[
            [
                _list_url("disposals", month=f"{m.month:%Y-%m}", action=method.value, **period_query)
                for method in methods
            ]
            for m in figures.disposals
        ],
    )


def access_chart(figures: ComplianceFigures) -> ChartSpec:
    top = figures.access.top
    return ChartSpec(
        key="access_volume",
        title=_("Access-log entries of the busiest users"),
        kind="bar",
        categories=[row.username for row in top],
        series=[svg_charts.Series(_("Entries"), [row.total for row in top])],
        category_header=_("User"),
        links=[[f"{reverse('access_log')}?user={row.user_id}"] for row in top],
    )


def all_charts(figures: ComplianceFigures) -> dict[str, ChartSpec]:
    charts: Sequence[ChartSpec] = [
        *request_charts(figures),
        backlog_chart(figures),
        disposal_chart(figures),
        access_chart(figures),
    ]
    return {chart.key: chart for chart in charts}
