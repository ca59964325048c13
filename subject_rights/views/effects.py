"""Pages that carry out a decided request: rectification (R-DSR-3), own statement (R-DSR-4),
destruction and erasure (R-DSR-5, R-DSR-6), restriction (GDPR art. 18) and telling the
recipients (GDPR art. 19). Each page finds the request through the permission-checked
lookup (404 for another's request), parses one form and calls one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access_log import access_log_record
from core.downloads import stored_file_download
from core.errors import DomainError
from core.forms import add_domain_error
from core.models import AccessKind, AccessObject
from records.models import DossierEntry, DossierMember, EntryNature, PersonRestriction
from records.views.common import render_form_page
from subject_rights.forms.effects import (
    DestructionForm,
    EntryCorrectionForm,
    NotificationSentForm,
    OwnStatementForm,
    PersonCorrectionForm,
    ReasonForm,
)
from subject_rights.selectors import subject_request_get_for_user
from subject_rights.selectors.effects import active_restriction_of, destruction_plan_for
from subject_rights.selectors.recipients import (
    notification_get_for_request,
    notifications_for,
    recipients_for_subject,
)
from subject_rights.services.effects import (
    own_statement_record,
    recipient_letters_prepare,
    recipient_notification_sent,
    rectification_entry_apply,
    rectification_person_apply,
    restriction_apply,
    restriction_lift,
    subject_data_destroy,
)
from subject_rights.services.effects.four_eyes import may_destroy_whole_items
from subject_rights.views.common import require_handler

TEMPLATES = "subject_rights/effects"


def _request(request, pk: int):
    require_handler(request.user)
    subject_request = subject_request_get_for_user(user=request.user, pk=pk)
    access_log_record(  # R-ACC-4: these pages show the subject's personal data
        request,
        [subject_request.subject_id],
        AccessObject.PERSON,
        detail=f"subject request {subject_request.reference}",
    )
    return subject_request


def _detail_url(subject_request) -> str:
    return reverse("subject_rights:request_detail", args=[subject_request.pk]) + "#effects"


def _form_page(request, template, subject_request, *, form, call, success, context=None):
    """POST: validate, call the service, back to the request; a refusal shows on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, success)
            return redirect(_detail_url(subject_request))
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


def _subject_entries(subject_request):
    return (
        DossierEntry.objects.filter(
            concerns__person_id=subject_request.subject_id,
            dossier__organisation_id=subject_request.organisation_id,
        )
        .select_related("dossier")
        .distinct()
        .order_by("dossier__reference", "created_at", "pk")
    )


@login_required
@require_http_methods(["GET", "POST"])
def rectify_view(request, pk: int):
    subject_request = _request(request, pk)
    subject = subject_request.subject
    data = request.POST if request.method == "POST" else None
    form = PersonCorrectionForm(data, person=subject)
    entries = _subject_entries(subject_request)
    access_log_record(
        request, {e.dossier_id for e in entries}, AccessObject.DOSSIER, access=AccessKind.LISTED
    )
    return _form_page(
        request,
        "rectify.html",
        subject_request,
        form=form,
        call=lambda _data: rectification_person_apply(
            acting_user=request.user, request=subject_request, **form.service_kwargs()
        ),
        success=_("The subject's details were corrected. The old values are kept in the audit log."),
        context={"entries": entries, "fact": EntryNature.FACT},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rectify_entry_view(request, pk: int, entry_pk: int):
    subject_request = _request(request, pk)
    entry = get_object_or_404(_subject_entries(subject_request), pk=entry_pk)
    access_log_record(request, [entry.dossier_id], AccessObject.DOSSIER, detail=f"entry {entry.pk}")
    form = EntryCorrectionForm(
        request.POST if request.method == "POST" else None, initial={"body": entry.body}
    )
    return _form_page(
        request,
        "rectify_entry.html",
        subject_request,
        form=form,
        call=lambda data: rectification_entry_apply(
            acting_user=request.user, request=subject_request, entry=entry, body=data["body"]
        ),
        success=_("The entry was corrected. The old text is kept in the audit log."),
        context={"entry": entry},
    )


@login_required
@require_http_methods(["GET", "POST"])
def own_statement_view(request, pk: int):
    subject_request = _request(request, pk)
    memberships = list(
        DossierMember.objects.filter(
            person_id=subject_request.subject_id, dossier__organisation_id=subject_request.organisation_id
        ).select_related("dossier")
    )
    opinions = [e for e in _subject_entries(subject_request) if e.nature == EntryNature.OPINION]
    access_log_record(
        request, {m.dossier_id for m in memberships}, AccessObject.DOSSIER, access=AccessKind.LISTED
    )
    form = OwnStatementForm(
        request.POST if request.method == "POST" else None, memberships=memberships, opinions=opinions
    )

    def call(data):
        member = next(m for m in memberships if str(m.pk) == data["member"])
        about = next((e for e in opinions if str(e.pk) == data["about"]), None)
        own_statement_record(
            acting_user=request.user, request=subject_request, member=member, about=about, body=data["body"]
        )

    return _form_page(
        request,
        "own_statement.html",
        subject_request,
        form=form,
        call=call,
        success=_("The own statement was added to the dossier (R-DSR-4)."),
        context={"opinions": opinions},
    )


@login_required
@require_http_methods(["GET", "POST"])
def destroy_view(request, pk: int):
    subject_request = _request(request, pk)
    plan = destruction_plan_for(subject_request)
    form = DestructionForm(request.POST if request.method == "POST" else None, plan=plan)
    return _form_page(
        request,
        "destroy.html",
        subject_request,
        form=form,
        call=lambda data: subject_data_destroy(
            acting_user=request.user,
            request=subject_request,
            keep=data["keep"],
            keep_reason=data["keep_reason"],
        ),
        success=_("The subject's data was destroyed and the request is fulfilled."),
        context={
            "plan": plan,
            # Four eyes (R-DSR-5, R-DSR-6): whole items need someone other than the decider.
            "needs_second_person": bool(plan.whole)
            and not may_destroy_whole_items(request.user, subject_request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def restrict_view(request, pk: int):
    subject_request = _request(request, pk)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    return _form_page(
        request,
        "restrict.html",
        subject_request,
        form=form,
        call=lambda data: restriction_apply(
            acting_user=request.user, request=subject_request, reason=data["reason"]
        ),
        success=_("The processing of the subject's data is restricted (GDPR art. 18)."),
        context={"restriction": active_restriction_of(subject_request.subject_id)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def restriction_lift_view(request, pk: int, restriction_pk: int):
    subject_request = _request(request, pk)
    restriction = get_object_or_404(
        PersonRestriction, pk=restriction_pk, person_id=subject_request.subject_id, lifted_at__isnull=True
    )
    form = ReasonForm(request.POST if request.method == "POST" else None)
    return _form_page(
        request,
        "restriction_lift.html",
        subject_request,
        form=form,
        call=lambda data: restriction_lift(
            acting_user=request.user, restriction=restriction, reason=data["reason"]
        ),
        success=_("The restriction was lifted."),
        context={"restriction": restriction},
    )


def _recipients_page(request, subject_request, *, sent_forms=None, error="", status=200):
    notifications = list(notifications_for(subject_request))
    forms = sent_forms or {}
    for notification in notifications:
        notification.sent_form = forms.get(notification.pk) or NotificationSentForm(
            prefix=f"n{notification.pk}", initial={"sent_on": timezone.localdate()}
        )
    recipients = recipients_for_subject(
        person_id=subject_request.subject_id, organisation_id=subject_request.organisation_id
    )
    return render_form_page(
        request,
        f"{TEMPLATES}/recipients.html",
        {
            "subject_request": subject_request,
            "subject": subject_request.subject,
            "recipients": recipients,
            "notifications": notifications,
            "prepare_error": error,
        },
        forms=list(forms.values()),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def recipients_view(request, pk: int):
    """The subject's recipients (art. 19) and the letters telling them of the effect."""
    subject_request = _request(request, pk)
    if request.method == "POST":
        try:
            prepared = recipient_letters_prepare(acting_user=request.user, request=subject_request)
        except DomainError as error:
            return _recipients_page(request, subject_request, error=error.message, status=400)
        messages.success(request, _("%(count)s letter(s) prepared.") % {"count": len(prepared)})
        return redirect("subject_rights:effects_recipients", pk=subject_request.pk)
    return _recipients_page(request, subject_request)


@login_required
@require_POST
def notification_sent_view(request, pk: int, notification_pk: int):
    subject_request = _request(request, pk)
    notification = notification_get_for_request(request=subject_request, pk=notification_pk)
    form = NotificationSentForm(request.POST, prefix=f"n{notification.pk}")
    if form.is_valid():
        try:
            recipient_notification_sent(
                acting_user=request.user,
                notification=notification,
                sent_on=form.cleaned_data["sent_on"],
                how=form.cleaned_data["how"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Recorded that the letter was sent."))
            return redirect("subject_rights:effects_recipients", pk=subject_request.pk)
    return _recipients_page(request, subject_request, sent_forms={notification.pk: form}, status=400)


@login_required
@require_GET
def notification_letter_view(request, pk: int, notification_pk: int):
    subject_request = _request(request, pk)
    notification = notification_get_for_request(request=subject_request, pk=notification_pk)
    if not notification.letter:
        raise Http404("No letter yet.")
    return stored_file_download(
        notification.letter,
        filename=f"{subject_request.reference}-notification-{notification.pk}.pdf",
        content_type="application/pdf",
    )
