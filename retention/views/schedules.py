"""Retention schedules and record classes: read, version history, and a new version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import DomainError
from core.forms import add_domain_error
from records.views.common import render_form_page
from retention import selectors
from retention.forms import ScheduleVersionForm
from retention.services.schedules import schedule_revise
from retention.views.common import require_area


@login_required
@require_GET
def schedule_list_view(request):
    user = request.user
    require_area(user, selectors.SCHEDULES)
    context = {
        "schedules": selectors.schedule_list(user=user),
        "record_classes": selectors.record_class_list(user=user),
        "can_revise": selectors.user_may_revise_schedules(user),
    }
    return render(request, "retention/schedules.html", context)


@login_required
@require_GET
def schedule_detail_view(request, pk: int):
    user = request.user
    require_area(user, selectors.SCHEDULES)
    schedule = selectors.schedule_get_for_user(user=user, pk=pk)
    context = {
        "schedule": schedule,
        "versions": selectors.schedule_versions(schedule),
        "can_revise": selectors.user_may_revise_schedules(user),
    }
    return render(request, "retention/schedule_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_revise_view(request, pk: int):
    user = request.user
    require_area(user, selectors.SCHEDULES)
    schedule = selectors.schedule_get_for_user(user=user, pk=pk)
    if not selectors.user_may_revise_schedules(user):
        raise PermissionDenied
    if request.method == "POST":
        form = ScheduleVersionForm(request.POST)
        if form.is_valid():
            try:
                version = schedule_revise(
                    acting_user=user,
                    schedule=schedule,
                    parts=form.rule_parts(),
                    change_note=form.cleaned_data["change_note"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Version %(number)d of %(code)s is now in force. The dates of the items that "
                        "follow it are recomputed."
                    )
                    % {"number": version.number, "code": schedule.code},
                )
                return redirect("retention:schedule_detail", pk=schedule.pk)
    else:
        form = ScheduleVersionForm(initial=ScheduleVersionForm.initial_from(schedule.current_version))
    context = {"schedule": schedule, "form": form}
    return render_form_page(request, "retention/schedule_form.html", context, forms=(form,))
