"""The records unit's start page: how much work waits in each queue."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from retention import selectors


@login_required
@require_GET
def overview_view(request):
    user = request.user
    if user.role not in selectors.RECORDS_UNIT_ROLES or user.organisation_id is None:
        raise PermissionDenied
    context = {
        "summary": selectors.records_unit_summary(user=user),
        "areas": {area: selectors.user_sees_area(user, area) for area in selectors.AREA_ROLES},
    }
    return render(request, "retention/overview.html", context)
