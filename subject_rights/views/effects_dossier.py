"""Dossier pages of the subjects' rights: informing members of their rights at first contact
(R-DSR-10) and a team leader limiting a representative's rights (R-DSR-8), each with its
letter. The dossier is found through the permission-checked lookup (404 when not yours)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access_control.models import Role
from core.access_log import access_log_record
from core.downloads import stored_file_download
from core.errors import DomainError
from core.forms import add_domain_error
from core.models import AccessKind, AccessObject
from records.models import RepresentativeLimitation, RightsInformation
from records.selectors import dossier_get_for_user, dossiers_visible_to
from records.views.common import render_form_page
from subject_rights.forms.effects import RepresentativeLimitForm, RightsInformationForm
from subject_rights.selectors import subject_request_get_for_user
from subject_rights.selectors.effects_people import (
    dossier_members_not_informed,
    dossier_representative_limitations,
    dossier_rights_information,
)
from subject_rights.services.effects import representative_rights_limit, rights_information_record

TEMPLATES = "subject_rights/effects"


def _dossier(request, pk: int):
    # Recording is a change to the dossier: only those working on it (R-ACC-3, R-ACC-5).
    dossier = dossier_get_for_user(user=request.user, pk=pk, perm="change")
    members = list(dossier.members.select_related("person").order_by("id"))
    access_log_record(request, [dossier], AccessObject.DOSSIER)
    access_log_record(request, [m.person_id for m in members], AccessObject.PERSON, access=AccessKind.LISTED)
    return dossier, members


def _back(dossier) -> str:
    return reverse("dossiers:detail", args=[dossier.pk]) + "#rights"


@login_required
@require_http_methods(["GET", "POST"])
def rights_information_view(request, pk: int):
    dossier, members = _dossier(request, pk)
    data = request.POST if request.method == "POST" else None
    form = RightsInformationForm(data, members=members, initial={"informed_on": timezone.localdate()})
    if data is not None and form.is_valid():
        member = next(m for m in members if str(m.pk) == form.cleaned_data["member"])
        try:
            rights_information_record(
                acting_user=request.user,
                member=member,
                informed_on=form.cleaned_data["informed_on"],
                how=form.cleaned_data["how"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("%(name)s was informed of their rights.") % {"name": member.person.full_name}
            )
            return redirect(_back(dossier))
    return render_form_page(
        request,
        f"{TEMPLATES}/rights_information.html",
        {
            "dossier": dossier,
            "form": form,
            "not_informed": dossier_members_not_informed(dossier),
            "informed": dossier_rights_information(dossier),
        },
        forms=(form,),
    )


@login_required
@require_http_methods(["GET", "POST"])
def representative_limit_view(request, pk: int):
    if request.user.role != Role.TEAM_LEADER:
        raise PermissionDenied  # R-DSR-8: a team leader's decision
    dossier, members = _dossier(request, pk)
    # From a request whose decision limited a representative (R-DSR-8): link the two.
    subject_request = None
    request_id = request.GET.get("request", "")
    # ASCII digits only ("²".isdigit() is true) and within a database id's range: the query
    # string is anyone's to edit, and a bad one is "no request", not a server error.
    if request_id.isascii() and request_id.isdigit() and 0 < int(request_id) < 2**63:
        subject_request = subject_request_get_for_user(user=request.user, pk=int(request_id))
    data = request.POST if request.method == "POST" else None
    form = RepresentativeLimitForm(data, members=members)
    if data is not None and form.is_valid():
        by_pk = {str(m.pk): m for m in members}
        try:
            representative_rights_limit(
                acting_user=request.user,
                young_person=by_pk[form.cleaned_data["young_person"]],
                representative=by_pk[form.cleaned_data["representative"]],
                extent=form.cleaned_data["extent"],
                reasons=form.cleaned_data["reasons"],
                request=subject_request,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The decision was recorded in the dossier and the letter is ready."))
            return redirect(_back(dossier))
    return render_form_page(
        request,
        f"{TEMPLATES}/representative_limit.html",
        {
            "dossier": dossier,
            "form": form,
            "subject_request": subject_request,
            "limitations": dossier_representative_limitations(dossier),
        },
        forms=(form,),
    )


def _letter(request, obj, name: str):
    if not obj.letter:
        raise Http404("No letter.")
    access_log_record(
        request, [obj.dossier_id], AccessObject.DOSSIER, access=AccessKind.DOWNLOADED, detail=name
    )
    return stored_file_download(obj.letter, filename=name, content_type="application/pdf")


@login_required
@require_GET
def rights_letter_view(request, pk: int):
    information = RightsInformation.objects.filter(
        pk=pk, dossier__in=dossiers_visible_to(request.user)
    ).first()
    if information is None:
        raise Http404("No such letter.")
    return _letter(request, information, f"rights-{information.pk}.pdf")


@login_required
@require_GET
def representative_letter_view(request, pk: int):
    limitation = RepresentativeLimitation.objects.filter(
        pk=pk, dossier__in=dossiers_visible_to(request.user)
    ).first()
    if limitation is None:
        raise Http404("No such letter.")
    return _letter(request, limitation, f"decision-r-dsr-8-{limitation.pk}.pdf")
