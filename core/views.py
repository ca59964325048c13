from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from access_control.models import Role
from access_control.permissions import Action, user_can
from core.access_log import access_log_record
from core.forms import LoginForm, error_summary
from core.models import AccessKind, AccessObject
from core.two_factor import policy as two_factor_policy
from core.two_factor.views import with_next
from records.selectors import (
    dossier_open_list,
    dossiers_closed_in_year,
    organisation_totals,
    record_counts_by_category,
    record_recent_list,
)

DASHBOARD_LIST_LENGTH = 5

# Who sees which dashboard: case work, the records unit, or oversight of the organisation.
CASEWORK_ROLES = frozenset({Role.CASEWORKER, Role.TEAM_LEADER})
RECORDS_UNIT_ROLES = frozenset({Role.RECORDS_OFFICER, Role.ASSET_OWNER})


@require_GET
def health(request):
    """Liveness and database reachability, for load balancers and the CI smoke test."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "error", "database": database}, status=status)


class LoginView(auth_views.LoginView):
    """Django's sign-in, in GOV.UK markup with the error summary on a failed attempt."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["error_summary"] = error_summary([context["form"]])
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        two_factor_policy.after_password_sign_in(self.request)
        if two_factor_policy.second_factor_due(self.request):
            # Straight on to the code (or to enrolment) for the roles that need one (R-ACC-1).
            step = (
                "two_factor_verify"
                if two_factor_policy.confirmed_device(self.request.user)
                else "two_factor_setup"
            )
            return redirect(with_next(step, self.get_success_url()))
        return response


@login_required
@require_GET
def dashboard(request):
    """The start page: what the user's role needs first, read through the selectors."""
    user = request.user
    if user.role == Role.DPO and user.organisation_id is not None:
        # The DPO's start page is the compliance dashboard (R-REC-9): the organisation's
        # totals are one section of oversight, the deadlines and backlogs are the rest.
        return redirect("compliance:dashboard")
    if user.role in CASEWORK_ROLES:
        open_dossiers = dossier_open_list(user=user)
        recent_records = record_recent_list(user=user)
        shown_dossiers = list(open_dossiers[:DASHBOARD_LIST_LENGTH])
        shown_records = list(recent_records[:DASHBOARD_LIST_LENGTH])
        access_log_record(request, shown_dossiers, AccessObject.DOSSIER, access=AccessKind.LISTED)
        access_log_record(request, shown_records, AccessObject.RECORD, access=AccessKind.LISTED)
        context = {
            "open_dossier_count": open_dossiers.count(),
            "open_dossiers": shown_dossiers,
            "record_count": recent_records.count(),
            "recent_records": shown_records,
            "can_create_dossier": user_can(user, Action.CREATE_DOSSIER),
            "can_create_record": user_can(user, Action.CREATE_RECORD),
        }
        template = "dashboard/casework.html"
    elif user.role in RECORDS_UNIT_ROLES:
        year = timezone.localdate().year
        closed = dossiers_closed_in_year(user=user, year=year)
        shown_dossiers = list(closed[:DASHBOARD_LIST_LENGTH])
        access_log_record(request, shown_dossiers, AccessObject.DOSSIER, access=AccessKind.LISTED)
        context = {
            "categories": record_counts_by_category(user=user),
            "year": year,
            "closed_count": closed.count(),
            "closed_dossiers": shown_dossiers,
            "can_create_record": user_can(user, Action.CREATE_RECORD),
        }
        template = "dashboard/records_unit.html"
    else:
        context = {
            "totals": organisation_totals(user=user),
            "categories": record_counts_by_category(user=user),
        }
        template = "dashboard/oversight.html"
    return render(request, template, context)
