"""The administrator's page of their organisation's people and their second factor, and the
reset of a lost authenticator app (R-ACC-1). See ``access_control.two_factor_reset``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access_control.forms import TwoFactorResetForm
from access_control.two_factor_reset import (
    two_factor_require_administrator,
    two_factor_reset,
    user_get_for_two_factor_reset,
    users_with_two_factor,
)
from core.errors import DomainError, NotAllowed
from core.forms import add_domain_error, error_summary
from core.two_factor.decorators import recent_authentication_required
from records.views.common import paginate


def _require_administrator(user) -> None:
    try:
        two_factor_require_administrator(user)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error


@login_required
@require_GET
def users_two_factor_view(request):
    _require_administrator(request.user)
    page, page_range = paginate(request, users_with_two_factor(user=request.user))
    return render(request, "access_control/users_two_factor.html", {"page": page, "page_range": page_range})


@login_required
@require_http_methods(["GET", "POST"])
@recent_authentication_required
def two_factor_reset_view(request, pk: int):
    _require_administrator(request.user)
    person = user_get_for_two_factor_reset(user=request.user, pk=pk)
    form = TwoFactorResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor_reset(acting_user=request.user, user=person, reason=form.cleaned_data["reason"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The authenticator app of %(name)s is reset. They set up a new one when they next sign in.")
                % {"name": person.get_full_name() or person.username},
            )
            return redirect("access:users_two_factor")
    context = {"person": person, "form": form, "error_summary": error_summary([form])}
    return render(request, "access_control/two_factor_reset.html", context)
