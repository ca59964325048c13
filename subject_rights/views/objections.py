"""Pages for objections (GDPR art. 21; R-CON-7): the weighing that decides an objection and
the objector's view (zienswijze) added to the file. Reached from the request detail page;
the request is found through the permission-checked lookup (404 for another's request),
each page parses one form and calls one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.access_log import access_log_record
from core.errors import DomainError
from core.forms import add_domain_error
from core.models import AccessKind, AccessObject
from records.views.common import render_form_page
from subject_rights.forms.objections import ObjectionViewForm, ObjectionWeighingForm
from subject_rights.models import RequestType
from subject_rights.selectors import subject_request_get_for_user
from subject_rights.selectors.objections import (
    objection_consents_of,
    objection_memberships_of,
    objection_weighing_of,
    objection_weighings_earlier,
    objection_withdrawers_of,
)
from subject_rights.services.objections import objection_view_attach, objection_weigh
from subject_rights.views.common import require_handler

TEMPLATES = "subject_rights/objections"


def _objection(request, pk: int):
    require_handler(request.user)
    subject_request = subject_request_get_for_user(user=request.user, pk=pk)
    if subject_request.request_type != RequestType.OBJECTION:
        raise Http404("Not an objection.")
    access_log_record(  # R-ACC-4: these pages show the subject's personal data
        request,
        [subject_request.subject_id],
        AccessObject.PERSON,
        detail=f"objection {subject_request.reference}",
    )
    return subject_request


def _page(request, template, subject_request, *, form, call, success, context=None):
    """POST: validate, call the service, back to the request; a refusal shows on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            call()
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, success)
            return redirect(
                reverse("subject_rights:request_detail", args=[subject_request.pk]) + "#objection"
            )
    return render_form_page(
        request,
        f"{TEMPLATES}/{template}",
        {
            "subject_request": subject_request,
            "subject": subject_request.subject,
            "form": form,
            **(context or {}),
        },
        forms=(form,),
    )


@login_required
@require_http_methods(["GET", "POST"])
def objection_weigh_view(request, pk: int):
    subject_request = _objection(request, pk)
    if objection_weighing_of(subject_request) is not None:
        messages.info(request, _("This objection was already weighed."))
        return redirect(reverse("subject_rights:request_detail", args=[subject_request.pk]) + "#objection")
    consents = list(objection_consents_of(subject_request))
    withdrawers = list(objection_withdrawers_of(subject_request))
    access_log_record(request, [p.pk for p in withdrawers], AccessObject.PERSON, access=AccessKind.LISTED)
    form = ObjectionWeighingForm(
        request.POST if request.method == "POST" else None,
        consents=consents,
        withdrawers=withdrawers,
        initial={"objector_grounds": subject_request.details},
    )
    return _page(
        request,
        "weigh.html",
        subject_request,
        form=form,
        call=lambda: objection_weigh(
            acting_user=request.user, request=subject_request, **form.service_kwargs()
        ),
        success=_("The weighing is recorded and the objection is decided (R-CON-7)."),
        context={"earlier": list(objection_weighings_earlier(subject_request))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def objection_view_view(request, pk: int):
    subject_request = _objection(request, pk)
    memberships = list(objection_memberships_of(subject_request))
    access_log_record(
        request, {m.dossier_id for m in memberships}, AccessObject.DOSSIER, access=AccessKind.LISTED
    )
    form = ObjectionViewForm(request.POST if request.method == "POST" else None, memberships=memberships)
    return _page(
        request,
        "view.html",
        subject_request,
        form=form,
        call=lambda: objection_view_attach(
            acting_user=request.user,
            request=subject_request,
            member=form.chosen_member(),
            body=form.cleaned_data["body"],
        ),
        success=_("The objector's view was added to the file (R-CON-7)."),
        context={"memberships": memberships},
    )
