"""Pages of the safeguarding concern log (R-SAF-1) and the DSL team."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access_control.models import Role
from core.errors import DomainError
from governance import selectors
from governance.access import is_dsl_team
from governance.forms.safeguarding import (
    ConcernCloseForm,
    ConcernEntryForm,
    ConcernFilterForm,
    ConcernForm,
    DesignationForm,
)
from governance.models import ConcernStatus
from governance.services.safeguarding import (
    concern_close,
    concern_entry_add,
    concern_report,
    dsl_designate,
    dsl_designation_end,
    staff_of,
)
from governance.views.common import (
    filtered_page,
    form_page,
    log_people,
    post_action,
    render_form_page,
    require,
    retention_of,
    staff_only,
)
from records.selectors import people_for_organisation


@login_required
@require_http_methods(["GET", "POST"])
def dsl_team_view(request):
    user = request.user
    require(user.role == Role.ADMINISTRATOR)
    designations = selectors.designations_for(user=user)
    form = DesignationForm(request.POST or None, staff=staff_of(user.organisation_id))

    def save(form):
        dsl_designate(acting_user=user, **form.cleaned_data)
        return _("%(user)s is now on the DSL team.") % {"user": form.cleaned_data["user"]}, reverse(
            "governance:dsl_team"
        )

    return form_page(
        request,
        form=form,
        save=save,
        template="governance/dsl_team.html",
        context={"designations": designations},
    )


@login_required
@require_POST
def dsl_designation_end_view(request, pk: int):
    user = request.user
    require(user.role == Role.ADMINISTRATOR)
    designation = selectors.designation_get_for_user(user=user, pk=pk)
    try:
        dsl_designation_end(acting_user=user, designation=designation)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The designation has ended."))
    return redirect("governance:dsl_team")


@login_required
@require_GET
def concern_list_view(request):
    user = request.user
    staff_only(user)
    context = filtered_page(
        request,
        search=ConcernFilterForm(request.GET),
        rows=lambda filters: selectors.concern_list(
            user=user, status=filters.get("status", ""), category=filters.get("category", "")
        ),
    )
    for concern in context["page"]:
        log_people(
            request, concern.pupils.all(), detail=f"safeguarding concern {concern.reference}", listed=True
        )
    return render(request, "governance/concerns.html", {**context, "dsl": is_dsl_team(user)})


@login_required
@require_http_methods(["GET", "POST"])
def concern_create_view(request):
    user = request.user
    staff_only(user)
    require(user.role != Role.AUDITOR)
    form = ConcernForm(
        request.POST or None, people=people_for_organisation(user=user), organisation_id=user.organisation_id
    )

    def save(form):
        concern = concern_report(acting_user=user, **form.service_kwargs())
        return (
            _("Concern %(reference)s is logged and the DSL team has been told.")
            % {"reference": concern.reference},
            reverse("governance:concern_detail", args=[concern.pk]),
        )

    return form_page(
        request,
        form=form,
        save=save,
        template="governance/simple_form.html",
        context={"heading": _("Log a safeguarding concern"), "back": reverse("governance:concern_list")},
    )


def _render_concern(request, concern, *, entry_form=None, close_form=None, status: int = 200):
    user = request.user
    dsl = is_dsl_team(user)
    pupils = list(concern.pupils.all())
    log_people(request, pupils, detail=f"safeguarding concern {concern.reference}")
    entries = list(concern.entries.all())
    retention = retention_of(
        concern,
        created_on=timezone.localdate(concern.reported_at),
        closed_on=timezone.localdate(concern.closed_at) if concern.closed_at else None,
        last_event_on=timezone.localdate(entries[-1].recorded_at) if entries else None,
        births=[p.date_of_birth for p in pupils],
    )
    can_act = dsl and concern.status == ConcernStatus.OPEN
    entry_form = entry_form or ConcernEntryForm(prefix="entry")
    close_form = close_form or ConcernCloseForm(prefix="close")
    context = {
        "concern": concern,
        "pupils": pupils,
        "entries": entries,
        "retention": retention,
        "dsl": dsl,
        "can_act": can_act,
        "entry_form": entry_form,
        "close_form": close_form,
    }
    forms = (entry_form, close_form) if can_act else ()
    return render_form_page(request, "governance/concern_detail.html", context, forms=forms, status=status)


@login_required
@require_GET
def concern_detail_view(request, pk: int):
    return _render_concern(request, selectors.concern_get_for_user(user=request.user, pk=pk))


@login_required
@require_POST
def concern_entry_view(request, pk: int):
    user = request.user
    concern = selectors.concern_get_for_user(user=user, pk=pk)
    require(is_dsl_team(user))
    form = ConcernEntryForm(request.POST, prefix="entry")

    def save(form):
        entry = concern_entry_add(acting_user=user, concern=concern, **form.cleaned_data)
        return _("%(kind)s recorded.") % {"kind": entry.get_kind_display()}, reverse(
            "governance:concern_detail", args=[concern.pk]
        )

    return post_action(
        request, form=form, save=save, on_error=lambda f: _render_concern(request, concern, entry_form=f)
    )


@login_required
@require_POST
def concern_close_view(request, pk: int):
    user = request.user
    concern = selectors.concern_get_for_user(user=user, pk=pk)
    require(is_dsl_team(user))
    form = ConcernCloseForm(request.POST, prefix="close")

    def save(form):
        concern_close(acting_user=user, concern=concern, outcome=form.cleaned_data["outcome"])
        return _("The concern is closed."), reverse("governance:concern_detail", args=[concern.pk])

    return post_action(
        request, form=form, save=save, on_error=lambda f: _render_concern(request, concern, close_form=f)
    )
