"""Lists of the retention figures: items past their destruction date (R-REC-4, R-WMO-1), the review
backlog (R-REC-5), active holds and disposals."""

import datetime
from collections.abc import Callable

from django.db.models import BooleanField, Count, ExpressionWrapper, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from access_control.matrix import DataCategory
from compliance.drilldowns.base import (
    Column,
    Context,
    DrillDown,
    days_between,
    fixed_title,
    iso_date,
    user_name,
    yes_no,
)
from compliance.permissions import RECORD_DATA
from compliance.selectors import retention
from core.models import AccessObject
from retention.models import DisposalAction, DueAction
from retention.selectors import HOLDS, REVIEWS, user_sees_area

# --- records and dossiers past their destruction date ---


def _past_due_rows(kind: str) -> Callable[[Context], QuerySet]:
    model = retention.ITEM_MODELS[kind]

    def rows(context: Context) -> QuerySet:
        return (
            retention.past_destruction_date(user=context.user, kind=kind, today=context.today)
            .annotate(
                held=ExpressionWrapper(retention.held_condition(model), output_field=BooleanField()),
                in_batch=ExpressionWrapper(retention.in_active_batch(kind), output_field=BooleanField()),
            )
            .order_by("retention_due_on", "pk")
        )

    return rows


def _action_label(item) -> str:
    return str(DueAction(item.retention_action).label) if item.retention_action in DueAction.values else ""


PAST_DUE_RECORD_COLUMNS = (
    Column(_("Reference"), lambda i, c: i.reference, lambda i, c: reverse("records:detail", args=[i.pk])),
    Column(_("Title"), lambda i, c: i.title),
    Column(_("Destruction date"), lambda i, c: iso_date(i.retention_due_on)),
    Column(_("Days past"), lambda i, c: days_between(c.today, i.retention_due_on)),
    Column(_("Action"), lambda i, c: _action_label(i)),
    Column(_("Under legal hold"), lambda i, c: yes_no(i.held)),
    Column(_("In a disposal batch"), lambda i, c: yes_no(i.in_batch)),
)
PAST_DUE_DOSSIER_COLUMNS = (
    Column(_("Reference"), lambda i, c: i.reference, lambda i, c: reverse("dossiers:detail", args=[i.pk])),
    Column(_("Household"), lambda i, c: i.household_name),
    *PAST_DUE_RECORD_COLUMNS[2:],
)


# --- review backlog ---


def _band(query) -> dict:
    key = query.get("band", "")
    if not key:
        return {"band": None}
    band = retention.AGE_BANDS_BY_KEY.get(key)
    if band is None:
        raise Http404("No such age band.")
    return {"band": band}


def _review_title(context: Context) -> str:
    band = context.params.get("band")
    if band is None:
        return str(_("Reviews waiting for a decision"))
    return str(_("Reviews waiting for a decision: %(band)s") % {"band": str(band.label).lower()})


def _review_link(review, context: Context) -> str | None:
    # Auditors read the backlog here but do not open the records unit's review pages.
    if not user_sees_area(context.user, REVIEWS):
        return None
    return reverse("retention:review_detail", args=[review.pk])


REVIEW_COLUMNS = (
    Column(
        _("Item"),
        lambda r, c: (r.record or r.dossier).reference if (r.record or r.dossier) else "",
        _review_link,
    ),
    Column(_("Kind"), lambda r, c: str(_("Record") if r.record_id else _("Dossier"))),
    Column(_("Due"), lambda r, c: iso_date(r.due_on)),
    Column(_("Days waiting"), lambda r, c: max(days_between(c.today, r.due_on), 0)),
    Column(_("Reason"), lambda r, c: r.get_reason_display()),
    Column(
        _("Schedule"),
        lambda r, c: (
            f"{r.schedule_version.schedule.code} v{r.schedule_version.number}" if r.schedule_version else ""
        ),
    ),
)


def _review_logged(review) -> tuple[str, int] | None:
    if review.record_id:
        return AccessObject.RECORD, review.record_id
    if review.dossier_id:
        return AccessObject.DOSSIER, review.dossier_id
    return None


# --- holds ---


def _hold_link(hold, context: Context) -> str | None:
    return reverse("retention:hold_detail", args=[hold.pk]) if user_sees_area(context.user, HOLDS) else None


HOLD_COLUMNS = (
    Column(_("Placed"), lambda h, c: iso_date(h.placed_at.date()), _hold_link),
    Column(_("Authority"), lambda h, c: h.get_authority_display()),
    Column(_("Case or matter"), lambda h, c: h.authority_reference),
    Column(_("Reason"), lambda h, c: h.reason),
    Column(_("Placed by"), lambda h, c: user_name(h.placed_by)),
    Column(_("Records"), lambda h, c: h.record_count),
    Column(_("Dossiers"), lambda h, c: h.dossier_count),
    Column(_("People"), lambda h, c: h.people_count),
)


# --- disposals ---


def _disposal_params(query) -> dict:
    params: dict = {"month": None, "action": ""}
    month = query.get("month", "")
    if month:
        try:
            params["month"] = datetime.datetime.strptime(month, "%Y-%m").date()  # noqa: DTZ007 - a month, not a time
        except ValueError as error:
            raise Http404("No such month.") from error
    action = query.get("action", "")
    if action:
        if action not in DisposalAction.values:
            raise Http404("No such method.")
        params["action"] = action
    return params


def _disposal_title(context: Context) -> str:
    title = str(_("Disposals"))
    if context.params.get("action"):
        title += f": {str(DisposalAction(context.params['action']).label).lower()}"
    if context.params.get("month"):
        # The reader's language, not strftime's C locale ("mei 2026" on a Dutch page).
        title += f", {date_format(context.params['month'], 'YEAR_MONTH_FORMAT')}"
    return title


DISPOSAL_COLUMNS = (
    Column(_("Disposed"), lambda t, c: iso_date(t.disposed_at.date())),
    Column(_("Reference"), lambda t, c: t.reference),
    Column(_("Kind"), lambda t, c: str(_("Record") if t.item_kind == "record" else _("Dossier"))),
    Column(_("Record class"), lambda t, c: t.record_class_code),
    Column(
        _("Method"),
        lambda t, c: DisposalAction(t.action).label if t.action in DisposalAction.values else t.action,
    ),
    Column(_("Due on"), lambda t, c: iso_date(t.due_on)),
    Column(_("Certificate"), lambda t, c: t.certificate.number if t.certificate else ""),
)


DRILLDOWNS = (
    DrillDown(
        "past-due-records",
        fixed_title(_("Records past their destruction date")),
        _(
            "Live records whose retention action is destroy or anonymise and whose date has passed. "
            "A record under a legal hold must stay; the others should be in a disposal batch (R-REC-4)."
        ),
        _past_due_rows("record"),
        PAST_DUE_RECORD_COLUMNS,
        lambda item: (AccessObject.RECORD, item.pk),
        uses_period=False,
        export_categories=RECORD_DATA,
    ),
    DrillDown(
        "past-due-dossiers",
        fixed_title(_("Dossiers past their destruction date")),
        _(
            "Closed household dossiers past the date they may be destroyed or anonymised "
            "(R-WMO-1, R-WMO-2) and not yet disposed of."
        ),
        _past_due_rows("dossier"),
        PAST_DUE_DOSSIER_COLUMNS,
        lambda item: (AccessObject.DOSSIER, item.pk),
        uses_period=False,
        export_categories=(DataCategory.DOSSIERS,),
    ),
    DrillDown(
        "reviews",
        _review_title,
        _("Open reviews (R-REC-5), by how long ago they fell due, the longest waiting first."),
        lambda c: (
            retention.review_backlog(user=c.user, today=c.today, band=c.params["band"])
            .select_related("record", "dossier", "schedule_version__schedule")
            .order_by("due_on", "pk")
        ),
        REVIEW_COLUMNS,
        _review_logged,
        uses_period=False,
        parse=_band,
        export_categories=(*RECORD_DATA, DataCategory.DOSSIERS),
    ),
    DrillDown(
        "holds",
        fixed_title(_("Active legal holds")),
        _("Holds not yet released. Nothing they name can be disposed of while they are active."),
        lambda c: (
            retention.active_holds(user=c.user)
            .select_related("placed_by")
            .annotate(
                record_count=Count("records", distinct=True),
                dossier_count=Count("dossiers", distinct=True),
                people_count=Count("people", distinct=True),
            )
            .order_by("placed_at", "pk")
        ),
        HOLD_COLUMNS,
        uses_period=False,
        export_categories=(*RECORD_DATA, DataCategory.DOSSIERS),
    ),
    DrillDown(
        "disposals",
        _disposal_title,
        _("What was disposed of in the period, from the tombstones the disposals left (no personal data)."),
        lambda c: (
            retention.disposals(
                user=c.user, period=c.period, month=c.params["month"], action=c.params["action"]
            )
            .select_related("certificate")
            .order_by("disposed_at", "pk")
        ),
        DISPOSAL_COLUMNS,
        parse=_disposal_params,
    ),
)
