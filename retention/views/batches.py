"""Disposal batches: list, build now, read, remove an item, approve and execute (both after
re-entering the password), follow execution, cancel, and download the certificate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access_log import access_log_record
from core.downloads import stored_file_download
from core.errors import DomainError
from core.forms import add_domain_error
from core.models import AccessKind, AccessObject
from core.two_factor.decorators import recent_authentication_required
from records.views.common import paginate, render_form_page
from retention import selectors
from retention.capabilities import may_approve_disposal
from retention.forms import BatchCancelForm, BatchFilterForm, ItemRemoveForm, PasswordConfirmForm
from retention.models import BatchStatus, DisposalItemStatus
from retention.services.batches import (
    disposal_batch_approve,
    disposal_batch_cancel,
    disposal_batches_build,
    disposal_item_remove,
)
from retention.services.execution import disposal_batch_execute_request
from retention.views.common import (
    is_records_officer,
    require_area,
    require_disposal_approver,
    require_records_officer,
)

ITEMS_PER_PAGE = 50
APPROVE, EXECUTE, CANCEL = "approve", "execute", "cancel"


def _officer_batch(request, pk: int, *, require=require_records_officer):
    """The batch, for a write: only a records-unit officer acts on batches (R-REC-9), and
    whoever the matrix lets approve disposal approves (R-ACC-1)."""
    require_area(request.user, selectors.BATCHES)
    batch = selectors.batch_get_for_user(user=request.user, pk=pk)
    require(request.user)
    return batch


@login_required
@require_GET
def batch_list_view(request):
    user = request.user
    require_area(user, selectors.BATCHES)
    search = BatchFilterForm(request.GET)
    status = search.cleaned_data.get("status", "") if search.is_valid() else ""
    page, page_range = paginate(request, selectors.batch_list(user=user, status=status))
    context = {
        "search": search,
        "page": page,
        "page_range": page_range,
        "can_build": is_records_officer(user),
    }
    return render(request, "retention/batches.html", context)


@login_required
@require_POST
def batch_build_view(request):
    user = request.user
    require_area(user, selectors.BATCHES)
    require_records_officer(user)
    batches = disposal_batches_build(
        organisation=user.organisation, today=timezone.localdate(), acting_user=user
    )
    if batches:
        numbers = ", ".join(batch.number for batch in batches)
        messages.success(
            request,
            ngettext(
                "%(count)d batch built: %(numbers)s. Another records-unit officer must approve it.",
                "%(count)d batches built: %(numbers)s. Another records-unit officer must approve them.",
                len(batches),
            )
            % {"count": len(batches), "numbers": numbers},
        )
    else:
        messages.info(request, _("Nothing is due for disposal today that is not already in a batch."))
    return redirect("retention:batch_list")


def progress_context(batch) -> dict:
    total = batch.items_total
    done = min(batch.items_done, total)
    return {
        "batch": batch,
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 0,
        "polling": batch.status == BatchStatus.EXECUTING,
        "certificate": selectors.batch_certificate(batch) if batch.status == BatchStatus.COMPLETED else None,
    }


def _render_batch(request, batch, *, approve_form=None, execute_form=None, cancel_form=None):
    user = request.user
    approve_form = approve_form or PasswordConfirmForm(prefix=APPROVE, user=user)
    execute_form = execute_form or PasswordConfirmForm(prefix=EXECUTE, user=user)
    cancel_form = cancel_form or BatchCancelForm(prefix=CANCEL)
    page, page_range = paginate(request, selectors.batch_items(batch), per_page=ITEMS_PER_PAGE)
    approvals = list(selectors.batch_approvals(batch))
    officer = is_records_officer(user)
    context = {
        **progress_context(batch),
        "page": page,
        "page_range": page_range,
        "approvals": approvals,
        "status_changes": selectors.batch_status_changes(batch),
        "can_act": officer,
        "can_remove": officer and batch.status == BatchStatus.PROPOSED,
        "can_approve": may_approve_disposal(user) and batch.status == BatchStatus.PROPOSED,
        "can_execute": officer and batch.status == BatchStatus.APPROVED,
        "can_cancel": officer and batch.status in (BatchStatus.PROPOSED, BatchStatus.APPROVED),
        "is_builder": batch.built_by_id == user.pk,
        "has_approved": any(a.approver_id == user.pk for a in approvals),
        "included": DisposalItemStatus.INCLUDED,
        "approve_form": approve_form,
        "execute_form": execute_form,
        "cancel_form": cancel_form,
    }
    forms = (approve_form, execute_form, cancel_form)
    return render_form_page(request, "retention/batch_detail.html", context, forms=forms)


@login_required
@require_GET
def batch_detail_view(request, pk: int):
    require_area(request.user, selectors.BATCHES)
    return _render_batch(request, selectors.batch_get_for_user(user=request.user, pk=pk))


@login_required
@require_GET
def batch_progress_view(request, pk: int):
    """The progress panel alone, polled by htmx every second while the batch executes."""
    require_area(request.user, selectors.BATCHES)
    batch = selectors.batch_get_for_user(user=request.user, pk=pk)
    # Polled in place: once the batch is done the rest of the page is stale, so the panel
    # offers a link to reload it.
    return render(request, "retention/_batch_progress.html", {**progress_context(batch), "polled": True})


@login_required
@require_http_methods(["GET", "POST"])
@recent_authentication_required
def batch_approve_view(request, pk: int):
    batch = _officer_batch(request, pk, require=require_disposal_approver)
    if request.method == "GET":
        return redirect("retention:batch_detail", pk=batch.pk)
    form = PasswordConfirmForm(request.POST, prefix=APPROVE, user=request.user)
    if form.is_valid():
        try:
            approval = disposal_batch_approve(acting_user=request.user, batch=batch)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if batch.status == BatchStatus.APPROVED:
                text = _("Batch %(number)s is approved. It can now be executed.")
            else:
                text = _(
                    "Approval stage %(stage)d of %(required)d given. Another records-unit officer "
                    "must approve the next stage."
                )
            messages.success(
                request,
                text
                % {"number": batch.number, "stage": approval.stage, "required": batch.approvals_required},
            )
            return redirect("retention:batch_detail", pk=batch.pk)
    return _render_batch(request, batch, approve_form=form)


@login_required
@require_http_methods(["GET", "POST"])
@recent_authentication_required
def batch_execute_view(request, pk: int):
    batch = _officer_batch(request, pk)
    if request.method == "GET":
        return redirect("retention:batch_detail", pk=batch.pk)
    form = PasswordConfirmForm(request.POST, prefix=EXECUTE, user=request.user)
    if form.is_valid():
        try:
            disposal_batch_execute_request(acting_user=request.user, batch=batch)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Execution of batch %(number)s has started. Its progress shows below.")
                % {"number": batch.number},
            )
            return redirect("retention:batch_detail", pk=batch.pk)
    return _render_batch(request, batch, execute_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def batch_cancel_view(request, pk: int):
    batch = _officer_batch(request, pk)
    if request.method == "GET":
        return redirect("retention:batch_detail", pk=batch.pk)
    form = BatchCancelForm(request.POST, prefix=CANCEL)
    if form.is_valid():
        try:
            disposal_batch_cancel(acting_user=request.user, batch=batch, reason=form.cleaned_data["reason"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Batch %(number)s is cancelled.") % {"number": batch.number})
            return redirect("retention:batch_detail", pk=batch.pk)
    return _render_batch(request, batch, cancel_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def batch_item_remove_view(request, pk: int, item_pk: int):
    batch = _officer_batch(request, pk)
    item = selectors.batch_item_get(batch=batch, pk=item_pk)
    if request.method == "POST":
        form = ItemRemoveForm(request.POST)
        if form.is_valid():
            try:
                disposal_item_remove(acting_user=request.user, item=item, reason=form.cleaned_data["reason"])
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(reference)s is taken out of batch %(number)s.")
                    % {"reference": item.reference, "number": batch.number},
                )
                return redirect("retention:batch_detail", pk=batch.pk)
    else:
        form = ItemRemoveForm()
    context = {"batch": batch, "item": item, "form": form}
    return render_form_page(request, "retention/item_remove.html", context, forms=(form,))


@login_required
@require_GET
def certificate_pdf_view(request, pk: int):
    require_area(request.user, selectors.BATCHES)
    certificate = selectors.certificate_get_for_user(user=request.user, pk=pk)
    if not certificate.pdf:
        raise Http404("The certificate's PDF has not been rendered.")
    # R-ACC-4: the certificate lists what was destroyed, so its download is logged too.
    access_log_record(request, [certificate], AccessObject.CERTIFICATE, access=AccessKind.DOWNLOADED)
    return stored_file_download(
        certificate.pdf, filename=f"{certificate.number}.pdf", content_type="application/pdf"
    )
