"""Records register pages (R-REC-1..4): list, register, read, and add copies, subjects
and subject events. Writes look the record up with perm="change" (404 otherwise)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access_control.permissions import Action, user_can
from core.access_log import access_log_record
from core.errors import DomainError
from core.forms import add_domain_error, current_values
from core.models import AccessKind, AccessObject
from records.forms import (
    CopyForm,
    CopyFormSetFactory,
    RecordCreateForm,
    RecordSearchForm,
    SubjectEventForm,
    SubjectForm,
    SubjectFormSet,
)
from records.selectors import (
    custodians_for_user,
    information_assets_for_user,
    people_for_organisation,
    record_classes_for_user,
    record_detail,
    record_get_for_user,
    record_list,
    record_user_can_change,
    units_for_user,
)
from records.services import record_copy_add, record_create, record_subject_add, subject_event_record
from records.views.common import add_to_parent_page, render_form_page, render_search_page, require_action

SUBJECTS_PREFIX = "subjects"
COPIES_PREFIX = "copies"


@login_required
@require_GET
def record_list_view(request):
    search = RecordSearchForm(request.GET)
    filters = search.cleaned_data if search.is_valid() else {}
    records = record_list(user=request.user, query=filters.get("q", ""), category=filters.get("category", ""))
    return render_search_page(
        request,
        records,
        template_dir="records",
        access_object=AccessObject.RECORD,
        search=search,
        can_create=user_can(request.user, Action.CREATE_RECORD),
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_create_view(request):
    require_action(request.user, Action.CREATE_RECORD)
    user = request.user
    form_kwargs = {
        "units": units_for_user(user=user),
        "record_classes": record_classes_for_user(user=user),
        "information_assets": information_assets_for_user(user=user),
    }
    subject_kwargs = {"people": people_for_organisation(user=user)}
    copy_kwargs = {"custodians": custodians_for_user(user=user)}
    if request.method == "POST":
        form = RecordCreateForm(request.POST, **form_kwargs)
        subjects = SubjectFormSet(request.POST, prefix=SUBJECTS_PREFIX, form_kwargs=subject_kwargs)
        copies = CopyFormSetFactory(request.POST, prefix=COPIES_PREFIX, form_kwargs=copy_kwargs)
        if "add_subject" in request.POST or "add_copy" in request.POST:
            # "Add another" posts back with one more row; the unfinished form is not judged yet.
            form = RecordCreateForm(initial=current_values(form), **form_kwargs)
            subjects = subjects.unbound_copy(add_row="add_subject" in request.POST)
            copies = copies.unbound_copy(add_row="add_copy" in request.POST)
        elif all([form.is_valid(), subjects.is_valid(), copies.is_valid()]):
            try:
                record = record_create(
                    acting_user=user,
                    subjects=subjects.inputs(),
                    copies=copies.inputs(),
                    **form.service_kwargs(),
                )
            except DomainError as error:
                add_domain_error(
                    form, error, elsewhere={"subjects": subjects, "person": subjects, "copies": copies}
                )
            else:
                messages.success(
                    request, _("Record %(reference)s registered.") % {"reference": record.reference}
                )
                return redirect("records:detail", pk=record.pk)
    else:
        form = RecordCreateForm(**form_kwargs)
        subjects = SubjectFormSet(prefix=SUBJECTS_PREFIX, form_kwargs=subject_kwargs)
        copies = CopyFormSetFactory(prefix=COPIES_PREFIX, form_kwargs=copy_kwargs)
    return render_form_page(
        request,
        "records/create.html",
        {"form": form, "subjects": subjects, "copies": copies},
        forms=(form, subjects, copies),
    )


@login_required
@require_GET
def record_detail_view(request, pk: int):
    record = record_detail(user=request.user, pk=pk)
    subjects = record.subject_links.all()
    access_log_record(request, [record], AccessObject.RECORD)  # R-ACC-4
    access_log_record(
        request,
        [link.person_id for link in subjects],
        AccessObject.PERSON,
        access=AccessKind.LISTED,
        detail=f"record {record.reference}",
    )
    context = {
        "record": record,
        "subjects": subjects,
        "copies": record.copies.all(),
        "events": record.events.all(),
        "can_change": record_user_can_change(user=request.user, record=record),
    }
    return render(request, "records/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def copy_create_view(request, pk: int):
    record = record_get_for_user(user=request.user, pk=pk, perm="change")

    def save(form) -> str:
        record_copy_add(acting_user=request.user, record=record, copy=form.to_input())
        return _("The copy is registered.")

    return add_to_parent_page(
        request,
        form_class=CopyForm,
        form_kwargs={"custodians": custodians_for_user(user=request.user)},
        save=save,
        done_url=reverse("records:detail", kwargs={"pk": record.pk}),
        template="records/copy_form.html",
        context={"record": record},
    )


@login_required
@require_http_methods(["GET", "POST"])
def subject_create_view(request, pk: int):
    record = record_get_for_user(user=request.user, pk=pk, perm="change")

    def save(form) -> str:
        link = record_subject_add(acting_user=request.user, record=record, subject=form.to_input())
        return _("%(name)s is linked to the record.") % {"name": link.person.full_name}

    return add_to_parent_page(
        request,
        form_class=SubjectForm,
        form_kwargs={"people": people_for_organisation(user=request.user)},
        save=save,
        done_url=reverse("records:detail", kwargs={"pk": record.pk}),
        template="records/subject_form.html",
        context={"record": record},
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create_view(request, pk: int):
    record = record_get_for_user(user=request.user, pk=pk, perm="change")

    def save(form) -> str:
        subject_event_record(acting_user=request.user, record=record, **form.service_kwargs())
        return _("The event is recorded.")

    return add_to_parent_page(
        request,
        form_class=SubjectEventForm,
        form_kwargs={"subjects": record.subject_links.select_related("person").order_by("id")},
        save=save,
        done_url=reverse("records:detail", kwargs={"pk": record.pk}),
        template="records/event_form.html",
        context={"record": record},
    )
