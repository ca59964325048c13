"""Helpers every governance page uses: form pages, the access log of pupils shown, and
the retention figure of an entry."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from access_control.models import Role
from core.access_log import access_log_record
from core.errors import DomainError
from core.forms import add_domain_error
from core.models import AccessKind, AccessObject
from governance.dates import retention_figure
from records.views.common import paginate, render_form_page

__all__ = [
    "filtered_page",
    "form_page",
    "log_people",
    "paginate",
    "render_form_page",
    "require",
    "retention_of",
    "staff_only",
]


def require(condition: bool) -> None:
    """A page or action this role does not have: 403 (objects still answer 404)."""
    if not condition:
        raise PermissionDenied


def staff_only(user) -> None:
    require(user.role != Role.API_CLIENT)


def form_page(request, *, form, save, template: str, context: dict | None = None, status_ok=None):
    """A page with one form: a valid POST calls ``save(form)`` (one service call) which
    returns ``(message, url)``; a service's refusal shows on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            message, url = save(form)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, message)
            return redirect(url)
    return render_form_page(request, template, {**(context or {}), "form": form}, forms=(form,))


def post_action(request, *, form, save, on_error):
    """A POST from a detail page's form: ``save`` returns ``(message, url)``; on refusal the
    detail page is shown again with the form and its errors (``on_error(form)``)."""
    if form.is_valid():
        try:
            message, url = save(form)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, message)
            return redirect(url)
    return on_error(form)


def filtered_page(request, *, search, rows) -> dict:
    """A register's list page: the filter form ``search`` (bound to the query string) and a
    page of ``rows(filters)``; a filter that does not parse filters nothing."""
    filters = search.cleaned_data if search.is_valid() else {}
    page, page_range = paginate(request, rows(filters))
    return {"search": search, "page": page, "page_range": page_range}


def log_people(request, people, *, detail: str, listed: bool = False) -> None:
    """R-ACC-4: a safeguarding concern or device entry shown is a read of the pupils it is
    about; logged against each pupil, with the entry's reference in ``detail``."""
    access_log_record(
        request,
        people,
        AccessObject.PERSON,
        access=AccessKind.LISTED if listed else AccessKind.OPENED,
        detail=detail,
    )


def retention_of(item, *, created_on, closed_on=None, last_event_on=None, births=()):
    return retention_figure(
        record_class=item.record_class,
        created_on=created_on,
        closed_on=closed_on,
        last_event_on=last_event_on,
        births=[b for b in births if b],
        organisation=item.organisation,
    )
