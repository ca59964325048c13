"""The consent register (R-CON-1..7): a subject's consents, recording one with the people
who must give it, withdrawing one, and "may this be shared?"."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access_control.models import OrganisationKind
from core.access_log import access_log_record
from core.downloads import stored_file_download
from core.errors import DomainError
from core.forms import add_domain_error
from core.models import AccessKind, AccessObject
from records.forms import DossierSearchForm
from records.views.common import paginate, render_form_page
from subject_rights.forms.consents import ConsentRecordForm, ConsentWithdrawForm, SharingCheckForm
from subject_rights.models import Consent
from subject_rights.selectors import may_obtain, may_share
from subject_rights.selectors.screens import (
    consent_get_for_user,
    consent_signatory_candidates,
    consent_signatory_preview,
    consent_subject_get_for_user,
    consent_withdrawal_candidates,
    consents_register_for,
    legal_relations_history_of,
    subject_rights_people_search,
    subject_rights_people_visible_to,
)
from subject_rights.services import consent_record, consent_withdraw
from subject_rights.views.common import require_handler, require_reader, user_handles_requests

STATE_LABELS = {
    "valid": gettext_lazy("Valid"),
    "expired": gettext_lazy("Expired"),
    "withdrawn": gettext_lazy("Withdrawn"),
    "future": gettext_lazy("Not yet given"),
}


def consent_state(consent: Consent, today: datetime.date) -> str:
    if consent.withdrawn_on is not None and consent.withdrawn_on <= today:
        return "withdrawn"
    if consent.valid_until is not None and consent.valid_until < today:
        return "expired"
    if consent.given_on > today:
        return "future"
    return "valid"


@login_required
@require_GET
def consent_index_view(request):
    """Find the person whose consent register to open."""
    require_reader(request.user)
    search = DossierSearchForm(request.GET)
    query = search.cleaned_data.get("q", "") if search.is_valid() else ""
    page, page_range = paginate(request, subject_rights_people_search(user=request.user, query=query))
    access_log_record(request, page, AccessObject.PERSON, access=AccessKind.LISTED, detail="consent register")
    context = {"query": query, "page": page, "page_range": page_range}
    return render(request, "subject_rights/consent_index.html", context)


@login_required
@require_GET
def consent_register_view(request, person_pk: int):
    require_reader(request.user)
    person = consent_subject_get_for_user(user=request.user, pk=person_pk)
    today = timezone.localdate()
    consents = consents_register_for(person)
    access_log_record(request, [person], AccessObject.PERSON, detail="consent register")
    context = {
        "person": person,
        "rows": [
            (consent, state, STATE_LABELS[state])
            for consent in consents
            for state in [consent_state(consent, today)]
        ],
        "relations": legal_relations_history_of(person),
        "preview": consent_signatory_preview(child=person, on=today),
        "today": today,
        "can_act": user_handles_requests(request.user),
    }
    return render(request, "subject_rights/consent_register.html", context)


def _consent_form_context(person, form) -> dict:
    organisation = person.organisation
    return {
        "person": person,
        "form": form,
        "preview": _signatory_preview(person, form),
        # R-CON-6: say so before anyone types a BSN where it must not go.
        "bsn_rule": organisation.kind == OrganisationKind.SCHOOL_PARTNERSHIP,
    }


def _signatory_preview(person, form):
    data = getattr(form, "cleaned_data", None) or {}
    on = data.get("given_on") if form.is_bound else form.initial.get("given_on")
    if on is None:
        return None
    return consent_signatory_preview(
        child=person,
        on=on,
        incompetent=data.get("incompetent", False),
        judged_competent=data.get("judged_competent", False),
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_create_view(request, person_pk: int):
    user = request.user
    person = consent_subject_get_for_user(user=user, pk=person_pk)
    require_handler(user)
    candidates = consent_signatory_candidates(person)
    if request.method == "POST":
        form = ConsentRecordForm(request.POST, request.FILES, candidates=candidates)
        if form.is_valid():
            try:
                consent_record(acting_user=user, subject=person, **form.service_kwargs())
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The consent is recorded."))
                return redirect("subject_rights:consent_register", person_pk=person.pk)
    else:
        form = ConsentRecordForm(candidates=candidates)
    return render_form_page(
        request, "subject_rights/consent_form.html", _consent_form_context(person, form), forms=(form,)
    )


@login_required
@require_POST
def consent_signatories_view(request, person_pk: int):
    """htmx: who must consent on the chosen date (R-CON-2, R-CON-3), before saving."""
    person = consent_subject_get_for_user(user=request.user, pk=person_pk)
    require_handler(request.user)
    form = ConsentRecordForm(request.POST, candidates=consent_signatory_candidates(person))
    form.is_valid()  # parse only: the errors belong to the real submit
    return render(request, "subject_rights/_signatories.html", {"preview": _signatory_preview(person, form)})


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw_view(request, pk: int):
    """Withdrawal takes effect at once: from today the consent covers nothing."""
    user = request.user
    consent = consent_get_for_user(user=user, pk=pk)
    require_handler(user)
    candidates = consent_withdrawal_candidates(consent)
    form = ConsentWithdrawForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            consent_withdraw(acting_user=user, consent=consent, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The consent is withdrawn. From today it covers nothing."))
            return redirect("subject_rights:consent_register", person_pk=consent.subject_id)
    access_log_record(request, [consent.subject_id], AccessObject.PERSON, detail=f"consent {consent.pk}")
    context = {"consent": consent, "person": consent.subject, "form": form}
    return render_form_page(request, "subject_rights/consent_withdraw.html", context, forms=(form,))


@login_required
@require_GET
def consent_document_view(request, pk: int):
    require_reader(request.user)
    consent = consent_get_for_user(user=request.user, pk=pk)
    if not consent.document:
        raise Http404("This consent has no document.")
    access_log_record(
        request,
        [consent.subject_id],
        AccessObject.PERSON,
        access=AccessKind.DOWNLOADED,
        detail=f"consent document {consent.pk}",
    )
    return stored_file_download(
        consent.document, filename=f"consent-{consent.pk}", content_type="application/octet-stream"
    )


@login_required
@require_GET
def consent_check_view(request):
    """ "May this data be shared with this recipient for this purpose?" — yes or no, with
    the consent that decides it (R-CON-1: only a specific consent covers it)."""
    require_reader(request.user)
    people = subject_rights_people_visible_to(request.user).order_by("family_name", "given_names", "pk")
    initial = {}
    if request.GET.get("person"):
        initial["subject"] = request.GET["person"]
    form = SharingCheckForm(request.GET if "data" in request.GET else None, people=people, initial=initial)
    answer = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        ask = may_share if data["direction"] == "share" else may_obtain
        party = (
            {"recipient": data["counterparty"]}
            if data["direction"] == "share"
            else {"source": data["counterparty"]}
        )
        answer = ask(
            subject=data["subject"], data=data["data"], purpose=data["purpose"], on=data["on"], **party
        )
        access_log_record(request, [data["subject"]], AccessObject.PERSON, detail="consent check")
    context = {"form": form, "answer": answer}
    return render_form_page(request, "subject_rights/consent_check.html", context, forms=(form,))
