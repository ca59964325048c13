"""Lists of subject requests (R-DSR-11) and consents (R-CON-1)."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from access_control.matrix import DataCategory
from compliance.drilldowns.base import (
    Column,
    Context,
    DrillDown,
    days_between,
    fixed_title,
    iso_date,
    person_name,
    user_name,
    yes_no,
)
from compliance.selectors import requests
from core.models import AccessObject
from subject_rights.roles import REQUEST_WIDE_ROLES

# --- subject requests ---


def _request_rows(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("subject", "handler").order_by("deadline", "received_on", "pk")


def _request_link(request, context: Context) -> str | None:
    # Only the roles that see every request may open one; an auditor reads the list only.
    if context.user.role not in REQUEST_WIDE_ROLES:
        return None
    return reverse("subject_rights:request_detail", args=[request.pk])


REQUEST_COLUMNS = (
    Column(_("Reference"), lambda r, c: r.reference, _request_link),
    Column(_("Type"), lambda r, c: r.get_request_type_display()),
    Column(_("Status"), lambda r, c: r.get_status_display()),
    Column(_("Subject"), lambda r, c: person_name(r.subject)),
    Column(_("Received"), lambda r, c: iso_date(r.received_on)),
    Column(_("Deadline"), lambda r, c: iso_date(r.deadline)),
    Column(_("Handler"), lambda r, c: user_name(r.handler)),
)


def _request_logged(request) -> tuple[str, int]:
    return AccessObject.PERSON, request.subject_id


def _request_list(slug, title, explanation, queryset, extra_columns=(), *, uses_period=True) -> DrillDown:
    """A list of subject requests: ``queryset(context)`` picks them; they show with the
    request columns and ``extra_columns``, and are logged as reads of their subjects."""
    return DrillDown(
        slug,
        fixed_title(title),
        explanation,
        lambda c: _request_rows(queryset(c)),
        (*REQUEST_COLUMNS, *extra_columns),
        _request_logged,
        uses_period=uses_period,
        export_categories=(DataCategory.SUBJECT_REQUESTS,),
    )


DECIDED_COLUMN = Column(_("Decided"), lambda r, c: iso_date(r.decided_on))


# --- consents ---

CONSENT_COLUMNS = (
    Column(_("Subject"), lambda k, c: person_name(k.subject)),
    Column(_("Data"), lambda k, c: k.data_description),
    Column(_("Purpose"), lambda k, c: k.purpose),
    Column(_("To or from"), lambda k, c: k.counterparty),
    Column(_("Given on"), lambda k, c: iso_date(k.given_on)),
    Column(_("Valid until"), lambda k, c: iso_date(k.valid_until)),
    Column(_("Withdrawn on"), lambda k, c: iso_date(k.withdrawn_on)),
)


def _consent_logged(consent) -> tuple[str, int]:
    return AccessObject.PERSON, consent.subject_id


DRILLDOWNS = (
    _request_list(
        "requests-open",
        _("Open subject requests"),
        _("Every request not yet fulfilled or closed, whatever its status, the earliest deadline first."),
        lambda c: requests.open_requests(user=c.user),
        uses_period=False,
    ),
    _request_list(
        "requests-overdue",
        _("Overdue subject requests"),
        _(
            "Requests whose clock is running (received, in progress or extended) and whose deadline, "
            "the extended one once extended, has passed (R-DSR-11)."
        ),
        lambda c: requests.overdue_requests(user=c.user, today=c.today),
        (Column(_("Days overdue"), lambda r, c: days_between(c.today, r.deadline)),),
        uses_period=False,
    ),
    _request_list(
        "requests-received",
        _("Subject requests received"),
        _("Requests received in the period, whatever has happened to them since."),
        lambda c: requests.received_requests(user=c.user, period=c.period),
    ),
    _request_list(
        "requests-late",
        _("Subject requests answered late"),
        _("Requests decided in the period after their deadline."),
        lambda c: requests.late_requests(user=c.user, period=c.period),
        (DECIDED_COLUMN, Column(_("Days late"), lambda r, c: days_between(r.decided_on, r.deadline))),
    ),
    _request_list(
        "requests-decided",
        _("Subject requests answered"),
        _("Requests decided in the period; the on-time rate counts those decided by their deadline."),
        lambda c: requests.decided_requests(user=c.user, period=c.period),
        (
            DECIDED_COLUMN,
            Column(_("On time"), lambda r, c: yes_no(bool(r.deadline and r.decided_on <= r.deadline))),
        ),
    ),
    _request_list(
        "requests-completed",
        _("Subject requests completed"),
        _("Requests fulfilled or closed in the period, with the days from receipt to completion."),
        lambda c: requests.completed_requests(user=c.user, period=c.period),
        (
            Column(_("Completed"), lambda r, c: iso_date(r.completed_on)),
            Column(_("Days to close"), lambda r, c: days_between(r.completed_on, r.received_on)),
        ),
    ),
    DrillDown(
        "consents-expiring",
        fixed_title(_("Consents ending in the next 30 days")),
        _("Consents that hold today and end within 30 days: ask again before the data is needed (R-CON-1)."),
        lambda c: (
            requests.consents_expiring(user=c.user, today=c.today)
            .select_related("subject")
            .order_by("valid_until", "pk")
        ),
        CONSENT_COLUMNS,
        _consent_logged,
        uses_period=False,
        export_categories=(DataCategory.PEOPLE,),
    ),
    DrillDown(
        "consents-withdrawn",
        fixed_title(_("Consents withdrawn")),
        _("Consents withdrawn in the period. Nothing may be shared on them from the withdrawal on."),
        lambda c: (
            requests.consents_withdrawn(user=c.user, period=c.period)
            .select_related("subject")
            .order_by("withdrawn_on", "pk")
        ),
        CONSENT_COLUMNS,
        _consent_logged,
        export_categories=(DataCategory.PEOPLE,),
    ),
)
