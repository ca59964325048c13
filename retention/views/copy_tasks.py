"""Copy-destruction tasks (R-REC-4): a custodian confirms that a paper, cloud or other-system
copy is destroyed. Custodians see their own tasks, records-unit officers all of them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import DomainError
from core.forms import add_domain_error
from core.two_factor.decorators import recent_authentication_required
from records.views.common import paginate, render_form_page
from retention import selectors
from retention.forms import CopyConfirmForm
from retention.models import CopyTaskStatus
from retention.services.execution import copy_destruction_confirm
from retention.views.common import is_records_officer


@login_required
@require_GET
def copy_task_list_view(request):
    page, page_range = paginate(request, selectors.copy_task_list(user=request.user))
    context = {"page": page, "page_range": page_range, "sees_all": is_records_officer(request.user)}
    return render(request, "retention/copy_tasks.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@recent_authentication_required
def copy_task_detail_view(request, pk: int):
    task = selectors.copy_task_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        form = CopyConfirmForm(request.POST)
        if form.is_valid():
            try:
                copy_destruction_confirm(acting_user=request.user, task=task, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("The destruction of the copy of %(reference)s at %(location)s is confirmed.")
                    % {"reference": task.item.reference, "location": task.location},
                )
                return redirect("retention:copy_task_list")
    else:
        form = CopyConfirmForm()
    context = {"task": task, "form": form, "pending": task.status == CopyTaskStatus.PENDING}
    return render_form_page(request, "retention/copy_task_detail.html", context, forms=(form,))
