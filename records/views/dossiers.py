"""Household dossier pages (R-DOS-1..2): list, open, read, add entries and members,
close and reopen. Writes look the dossier up with perm="change"; a user who is not
involved gets 404, as for a dossier that does not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access_control.permissions import Action, user_can
from core.access_log import access_log_record
from core.errors import DomainError
from core.forms import add_domain_error, current_values
from core.models import AccessKind, AccessObject
from records.forms import (
    DossierCloseForm,
    DossierCreateForm,
    DossierReopenForm,
    DossierSearchForm,
    EntryForm,
    MemberForm,
    MemberFormSet,
)
from records.selectors import (
    dossier_detail,
    dossier_get_for_user,
    dossier_list,
    dossier_user_can_change,
    people_for_organisation,
    record_classes_for_user,
    units_for_user,
)
from records.services import (
    dossier_close,
    dossier_create,
    dossier_entry_add,
    dossier_member_add,
    dossier_reopen,
)
from records.views.common import add_to_parent_page, render_form_page, render_search_page, require_action

MEMBERS_PREFIX = "members"


@login_required
@require_GET
def dossier_list_view(request):
    search = DossierSearchForm(request.GET)
    filters = search.cleaned_data if search.is_valid() else {}
    dossiers = dossier_list(user=request.user, query=filters.get("q", ""), status=filters.get("status", ""))
    return render_search_page(
        request,
        dossiers,
        template_dir="dossiers",
        access_object=AccessObject.DOSSIER,
        search=search,
        can_create=user_can(request.user, Action.CREATE_DOSSIER),
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_create_view(request):
    require_action(request.user, Action.CREATE_DOSSIER)
    form_kwargs = {
        "units": units_for_user(user=request.user),
        "record_classes": record_classes_for_user(user=request.user),
    }
    member_kwargs = {"people": people_for_organisation(user=request.user)}
    if request.method == "POST":
        form = DossierCreateForm(request.POST, **form_kwargs)
        members = MemberFormSet(request.POST, prefix=MEMBERS_PREFIX, form_kwargs=member_kwargs)
        if "add_member" in request.POST:
            # "Add another member" posts back: show what was typed plus an empty row,
            # without judging the unfinished form yet.
            form = DossierCreateForm(initial=current_values(form), **form_kwargs)
            members = members.unbound_copy(add_row=True)
        elif all([form.is_valid(), members.is_valid()]):  # both, so all errors show at once
            try:
                dossier = dossier_create(
                    acting_user=request.user, members=members.inputs(), **form.service_kwargs()
                )
            except DomainError as error:
                add_domain_error(form, error, elsewhere={"members": members, "person": members})
            else:
                messages.success(
                    request, _("Dossier %(reference)s opened.") % {"reference": dossier.reference}
                )
                return redirect("dossiers:detail", pk=dossier.pk)
    else:
        form = DossierCreateForm(**form_kwargs)
        members = MemberFormSet(prefix=MEMBERS_PREFIX, form_kwargs=member_kwargs)
    return render_form_page(
        request, "dossiers/create.html", {"form": form, "members": members}, forms=(form, members)
    )


@login_required
@require_GET
def dossier_detail_view(request, pk: int):
    return _render_detail(request, dossier_detail(user=request.user, pk=pk))


def _render_detail(request, dossier, *, close_form=None, reopen_form=None):
    if close_form is None:
        close_form = DossierCloseForm(prefix="close", initial={"closed_on": timezone.localdate()})
    if reopen_form is None:
        reopen_form = DossierReopenForm(prefix="reopen")
    members = dossier.members.all()
    access_log_record(request, [dossier], AccessObject.DOSSIER)  # R-ACC-4
    access_log_record(
        request,
        [member.person_id for member in members],
        AccessObject.PERSON,
        access=AccessKind.LISTED,
        detail=f"dossier {dossier.reference}",
    )
    context = {
        "dossier": dossier,
        "members": members,
        "entries": dossier.entries.all(),
        "status_changes": dossier.status_changes.all(),
        "can_change": dossier_user_can_change(user=request.user, dossier=dossier),
        "close_form": close_form,
        "reopen_form": reopen_form,
    }
    return render_form_page(request, "dossiers/detail.html", context, forms=(close_form, reopen_form))


@login_required
@require_http_methods(["GET", "POST"])
def dossier_close_view(request, pk: int):
    dossier = dossier_get_for_user(user=request.user, pk=pk, perm="change")
    if request.method == "GET":
        # The form lives on the detail page; a GET here (e.g. after a language switch) goes there.
        return redirect("dossiers:detail", pk=dossier.pk)
    form = DossierCloseForm(request.POST, prefix="close")
    if form.is_valid():
        try:
            dossier_close(
                acting_user=request.user,
                dossier=dossier,
                closed_on=form.cleaned_data["closed_on"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The dossier is closed."))
            return redirect("dossiers:detail", pk=dossier.pk)
    return _render_detail(request, dossier_detail(user=request.user, pk=pk), close_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def dossier_reopen_view(request, pk: int):
    dossier = dossier_get_for_user(user=request.user, pk=pk, perm="change")
    if request.method == "GET":
        return redirect("dossiers:detail", pk=dossier.pk)
    form = DossierReopenForm(request.POST, prefix="reopen")
    if form.is_valid():
        try:
            dossier_reopen(acting_user=request.user, dossier=dossier, reason=form.cleaned_data["reason"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The dossier is reopened. It has no destruction date while open."))
            return redirect("dossiers:detail", pk=dossier.pk)
    return _render_detail(request, dossier_detail(user=request.user, pk=pk), reopen_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def entry_create_view(request, pk: int):
    dossier = dossier_get_for_user(user=request.user, pk=pk, perm="change")

    def save(form) -> str:
        dossier_entry_add(acting_user=request.user, dossier=dossier, **form.service_kwargs())
        return _("The entry is added to the dossier.")

    return add_to_parent_page(
        request,
        form_class=EntryForm,
        form_kwargs={"members": dossier.members.select_related("person").order_by("id")},
        save=save,
        done_url=reverse("dossiers:detail", kwargs={"pk": dossier.pk}),
        template="dossiers/entry_form.html",
        context={"dossier": dossier},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_create_view(request, pk: int):
    dossier = dossier_get_for_user(user=request.user, pk=pk, perm="change")

    def save(form) -> str:
        member = dossier_member_add(acting_user=request.user, dossier=dossier, member=form.to_input())
        return _("%(name)s is added to the household.") % {"name": member.person.full_name}

    return add_to_parent_page(
        request,
        form_class=MemberForm,
        form_kwargs={"people": people_for_organisation(user=request.user)},
        save=save,
        done_url=reverse("dossiers:detail", kwargs={"pk": dossier.pk}),
        template="dossiers/member_form.html",
        context={"dossier": dossier},
    )
