"""The compliance dashboard (R-REC-9, R-ACC-4, R-DSR-11) and the lists behind its figures."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from compliance import drilldowns
from compliance.charts import all_charts
from compliance.exports import csv_response
from compliance.forms import PeriodForm
from compliance.permissions import require, user_may_export, user_reads_compliance
from compliance.selectors.access import FLAG_MULTIPLE, MIN_USERS_FOR_MEDIAN, TOP_USERS
from compliance.selectors.dashboard import compliance_figures
from core.access_log import access_log_record
from core.forms import error_summary
from core.models import AccessKind
from records.selectors import organisation_totals
from records.views.common import paginate


@login_required
@require_GET
def dashboard_view(request):
    user = request.user
    require(user_reads_compliance(user))
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, today=today)
    period = form.period()
    figures = compliance_figures(user=user, period=period, today=today)
    context = {
        "form": form,
        "period": period,
        "period_query": urlencode(period.as_query()),
        "figures": figures,
        "totals": organisation_totals(user=user),
        "charts": all_charts(figures),
        "today": today,
        "flag_multiple": FLAG_MULTIPLE,
        "min_users": MIN_USERS_FOR_MEDIAN,
        "top_users": TOP_USERS,
        "error_summary": error_summary([form]),
    }
    return render(request, "compliance/dashboard.html", context)


def _log_rows(request, definition, rows, access: str) -> None:
    if definition.logged_as is None:
        return
    by_kind: dict[str, list[int]] = {}
    for row in rows:
        target = definition.logged_as(row)
        if target is not None:
            by_kind.setdefault(target[0], []).append(target[1])
    for kind, ids in by_kind.items():
        access_log_record(request, ids, kind, access=access)


@login_required
@require_GET
def drilldown_view(request, slug: str):
    """One list behind a figure; ``?format=csv`` streams all of it (export roles only)."""
    user = request.user
    require(user_reads_compliance(user))
    definition = drilldowns.drilldown_get(slug)
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, today=today)
    period = form.period()
    context = drilldowns.Context(user=user, period=period, today=today, params=definition.parse(request.GET))
    rows = definition.rows(context)
    title = definition.title(context)
    if request.GET.get("format") == "csv":
        require(user_may_export(user, definition.export_categories))
        return csv_response(
            request,
            rows=rows,
            header=[str(column.header) for column in definition.columns],
            cells=lambda row: [column.value(row, context) for column in definition.columns],
            filename=f"{slug}-{today:%Y%m%d}.csv",
            logged_as=definition.logged_as,
            detail=f"CSV export: {slug}"[:100],
        )
    page, page_range = paginate(request, rows)
    _log_rows(request, definition, page.object_list, AccessKind.LISTED)
    query = request.GET.copy()
    query.pop("page", None)
    # The list's own parameters (band, month, method) ride along when the period changes.
    own = {key: value for key, value in query.items() if key not in ("from_month", "to_month", "format")}
    query["format"] = "csv"
    response = render(
        request,
        "compliance/list.html",
        {
            "definition": definition,
            "title": title,
            "period": period,
            "period_query": urlencode(period.as_query()),
            "form": form,
            "page": page,
            "page_range": page_range,
            "table": [drilldowns.row_cells(definition, row, context) for row in page.object_list],
            "csv_query": query.urlencode(),
            "own_query": own,
            "can_export": user_may_export(user, definition.export_categories),
            # Only lists over a period show the period's form (and so its errors).
            "error_summary": error_summary([form]) if definition.uses_period else [],
        },
    )
    return response
