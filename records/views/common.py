"""Helpers every dossier and record page uses."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.shortcuts import render

from access_control.permissions import user_can
from core.forms import error_summary

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
