"""Lists of access to personal data (R-ACC-4, R-ACC-5) and of the governance registers."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from access_control.models import Role
from compliance.drilldowns.base import (
    Column,
    Context,
    DrillDown,
    days_between,
    fixed_title,
    iso_date,
    local_time,
    user_name,
    yes_no,
)
from compliance.selectors import access, oversight
from core.models import AccessObject

# --- access volume ---


def _access_log_link(row, context: Context) -> str:
    return f"{reverse('access_log')}?user={row.user_id}"


ACCESS_COLUMNS = (
    Column(_("User"), lambda r, c: r.username, _access_log_link),
    Column(_("Name"), lambda r, c: r.name),
    Column(_("Role"), lambda r, c: Role(r.role).label if r.role in Role.values else r.role),
    Column(_("Entries"), lambda r, c: r.total),
    Column(_("Opened"), lambda r, c: r.opened),
    Column(_("Listed"), lambda r, c: r.listed),
    Column(_("Downloaded"), lambda r, c: r.downloaded),
    Column(_("Times the median"), lambda r, c: c.params["median_ratio"](r)),
    Column(_("Unusual"), lambda r, c: yes_no(r.flagged)),
)


def _access_rows(context: Context) -> list:
    volume = access.access_volume(user=context.user, period=context.period)
    context.params["median_ratio"] = lambda row: row.ratio_to(volume.median) or ""
    return volume.rows


# --- break-glass openings and the governance registers ---


BREAK_GLASS_COLUMNS = (
    Column(
        _("Opened"),
        lambda b, c: local_time(b.opened_at),
        lambda b, c: reverse("access:break_glass_review", args=[b.pk]),
    ),
    Column(_("User"), lambda b, c: user_name(b.user)),
    Column(_("Kind"), lambda b, c: b.object_kind),
    Column(_("Item"), lambda b, c: b.object_label or b.object_id),
    Column(_("Reason"), lambda b, c: b.reason),
    Column(_("Reviewed"), lambda b, c: local_time(b.reviewed_at) or str(_("Not yet"))),
)


def _break_glass_logged(use) -> tuple[str, int] | None:
    return (use.object_kind, use.object_id) if use.object_kind in AccessObject.values else None


POLICY_COLUMNS = (
    Column(_("Policy"), lambda p, c: p.title, lambda p, c: reverse("governance:policy_detail", args=[p.pk])),
    Column(_("Kind"), lambda p, c: p.get_kind_display()),
    Column(_("Owner"), lambda p, c: user_name(p.owner)),
    Column(_("Review due"), lambda p, c: iso_date(p.next_review_on)),
    Column(_("Days overdue"), lambda p, c: days_between(c.today, p.next_review_on)),
)
BREACH_COLUMNS = (
    Column(
        _("Aware since"),
        lambda b, c: local_time(b.aware_at),
        lambda b, c: reverse("governance:breach_detail", args=[b.pk]),
    ),
    Column(_("What happened"), lambda b, c: b.summary),
    Column(_("Risk"), lambda b, c: b.get_risk_display()),
    Column(_("People affected"), lambda b, c: b.people_affected),
)
AGREEMENT_COLUMNS = (
    Column(
        _("Processor"),
        lambda a, c: a.processor.name,
        lambda a, c: reverse("governance:processor_detail", args=[a.processor_id]),
    ),
    Column(_("Subject of the processing"), lambda a, c: a.subject),
    Column(_("Start"), lambda a, c: iso_date(a.starts_on)),
    Column(_("End"), lambda a, c: iso_date(a.ends_on)),
    Column(_("Days left"), lambda a, c: days_between(a.ends_on, c.today)),
)


DRILLDOWNS = (
    DrillDown(
        "break-glass",
        fixed_title(_("Break-glass openings")),
        _(
            "Items opened by someone not involved in them, in an emergency, with the reason they gave "
            "(R-ACC-5). Each opening is reviewed by the DPO afterwards."
        ),
        lambda c: oversight.break_glass_in_period(user=c.user, period=c.period),
        BREAK_GLASS_COLUMNS,
        _break_glass_logged,
    ),
    DrillDown(
        "policies-overdue",
        fixed_title(_("Policies overdue for review")),
        _("Policies whose review date has passed (R-POL-1)."),
        lambda c: oversight.policies_overdue(user=c.user, today=c.today).select_related("owner"),
        POLICY_COLUMNS,
        uses_period=False,
    ),
    DrillDown(
        "breaches-overdue",
        fixed_title(_("Breaches with an overdue notification decision")),
        _(
            "Open breaches the organisation has known of for more than 72 hours without notifying the "
            "supervisory authority or deciding that no notification is needed."
        ),
        lambda c: oversight.breaches_overdue(user=c.user),
        BREACH_COLUMNS,
        uses_period=False,
    ),
    DrillDown(
        "agreements-ending",
        fixed_title(_("Processor agreements ending within 90 days")),
        _("Agreements with processors that end in the next 90 days: renew them or stop the processing."),
        lambda c: oversight.agreements_ending(user=c.user, today=c.today),
        AGREEMENT_COLUMNS,
        uses_period=False,
    ),
    DrillDown(
        "access-volume",
        fixed_title(_("Access volume per user")),
        _(
            "Access-log entries per user in the period, the busiest first. A user is unusual when their "
            "count is more than three times the organisation's median (with at least three users)."
        ),
        _access_rows,
        ACCESS_COLUMNS,
    ),
)
