"""Break-glass pages (R-ACC-5): the offer shown instead of a dossier or record the user is
not involved in, the opening itself, and the DPO's review list.

The offer and the opening only ever concern items of the user's own organisation: for
anything else they answer the same 404 as an id that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access_control.break_glass import (
    break_glass_candidate,
    break_glass_get_for_reviewer,
    break_glass_open,
    break_glass_review,
    break_glass_review_list,
)
from access_control.forms import BreakGlassFilterForm, BreakGlassForm, BreakGlassReviewForm
from access_control.summaries import dossier_summary_shared_with
from core.errors import DomainError, NotAllowed
from core.forms import add_domain_error, error_summary

# Where an item opens, per kind; and the session key listing the user's live openings
# (the banner and the access-log purpose read it without a query of their own).
DETAIL_URLS = {"dossier": "dossiers:detail", "record": "records:detail"}
SESSION_KEY = "break_glass"
PAGE_SIZE = 50


def break_glass_offer(request, *, kind: str, item, form=None, status: int = 403):
    """The page that refuses the item and offers to break the glass (403)."""
    form = form or BreakGlassForm()
    context = {
        "kind": kind,
        "item": item,
        "form": form,
        "action_url": reverse("access:break_glass", kwargs={"kind": kind, "pk": item.pk}),
        "summary_url": (
            reverse("access:dossier_summary", kwargs={"pk": item.pk})
            if kind == "dossier" and dossier_summary_shared_with(user=request.user, pk=item.pk)
            else None
        ),
        "error_summary": error_summary([form]),
    }
    return render(request, "access_control/break_glass_offer.html", context, status=status)


def remember_opening(request, access) -> None:
    openings = {
        key: value
        for key, value in request.session.get(SESSION_KEY, {}).items()
        if value["expires"] > timezone.now().isoformat()
    }
    openings[f"{access.object_kind}:{access.object_id}"] = {
        "id": access.pk,
        "expires": access.expires_at.isoformat(),
        "reason": access.reason,
    }
    request.session[SESSION_KEY] = openings


@login_required
@require_http_methods(["GET", "POST"])
def break_glass_view(request, kind: str, pk: int):
    if kind not in DETAIL_URLS:
        raise Http404("Nothing to open.")
    item = break_glass_candidate(user=request.user, kind=kind, pk=pk)
    if item is None:
        raise Http404("Nothing to open.")
    if request.method == "GET":
        return break_glass_offer(request, kind=kind, item=item)
    form = BreakGlassForm(request.POST)
    if form.is_valid():
        try:
            access = break_glass_open(
                acting_user=request.user, kind=kind, object_id=item.pk, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            # The detail page says so in its banner (BreakGlassMiddleware).
            remember_opening(request, access)
            return redirect(DETAIL_URLS[kind], pk=item.pk)
    return break_glass_offer(request, kind=kind, item=item, form=form)


def _require_reviewer(user):
    try:
        return break_glass_review_list(user=user)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error


@login_required
@require_GET
def break_glass_list_view(request):
    uses = _require_reviewer(request.user)
    search = BreakGlassFilterForm(request.GET)
    if search.is_valid() and search.cleaned_data["unreviewed"]:
        uses = uses.filter(reviewed_at__isnull=True)
    page = Paginator(uses, PAGE_SIZE).get_page(request.GET.get("page"))
    page_range = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    context = {"search": search, "page": page, "page_range": page_range, "detail_urls": DETAIL_URLS}
    return render(request, "access_control/break_glass_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def break_glass_review_view(request, pk: int):
    _require_reviewer(request.user)
    use = break_glass_get_for_reviewer(user=request.user, pk=pk)
    form = BreakGlassReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            break_glass_review(acting_user=request.user, pk=use.pk, note=form.cleaned_data["note"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The access is marked as reviewed."))
            return redirect("access:break_glass_list")
    context = {"use": use, "form": form, "error_summary": error_summary([form])}
    return render(request, "access_control/break_glass_review.html", context)
