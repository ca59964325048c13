"""Legal holds: list, place (scope by references), read and release (RETENTION.md precedence)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access_control.permissions import user_may_manage_holds
from core.errors import DomainError
from core.forms import add_domain_error
from records.views.common import paginate, render_form_page
from retention import selectors
from retention.forms import HoldFilterForm, HoldForm, HoldReleaseForm
from retention.services.holds import legal_hold_place, legal_hold_release
from retention.views.common import require_area


@login_required
@require_GET
def hold_list_view(request):
    user = request.user
    require_area(user, selectors.HOLDS)
    search = HoldFilterForm(request.GET)
    state = search.state_value()
    page, page_range = paginate(request, selectors.hold_list(user=user, state=state))
    context = {
        "search": search,
        "state": state,
        "page": page,
        "page_range": page_range,
        "can_place": user_may_manage_holds(user),
    }
    return render(request, "retention/holds.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def hold_create_view(request):
    user = request.user
    require_area(user, selectors.HOLDS)
    if not user_may_manage_holds(user):
        raise PermissionDenied
    if request.method == "POST":
        form = HoldForm(request.POST, organisation_id=user.organisation_id)
        if form.is_valid():
            try:
                hold = legal_hold_place(
                    acting_user=user, organisation=user.organisation, **form.service_kwargs()
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The hold is placed. Nothing in its scope will be disposed of."))
                return redirect("retention:hold_detail", pk=hold.pk)
    else:
        form = HoldForm(organisation_id=user.organisation_id)
    return render_form_page(request, "retention/hold_form.html", {"form": form}, forms=(form,))


def _render_hold(request, hold, *, release_form=None):
    release_form = release_form or HoldReleaseForm(prefix="release")
    context = {
        "hold": hold,
        "release_form": release_form,
        "can_release": hold.is_active and user_may_manage_holds(request.user),
    }
    return render_form_page(request, "retention/hold_detail.html", context, forms=(release_form,))


@login_required
@require_GET
def hold_detail_view(request, pk: int):
    require_area(request.user, selectors.HOLDS)
    return _render_hold(request, selectors.hold_get_for_user(user=request.user, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def hold_release_view(request, pk: int):
    user = request.user
    require_area(user, selectors.HOLDS)
    hold = selectors.hold_get_for_user(user=user, pk=pk)
    if not user_may_manage_holds(user):
        raise PermissionDenied
    if request.method == "GET":
        return redirect("retention:hold_detail", pk=hold.pk)
    form = HoldReleaseForm(request.POST, prefix="release")
    if form.is_valid():
        try:
            legal_hold_release(acting_user=user, hold=hold, reason=form.cleaned_data["reason"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The hold is released. Its items follow their schedules again."))
            return redirect("retention:hold_detail", pk=hold.pk)
    return _render_hold(request, hold, release_form=form)
