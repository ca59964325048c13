"""The authorisation matrix pages (R-ACC-1): the overview of who may access which kinds of
data (HTML and PDF) for administrators, the DPO and auditors; the grid form for
administrators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access_control.forms import MatrixForm
from access_control.matrix import DataCategory, MatrixAction, Scope
from access_control.matrix_rules import (
    matrix_class_rules,
    matrix_overview,
    matrix_require_editor,
    matrix_scopes,
    matrix_update,
)
from access_control.permissions import role_may
from core.errors import DomainError, NotAllowed
from core.forms import add_domain_error, error_summary
from retention.pdf import css_string, render_pdf


def _overview_context(request) -> dict:
    try:
        sections = matrix_overview(user=request.user)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    return {
        "sections": sections,
        "class_rules": matrix_class_rules(user=request.user),
        "organisation": request.user.organisation,
        "scope_legend": Scope.choices,
        "generated_at": timezone.now(),
    }


@login_required
@require_GET
def matrix_view(request):
    context = _overview_context(request)
    context["can_edit"] = role_may(request.user, MatrixAction.ADMINISTER, DataCategory.ACCESS_RIGHTS)
    return render(request, "access_control/matrix.html", context)


@login_required
@require_GET
def matrix_pdf_view(request):
    context = _overview_context(request)
    organisation = request.user.organisation
    context["header_left"] = css_string(organisation.name)
    context["header_right"] = css_string(_("Authorisation matrix"))
    pdf = render_pdf("access_control/matrix_pdf.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"authorisation-matrix-{organisation.slug}-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def matrix_edit_view(request):
    try:
        matrix_require_editor(request.user)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    scopes = matrix_scopes(organisation_id=request.user.organisation_id)
    form = MatrixForm(request.POST or None, scopes=scopes)
    if request.method == "POST" and form.is_valid():
        try:
            changed = matrix_update(
                acting_user=request.user, scopes=form.scopes(), reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if changed:
                messages.success(request, _("%(count)s rights changed.") % {"count": len(changed)})
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("access:matrix")
    return render(
        request, "access_control/matrix_edit.html", {"form": form, "error_summary": error_summary([form])}
    )
