"""The governance start page: the registers this user works with, and for the DSL team and
the DPO what needs attention."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from access_control.models import Role
from governance import selectors
from governance.access import POLICY_MANAGERS, REGISTER_READERS, is_dsl_team
from governance.models import ConcernStatus
from governance.views.common import staff_only


@login_required
@require_GET
def overview_view(request):
    user = request.user
    staff_only(user)
    dsl = is_dsl_team(user)
    context = {
        "dsl": dsl,
        "open_concerns": selectors.concerns_visible_to(user).filter(status=ConcernStatus.OPEN).count()
        if dsl
        else None,
        "is_admin": user.role == Role.ADMINISTRATOR,
        "manages_policies": user.role in POLICY_MANAGERS,
        "reads_register": user.role in REGISTER_READERS,
        "figures": selectors.dashboard_figures(user.organisation, timezone.localdate())
        if user.role in (Role.DPO, Role.ADMINISTRATOR)
        else None,
    }
    return render(request, "governance/overview.html", context)
