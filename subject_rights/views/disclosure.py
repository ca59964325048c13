"""Disclosure pages of a subject request (R-DSR-1, R-DSR-2, R-DSR-14): review the proposed
redactions (one row at a time with htmx), add a redaction by hand, make the disclosure pack
(a Celery task; its progress is polled), the response letter and the portability export,
and download them. Every page and download is access-logged (R-ACC-4)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from core.access_log import access_log_record
from core.downloads import stored_file_download
from core.errors import DomainError, NotAllowed
from core.forms import add_domain_error
from core.models import AccessKind, AccessObject
from records.views.common import render_form_page
from subject_rights.forms.disclosure import RedactionAddForm, RedactionReviewForm, passage_choices
from subject_rights.models import RedactionStatus
from subject_rights.selectors import disclosure as selectors
from subject_rights.selectors.scope import disclosure_scope
from subject_rights.services import disclosure as services
from subject_rights.services.disclosure.common import (
    DISCLOSURE_TYPES,
    EXPORT_TYPES,
    PACK_TYPES,
    WORKING_STATUSES,
)

REVIEW_TEMPLATE = "subject_rights/disclosure/review.html"


def _subject_request(request, pk: int):
    return selectors.disclosure_request_get_for_user(user=request.user, pk=pk)


def _log_scope(request, scope, access: str = AccessKind.OPENED, detail: str = "") -> None:
    """R-ACC-4: the subject, the dossiers and records their data comes from."""
    access_log_record(request, [scope.subject], AccessObject.PERSON, access=access, detail=detail)
    access_log_record(request, scope.dossier_ids, AccessObject.DOSSIER, access=access, detail=detail)
    access_log_record(request, scope.record_ids, AccessObject.RECORD, access=access, detail=detail)


def _review_page(request, subject_request, *, add_form=None, review_forms=None, status: int = 200):
    if subject_request.request_type not in DISCLOSURE_TYPES:
        raise Http404("This request is not answered by disclosing data.")
    scope = disclosure_scope(request=subject_request)
    rows = selectors.review_items(scope)
    review_forms = review_forms or {}
    for row in rows:
        for proposal in row.proposals:
            proposal.form = review_forms.get(proposal.pk) or RedactionReviewForm(proposal=proposal)
    add_form = add_form or RedactionAddForm(passages=passage_choices(rows))
    _log_scope(request, scope)
    shown = {p.third_party_id for row in rows for p in row.proposals if p.third_party_id}
    access_log_record(request, sorted(shown), AccessObject.PERSON, detail="redaction review")
    context = {
        "subject_request": subject_request,
        "scope": scope,
        "rows": rows,
        "counts": selectors.redaction_counts(subject_request),
        "add_form": add_form,
        "can_work": subject_request.status in WORKING_STATUSES,
        "statuses": RedactionStatus,
    }
    forms = [add_form, *review_forms.values()]
    return render_form_page(request, REVIEW_TEMPLATE, context, forms=forms, status=status)


@login_required
@require_GET
def disclosure_review_view(request, pk: int):
    return _review_page(request, _subject_request(request, pk))


@login_required
@require_POST
def redactions_propose_view(request, pk: int):
    subject_request = _subject_request(request, pk)
    try:
        found = services.redactions_propose(acting_user=request.user, request=subject_request)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if found:
            messages.success(
                request,
                ngettext(
                    "%(count)d possible piece of other people's data found: review it below.",
                    "%(count)d possible pieces of other people's data found: review them below.",
                    found,
                )
                % {"count": found},
            )
        else:
            messages.info(request, _("No other people's names, identifiers or dates of birth were found."))
    return redirect("subject_rights:disclosure_review", pk=subject_request.pk)


@login_required
@require_POST
def redaction_review_view(request, pk: int, redaction_pk: int):
    subject_request = _subject_request(request, pk)
    proposal = selectors.redaction_get(request=subject_request, pk=redaction_pk)
    form = RedactionReviewForm(request.POST, proposal=proposal)
    if form.is_valid():
        try:
            proposal = services.redaction_review(
                acting_user=request.user, proposal=proposal, **form.cleaned_data
            )
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if request.htmx:
                proposal.form = RedactionReviewForm(proposal=proposal)
                response = _row(request, subject_request, proposal, saved=True)
                if proposal.status == RedactionStatus.EDITED:
                    # The span moved: the highlighted passage is redrawn with the whole page.
                    response["HX-Refresh"] = "true"
                return response
            messages.success(
                request, _("Your review of “%(text)s” is saved.") % {"text": proposal.matched_text}
            )
            return redirect(
                f"{reverse('subject_rights:disclosure_review', args=[pk])}#redaction-{proposal.pk}"
            )
    if request.htmx:
        proposal.form = form
        return _row(request, subject_request, proposal)
    return _review_page(request, subject_request, review_forms={proposal.pk: form}, status=400)


def _row(request, subject_request, proposal, *, saved: bool = False):
    context = {
        "subject_request": subject_request,
        "proposal": proposal,
        "saved": saved,
        "counts": selectors.redaction_counts(subject_request),
        "oob": True,
        "can_work": subject_request.status in WORKING_STATUSES,
    }
    return render(request, "subject_rights/disclosure/_redaction_row.html", context)


@login_required
@require_POST
def redaction_add_view(request, pk: int):
    subject_request = _subject_request(request, pk)
    rows = selectors.review_items(disclosure_scope(request=subject_request))
    form = RedactionAddForm(request.POST, passages=passage_choices(rows))
    if form.is_valid():
        kind, source_id, field = form.source_parts()
        try:
            added = services.redaction_add(
                acting_user=request.user,
                request=subject_request,
                source_kind=kind,
                source_id=source_id,
                source_field=field,
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "“%(text)s” is redacted in %(count)d place.",
                    "“%(text)s” is redacted in %(count)d places.",
                    len(added),
                )
                % {"text": form.cleaned_data["text"], "count": len(added)},
            )
            return redirect("subject_rights:disclosure_review", pk=subject_request.pk)
    return _review_page(request, subject_request, add_form=form, status=400)


@login_required
@require_POST
def redaction_remove_view(request, pk: int, redaction_pk: int):
    subject_request = _subject_request(request, pk)
    proposal = selectors.redaction_get(request=subject_request, pk=redaction_pk)
    try:
        services.redaction_remove(acting_user=request.user, proposal=proposal)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The redaction of “%(text)s” is removed.") % {"text": proposal.matched_text}
        )
    return redirect("subject_rights:disclosure_review", pk=subject_request.pk)


# --- documents ------------------------------------------------------------------------


@login_required
@require_GET
def disclosure_documents_view(request, pk: int):
    subject_request = _subject_request(request, pk)
    outputs = list(selectors.disclosure_outputs(subject_request))
    access_log_record(request, [subject_request.subject_id], AccessObject.PERSON, access=AccessKind.LISTED)
    context = {
        "subject_request": subject_request,
        "outputs": outputs,
        "pack": selectors.pack_latest(subject_request),
        "counts": selectors.redaction_counts(subject_request),
        "can_pack": subject_request.request_type in PACK_TYPES and subject_request.status in WORKING_STATUSES,
        "can_export": subject_request.request_type in EXPORT_TYPES
        and subject_request.status in WORKING_STATUSES,
        "can_review": subject_request.request_type in DISCLOSURE_TYPES,
        "can_letter": bool(subject_request.decision),
    }
    return render(request, "subject_rights/disclosure/documents.html", context)


def _documents(subject_request):
    return redirect("subject_rights:disclosure_documents", pk=subject_request.pk)


def _make_document(request, pk: int, *, make, done: str):
    """Ask ``make`` (one service) for a document of the request and go back to the document
    list: a refusal of the role is a 403; any other refusal is shown there, or on the
    review page when proposals are still to review."""
    subject_request = _subject_request(request, pk)
    try:
        make(acting_user=request.user, request=subject_request)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:
        messages.error(request, error.message)
        if error.code == "unreviewed":
            return redirect("subject_rights:disclosure_review", pk=subject_request.pk)
    else:
        messages.success(request, done)
    return _documents(subject_request)


@login_required
@require_POST
def disclosure_pack_build_view(request, pk: int):
    return _make_document(
        request,
        pk,
        make=services.disclosure_pack_request,
        done=_("The disclosure pack is being made. Its progress shows below."),
    )


@login_required
@require_POST
def response_letter_view(request, pk: int):
    return _make_document(
        request, pk, make=services.response_letter_issue, done=_("The response letter is ready to download.")
    )


@login_required
@require_POST
def portability_export_view(request, pk: int):
    return _make_document(
        request,
        pk,
        make=services.portability_export_create,
        done=_("The export is ready to download as JSON and as CSV."),
    )


@login_required
@require_GET
def disclosure_output_progress_view(request, pk: int, output_pk: int):
    """The progress of one document alone, polled by htmx every second while it is made."""
    subject_request = _subject_request(request, pk)
    output = selectors.disclosure_output_get(request=subject_request, pk=output_pk)
    context = {"subject_request": subject_request, "output": output}
    return render(request, "subject_rights/disclosure/_output_progress.html", context)


@login_required
@require_GET
def disclosure_output_download_view(request, pk: int, output_pk: int):
    subject_request = _subject_request(request, pk)
    output = selectors.disclosure_output_get(request=subject_request, pk=output_pk)
    if not output.is_ready or not output.file:
        raise Http404("This document is not ready.")
    detail = f"{output.get_kind_display()} {output.pk} of request {subject_request.reference}"
    # R-ACC-4: the download discloses the subject's data from these dossiers and records.
    access_log_record(
        request,
        [subject_request.subject_id],
        AccessObject.PERSON,
        access=AccessKind.DOWNLOADED,
        detail=detail,
    )
    dossiers = sorted({c["dossier_id"] for c in output.contents if c.get("dossier_id")})
    records = sorted({c["record_id"] for c in output.contents if c.get("record_id")})
    access_log_record(request, dossiers, AccessObject.DOSSIER, access=AccessKind.DOWNLOADED, detail=detail)
    access_log_record(request, records, AccessObject.RECORD, access=AccessKind.DOWNLOADED, detail=detail)
    return stored_file_download(output.file, filename=output.file_name, content_type=output.content_type)
