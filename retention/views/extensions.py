"""Extending an item's retention (R-WMO-3): team leaders only, with reasons, later only.

The form sits in the retention card of the record and dossier pages; a refusal is shown
here, on a page of its own, with what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access_control.models import Role
from core.errors import DomainError
from core.forms import add_domain_error
from records.selectors import dossier_get_for_user, record_get_for_user
from records.views.common import render_form_page
from retention import selectors
from retention.explain import explain
from retention.forms import ExtensionForm
from retention.services.extensions import retention_extend
from retention.views.common import require_role

KINDS = {
    "record": (record_get_for_user, "records:detail"),
    "dossier": (dossier_get_for_user, "dossiers:detail"),
}


@login_required
@require_http_methods(["GET", "POST"])
def extend_view(request, kind: str, pk: int):
    if kind not in KINDS:
        raise Http404("Only records and dossiers have a retention date.")
    require_role(request.user, {Role.TEAM_LEADER})
    lookup, detail_url = KINDS[kind]
    item = lookup(user=request.user, pk=pk)
    if request.method == "POST":
        form = ExtensionForm(request.POST)
        if form.is_valid():
            try:
                retention_extend(acting_user=request.user, item=item, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("Retention extended: kept until %(date)s.")
                    % {"date": date_format(form.cleaned_data["extended_to"], "j F Y")},
                )
                return redirect(detail_url, pk=item.pk)
    else:
        form = ExtensionForm()
    selectors.retention_version_with_schedule(item)
    context = {
        "item": item,
        "kind": kind,
        "detail_url": detail_url,
        "explanation": explain(item),
        "form": form,
    }
    return render_form_page(request, "retention/extend.html", context, forms=(form,))
