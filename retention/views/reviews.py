"""The review queue and deciding a review (R-REC-5; NRAC questions for police groups)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import DomainError
from core.forms import add_domain_error
from records.views.common import paginate, render_form_page
from retention import selectors
from retention.explain import explain
from retention.forms import ReviewDecisionForm, ReviewFilterForm
from retention.models import ReviewDecision, ReviewStatus
from retention.nrac import NRAC_QUESTIONS
from retention.services.reviews import DECIDER_ROLES, review_decide
from retention.views.common import require_area, require_role


@login_required
@require_GET
def review_list_view(request):
    user = request.user
    require_area(user, selectors.REVIEWS)
    search = ReviewFilterForm(request.GET, schedules=selectors.schedules_visible_to(user).order_by("code"))
    schedule = search.cleaned_data.get("schedule") if search.is_valid() else None
    reviews = selectors.review_queue_for_user(user=user, schedule_id=schedule.pk if schedule else None)
    page, page_range = paginate(request, reviews)
    context = {"search": search, "page": page, "page_range": page_range}
    partial = request.htmx and not request.htmx.history_restore_request
    response = render(
        request, "retention/_review_results.html" if partial else "retention/reviews.html", context
    )
    patch_vary_headers(response, ("HX-Request",))
    return response


def _police_group(review) -> bool:
    """The criteria are asked when the item's schedule is a police review group (as the
    service checks: the review's version, else the item's)."""
    version = review.schedule_version or review.item.retention_version
    return bool(version and version.police_group)


@login_required
@require_http_methods(["GET", "POST"])
def review_detail_view(request, pk: int):
    user = request.user
    require_area(user, selectors.REVIEWS)
    review = selectors.review_get_for_user(user=user, pk=pk)
    police_group = _police_group(review)
    if request.method == "POST":
        require_role(user, DECIDER_ROLES)
        form = ReviewDecisionForm(request.POST, police_group=police_group)
        if form.is_valid():
            try:
                review_decide(acting_user=user, review=review, **form.service_kwargs())
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _decided_message(review))
                return redirect("retention:review_list")
    else:
        form = ReviewDecisionForm(police_group=police_group)
    item = review.item
    selectors.retention_version_with_schedule(item)
    context = {
        "review": review,
        "item": item,
        "kind": "record" if review.record_id else "dossier",
        "current_explanation": explain(item),
        "holds": list(selectors.holds_on(item)),
        "form": form,
        "can_decide": review.status == ReviewStatus.OPEN and user.role in DECIDER_ROLES,
        "nrac_answers": _answers(review),
    }
    return render_form_page(request, "retention/review_detail.html", context, forms=(form,))


def _answers(review) -> list[tuple[str, bool]]:
    return [
        (_(question), review.nrac_answers[code])
        for code, question in NRAC_QUESTIONS
        if code in (review.nrac_answers or {})
    ]


def _decided_message(review) -> str:
    reference = review.item.reference
    if review.decision in (ReviewDecision.DISPOSE, ReviewDecision.TRANSFER):
        return _(
            "Review of %(reference)s decided: %(decision)s. The item goes into the next disposal batch, "
            "which another records-unit officer approves."
        ) % {"reference": reference, "decision": review.get_decision_display().lower()}
    return _("Review of %(reference)s decided: %(decision)s.") % {
        "reference": reference,
        "decision": review.get_decision_display().lower(),
    }
