"""The request queue and logging a new request (R-DSR-7, R-DSR-9, R-DSR-11)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access_log import access_log_record
from core.errors import DomainError
from core.forms import add_domain_error
from core.models import AccessKind, AccessObject
from records.views.common import paginate, render_form_page
from subject_rights.forms.requests import RequestCreateForm, RequestFilterForm
from subject_rights.selectors.screens import (
    request_capacity_preview,
    subject_request_queue,
    subject_rights_people_visible_to,
)
from subject_rights.services.with_people import subject_request_log
from subject_rights.views.common import deadline_of, require_handler, require_reader, user_handles_requests


@login_required
@require_GET
def request_list_view(request):
    require_reader(request.user)
    search = RequestFilterForm(request.GET)
    filters = search.filters()
    today = timezone.localdate()
    page, page_range = paginate(request, subject_request_queue(user=request.user, on=today, **filters))
    rows = [(item, deadline_of(item, today)) for item in page.object_list]
    # R-ACC-4: a row names its subject, so each listed subject is a read of that person.
    access_log_record(
        request,
        [item.subject_id for item, _deadline in rows],
        AccessObject.PERSON,
        access=AccessKind.LISTED,
        detail="subject requests",
    )
    context = {
        "search": search,
        "page": page,
        "page_range": page_range,
        "rows": rows,
        "can_create": user_handles_requests(request.user),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "subject_rights/_request_results.html" if partial else "subject_rights/request_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _people(user):
    return subject_rights_people_visible_to(user).order_by("family_name", "given_names", "pk")


@login_required
@require_http_methods(["GET", "POST"])
def request_create_view(request):
    user = request.user
    require_handler(user)
    people = _people(user)
    if request.method == "POST":
        form = RequestCreateForm(request.POST, request.FILES, people=people)
        if form.is_valid():
            try:
                created = subject_request_log(acting_user=user, **form.service_kwargs())
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("Request %(reference)s is logged. The answer is due on %(date)s.")
                    % {"reference": created.reference, "date": f"{created.due_on:%d-%m-%Y}"},
                )
                return redirect("subject_rights:request_detail", pk=created.pk)
    else:
        form = RequestCreateForm(people=people, initial={"received_on": timezone.localdate()})
    context = {"form": form, "preview": _preview_for(form, user)}
    return render_form_page(request, "subject_rights/request_form.html", context, forms=(form,))


@login_required
@require_POST
def request_capacity_view(request):
    """htmx: who must sign, as soon as the subject and the date of receipt are known (R-DSR-7)."""
    require_handler(request.user)
    form = RequestCreateForm(request.POST, people=_people(request.user))
    form.is_valid()  # only to parse what is there; the errors belong to the real submit
    return render(request, "subject_rights/_capacity.html", {"preview": _preview_for(form, request.user)})


def _preview_for(form: RequestCreateForm, user):
    """The capacity preview for what the form holds so far, or None until it can be said."""
    if not form.is_bound:
        return None
    data = getattr(form, "cleaned_data", {})
    received_on = data.get("received_on")
    subject = data.get("subject")
    if received_on is None:
        return None
    if subject is not None:
        name, born = subject.full_name, subject.date_of_birth
    elif data.get("family_name") or data.get("given_names") or data.get("date_of_birth"):
        name = " ".join(filter(None, (data.get("given_names"), data.get("family_name")))) or _("the subject")
        born = data.get("date_of_birth")
    else:
        return None
    return request_capacity_preview(
        organisation=user.organisation,
        subject_name=name,
        date_of_birth=born,
        received_on=received_on,
        requester_role=data.get("requester_role", ""),
        incompetent=data.get("incompetent", False),
        judged_competent=data.get("judged_competent", False),
    )
