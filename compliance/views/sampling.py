"""Data-quality samples (R-REC-8): the list with finding rates, drawing a sample, recording a
finding per item and closing the sample."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from compliance.exports import csv_response
from compliance.forms import FindingForm, SampleCloseForm, SampleDrawForm, SampleFilterForm
from compliance.models import Finding
from compliance.permissions import (
    require,
    sample_categories,
    user_draws_samples,
    user_may_export,
    user_may_export_samples,
    user_reads_samples,
)
from compliance.selectors import sampling as selectors
from compliance.services.sampling import (
    quality_sample_close,
    quality_sample_draw,
    quality_sample_finding_record,
)
from core.access_log import access_log_record
from core.errors import DomainError, NotAllowed
from core.forms import add_domain_error
from core.models import AccessKind, AccessObject
from records.views.common import paginate, render_form_page


def _percent(rate: float | None) -> str:
    return "" if rate is None else f"{round(rate * 100)}%"


SAMPLE_CSV_HEADER = [
    "reference",
    "unit",
    "kind",
    "status",
    "drawn_at",
    "drawn_by",
    "checker",
    "size",
    "population",
    "seed",
    "checked",
    "accurate",
    "inaccurate",
    "incomplete",
    "other",
    "problem_rate",
    "closed_at",
]


def _sample_cells(sample) -> list:
    return [
        sample.reference,
        sample.unit.name,
        sample.kind,
        sample.status,
        timezone.localtime(sample.drawn_at).isoformat(timespec="seconds"),
        sample.drawn_by.username,
        sample.checker.username,
        sample.size,
        sample.population_size,
        sample.seed,
        sample.checked,
        sample.accurate,
        sample.inaccurate,
        sample.incomplete,
        sample.other,
        _percent(selectors.finding_rate(sample)),
        timezone.localtime(sample.closed_at).isoformat(timespec="seconds") if sample.closed_at else "",
    ]


@login_required
@require_GET
def sample_list_view(request):
    user = request.user
    require(user_reads_samples(user))
    search = SampleFilterForm(request.GET)
    status = search.cleaned_data.get("status", "") if search.is_valid() else ""
    samples = selectors.quality_sample_list(user=user, status=status)
    if request.GET.get("format") == "csv":
        require(user_may_export_samples(user))
        # A sample row holds counts, not personal data: nothing to log per row.
        return csv_response(
            request,
            rows=samples,
            header=SAMPLE_CSV_HEADER,
            cells=_sample_cells,
            filename=f"quality-samples-{timezone.localdate():%Y%m%d}.csv",
            logged_as=None,
            detail="",
        )
    page, page_range = paginate(request, samples)
    rows = [(sample, _percent(selectors.finding_rate(sample))) for sample in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = "csv"
    context = {
        "search": search,
        "page": page,
        "page_range": page_range,
        "rows": rows,
        "can_draw": user_draws_samples(user),
        "can_export": user_may_export_samples(user),
        "csv_query": query.urlencode(),
    }
    return render(request, "compliance/samples.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def sample_draw_view(request):
    user = request.user
    require(user_draws_samples(user))
    form_kwargs = {
        "units": selectors.units_to_sample(user=user),
        "checkers": selectors.possible_checkers(user=user),
        "user": user,
    }
    if request.method == "POST":
        form = SampleDrawForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                sample = quality_sample_draw(acting_user=user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("Sample %(reference)s drawn: %(size)d of %(population)d items, seed %(seed)d.")
                    % {
                        "reference": sample.reference,
                        "size": sample.size,
                        "population": sample.population_size,
                        "seed": sample.seed,
                    },
                )
                return redirect("compliance:sample_detail", pk=sample.pk)
    else:
        form = SampleDrawForm(**form_kwargs)
    return render_form_page(request, "compliance/sample_draw.html", {"form": form}, forms=(form,))


def _item_target(item) -> tuple[str, int] | None:
    if item.record_id:
        return AccessObject.RECORD, item.record_id
    if item.dossier_id:
        return AccessObject.DOSSIER, item.dossier_id
    return None


def _log_items(request, items, access: str) -> None:
    by_kind: dict[str, list[int]] = {}
    for item in items:
        target = _item_target(item)
        if target:
            by_kind.setdefault(target[0], []).append(target[1])
    for kind, ids in by_kind.items():
        access_log_record(request, ids, kind, access=access)


ITEM_CSV_HEADER = ["position", "reference", "kind", "finding", "note", "checked_by", "checked_at"]


def _item_cells(item) -> list:
    return [
        item.position,
        item.reference,
        "record" if item.record_id or not item.dossier_id else "dossier",
        item.finding,
        item.note,
        item.checked_by.username if item.checked_by else "",
        timezone.localtime(item.checked_at).isoformat(timespec="seconds") if item.checked_at else "",
    ]


@login_required
@require_GET
def sample_detail_view(request, pk: int):
    user = request.user
    require(user_reads_samples(user))
    sample = selectors.quality_sample_get_for_user(user=user, pk=pk)
    items = selectors.quality_sample_items(sample)
    if request.GET.get("format") == "csv":
        require(user_may_export(user, sample_categories(sample.kind)))
        return csv_response(
            request,
            rows=items,
            header=ITEM_CSV_HEADER,
            cells=_item_cells,
            filename=f"{sample.reference}.csv",
            logged_as=_item_target,
            detail=f"CSV export: sample {sample.reference}"[:100],
        )
    items = list(items)  # a sample has at most 100 items, shown on one page
    _log_items(request, items, AccessKind.LISTED)
    is_checker = sample.checker_id == user.pk
    context = {
        "sample": sample,
        "items": items,
        "rate": _percent(selectors.finding_rate(sample)),
        "is_checker": is_checker,
        "can_close": is_checker and sample.is_open,
        "close_form": SampleCloseForm(),
        "can_export": user_may_export(user, sample_categories(sample.kind)),
    }
    return render(request, "compliance/sample_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def sample_item_view(request, pk: int, item_pk: int):
    user = request.user
    require(user_reads_samples(user))
    sample = selectors.quality_sample_get_for_user(user=user, pk=pk)
    item = selectors.quality_sample_item_get(sample=sample, pk=item_pk)
    may_record = sample.is_open and sample.checker_id == user.pk
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        form = FindingForm(request.POST)
        if form.is_valid():
            try:
                quality_sample_finding_record(acting_user=user, item=item, **form.cleaned_data)
            except NotAllowed as error:
                raise PermissionDenied(error.message) from error
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("Finding recorded for %(reference)s: %(finding)s.")
                    % {
                        "reference": item.reference,
                        "finding": Finding(form.cleaned_data["finding"]).label.lower(),
                    },
                )
                return redirect("compliance:sample_detail", pk=sample.pk)
    else:
        initial = {"finding": item.finding, "note": item.note} if item.finding else None
        form = FindingForm(initial=initial)
    _log_items(request, [item], AccessKind.OPENED)
    context = {"sample": sample, "item": item, "form": form, "may_record": may_record}
    return render_form_page(request, "compliance/sample_item.html", context, forms=(form,))


@login_required
@require_http_methods(["GET", "POST"])
def sample_close_view(request, pk: int):
    user = request.user
    require(user_reads_samples(user))
    sample = selectors.quality_sample_get_for_user(user=user, pk=pk)
    if sample.checker_id != user.pk or not sample.is_open:
        raise PermissionDenied
    if request.method == "POST":
        form = SampleCloseForm(request.POST)
        if form.is_valid():
            try:
                quality_sample_close(acting_user=user, sample=sample, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Sample %(reference)s closed.") % {"reference": sample.reference})
                return redirect("compliance:sample_detail", pk=sample.pk)
    else:
        form = SampleCloseForm()
    return render_form_page(
        request, "compliance/sample_close.html", {"sample": sample, "form": form}, forms=(form,)
    )
