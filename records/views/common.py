"""Helpers every dossier and record page uses."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers

from access_control.permissions import user_can
from core.access_log import access_log_record
from core.errors import DomainError
from core.forms import add_domain_error, error_summary
from core.models import AccessKind

PAGE_SIZE = 25


def render_form_page(request, template: str, context: dict, *, forms=(), status: int = 200):
    """Render a page with its forms; their errors go to the summary at the top (GOV.UK)."""
    return render(request, template, {**context, "error_summary": error_summary(forms)}, status=status)


def require_action(user, action: str) -> None:
    """Starting something new is a role capability (R-ACC-3); refuse with 403, not 404."""
    if not user_can(user, action):
        raise PermissionDenied


def paginate(request, queryset, *, per_page: int = PAGE_SIZE) -> tuple[Page, list]:
    """The requested page (out-of-range numbers give the nearest page) and its page links."""
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    page_range = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page, page_range


def add_to_parent_page(
    request,
    *,
    form_class,
    form_kwargs: dict,
    save: Callable[..., str],
    done_url: str,
    template: str,
    context: dict,
):
    """The page that adds one thing (an entry, a copy, a subject…) to a dossier or record.

    GET shows the empty form. A valid POST calls ``save(form)`` (one service call, returning
    the success message) and goes back to ``done_url``; a service's refusal shows on the form.
    """
    if request.method == "POST":
        # Forms without a file field ignore request.FILES, so every form gets it.
        form = form_class(request.POST, request.FILES, **form_kwargs)
        if form.is_valid():
            try:
                message = save(form)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, message)
                return redirect(done_url)
    else:
        form = form_class(**form_kwargs)
    return render_form_page(request, template, {**context, "form": form}, forms=(form,))


def render_search_page(request, items, *, template_dir: str, access_object: str, search, can_create: bool):
    """A searchable list page: one page of ``items``, every row shown logged (R-ACC-4), and
    only the results table when htmx asks for it (a history restore needs the full page)."""
    page, page_range = paginate(request, items)
    access_log_record(request, page, access_object, access=AccessKind.LISTED)
    context = {"search": search, "page": page, "page_range": page_range, "can_create": can_create}
    partial = request.htmx and not request.htmx.history_restore_request
    template = f"{template_dir}/_results.html" if partial else f"{template_dir}/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response
