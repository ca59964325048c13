"""One request: its parties, clock and history, and every action the transition table
allows from its status (R-DSR-2..9, R-DSR-11, R-DSR-13).

Each action posts to its own URL, calls one service and returns to the detail page; a
refusal re-renders the page with the refused form bound, so its message sits on the field
at fault and in the error summary.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from core.access_log import access_log_record
from core.downloads import stored_file_download
from core.errors import DomainError
from core.forms import add_domain_error
from core.models import AccessKind, AccessObject
from records.views.common import render_form_page
from retention.pdf import css_string, render_pdf
from subject_rights.forms.requests import (
    DecisionForm,
    ExtendForm,
    IdDocumentForm,
    IdentityForm,
    PauseForm,
    ResumeForm,
    TransitionForm,
)
from subject_rights.models import RefusalGround, RequestStatus
from subject_rights.selectors.screens import subject_request_detail
from subject_rights.services import (
    TRANSITIONS,
    subject_request_decide,
    subject_request_extend,
    subject_request_id_document_attach,
    subject_request_identity_verify,
    subject_request_pause,
    subject_request_resume,
    subject_request_transition,
)
from subject_rights.views.common import deadline_of, require_handler, require_reader, user_handles_requests

S = RequestStatus
# Moves made with a plain reason (subject_request_transition); the others have their own
# form on the page, which the move's button points at.
PLAIN_MOVES = (S.AWAITING_IDENTITY, S.FULFILLED, S.CLOSED)
DEDICATED_ANCHORS = {
    S.IN_PROGRESS: "identity",
    S.PAUSED: "pause",
    S.EXTENDED: "extend",
    S.DECIDED: "decision",
}


@dataclass(frozen=True)
class Move:
    status: str
    label: str
    anchor: str = ""
    form: TransitionForm | None = None


def _moves(subject_request, bound: TransitionForm | None) -> list[Move]:
    """The moves the declared transition table allows from the current status, in the
    order of the statuses. A paused request has one way back (resume), whichever status
    it was paused from."""
    allowed = [status for status in S if status in TRANSITIONS[subject_request.status]]
    moves: list[Move] = []
    if subject_request.status == S.PAUSED:
        moves.append(Move(S.IN_PROGRESS, _("Resume"), anchor="resume"))
    for status in allowed:
        if status in PLAIN_MOVES:
            form = bound if bound is not None and bound.prefix == status else None
            moves.append(
                Move(
                    status,
                    status.label,
                    form=form or TransitionForm(prefix=status, initial={"new_status": status}),
                )
            )
        elif subject_request.status != S.PAUSED and status in DEDICATED_ANCHORS:
            moves.append(Move(status, status.label, anchor=DEDICATED_ANCHORS[status]))
    return moves


def _render(request, subject_request, **bound):
    """The detail page, with any refused form shown bound."""
    today = timezone.localdate()
    forms = {
        "identity_form": IdentityForm(prefix="identity"),
        "id_document_form": IdDocumentForm(prefix="iddoc"),
        "pause_form": PauseForm(prefix="pause", initial={"asked_on": today}),
        "resume_form": ResumeForm(prefix="resume", initial={"answered_on": today}),
        "extend_form": ExtendForm(prefix="extend", initial={"notified_on": today}),
        "decision_form": DecisionForm(prefix="decision", request_type=subject_request.request_type),
    }
    forms.update({name: form for name, form in bound.items() if name.endswith("_form")})
    refused_move = bound.get("transition")
    moves = _moves(subject_request, refused_move)
    if any(move.form is refused_move for move in moves):
        refused_move = None  # its errors show on its own form
    access_log_record(  # R-ACC-4: the request page shows its subject's personal data
        request,
        [subject_request.subject_id],
        AccessObject.PERSON,
        detail=f"subject request {subject_request.reference}",
    )
    context = {
        "subject_request": subject_request,
        "subject": subject_request.subject,
        "deadline": deadline_of(subject_request, today),
        "today": today,
        "can_act": user_handles_requests(request.user),
        "moves": moves,
        "allowed": TRANSITIONS[subject_request.status],
        "refused_move": refused_move,
        "status_changes": subject_request.status_changes.all(),
        "pauses": subject_request.pauses.all(),
        "refusal_grounds": [
            RefusalGround(g).label for g in subject_request.refusal_grounds if g in RefusalGround
        ],
        "destruction_overdue": bool(
            subject_request.destroy_by
            and subject_request.destroy_by < today
            and subject_request.completed_on is None
        ),
        **forms,
    }
    all_forms = [*forms.values(), *(move.form for move in moves if move.form is not None), refused_move]
    return render_form_page(request, "subject_rights/request_detail.html", context, forms=all_forms)


@login_required
@require_GET
def request_detail_view(request, pk: int):
    require_reader(request.user)
    return _render(request, subject_request_detail(user=request.user, pk=pk))


def _act(request, pk: int, *, form_name: str, form, call, done: str):
    """Run one action: ``form(subject_request)`` parses the POST, ``call(subject_request,
    form)`` is the one service call; on success back to the page with ``done``, a refusal
    shows on the form."""
    user = request.user
    subject_request = subject_request_detail(user=user, pk=pk)
    require_handler(user)
    if request.method == "GET":
        # The forms live on the detail page; a GET here (e.g. after a language switch) goes there.
        return redirect("subject_rights:request_detail", pk=pk)
    form = form(subject_request)
    if form.is_valid():
        try:
            call(subject_request, form)
        except DomainError as error:
            # Also NotAllowed: the caller handles requests (checked above), so a refusal is
            # a rule on who decides (R-DSR-8), a reason to show rather than a hidden page.
            add_domain_error(form, error)
        else:
            messages.success(request, done)
            return redirect("subject_rights:request_detail", pk=pk)
    return _render(request, subject_request, **{form_name: form})


@login_required
@require_http_methods(["GET", "POST"])
def request_transition_view(request, pk: int):
    # Each move's form has the status as its prefix, so the page's ids stay unique.
    status = next((move for move in PLAIN_MOVES if f"{move}-new_status" in request.POST), "move")

    def call(subject_request, form):
        subject_request_transition(
            acting_user=request.user,
            request=subject_request,
            new_status=form.cleaned_data["new_status"],
            reason=form.cleaned_data["reason"],
        )

    return _act(
        request,
        pk,
        form_name="transition",
        form=lambda _request: TransitionForm(request.POST, prefix=status),
        call=call,
        done=_("The request's status is changed."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_identity_view(request, pk: int):
    def call(subject_request, form):
        subject_request_identity_verify(
            acting_user=request.user, request=subject_request, **form.service_kwargs()
        )

    return _act(
        request,
        pk,
        form_name="identity_form",
        form=lambda _request: IdentityForm(request.POST, prefix="identity"),
        call=call,
        done=_("Identity verified: work on the request has started. Any ID copy is deleted."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_id_document_view(request, pk: int):
    def call(subject_request, form):
        subject_request_id_document_attach(
            acting_user=request.user, request=subject_request, upload=form.cleaned_data["upload"]
        )

    return _act(
        request,
        pk,
        form_name="id_document_form",
        form=lambda _request: IdDocumentForm(request.POST, request.FILES, prefix="iddoc"),
        call=call,
        done=_("The ID copy is kept until the identity verification is recorded."),
    )


def _form_data_action(service, form_class, prefix: str, done):
    """The view of an action whose form's cleaned data are the service's keyword arguments
    as they stand (pause, resume, extend); its form is ``<prefix>_form`` on the detail page.
    ``done`` is lazy, so the message is in the language of the request that acts."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk: int):
        return _act(
            request,
            pk,
            form_name=f"{prefix}_form",
            form=lambda _request: form_class(request.POST, prefix=prefix),
            call=lambda subject_request, form: service(
                acting_user=request.user, request=subject_request, **form.cleaned_data
            ),
            done=str(done),
        )

    return view


request_pause_view = _form_data_action(
    subject_request_pause,
    PauseForm,
    "pause",
    gettext_lazy("The request is paused: the clock stops until the clarification arrives."),
)
request_resume_view = _form_data_action(
    subject_request_resume,
    ResumeForm,
    "resume",
    gettext_lazy("The request is resumed; the paused days are added to the deadline."),
)
request_extend_view = _form_data_action(
    subject_request_extend,
    ExtendForm,
    "extend",
    gettext_lazy("The deadline is extended. Send the requester the notice letter."),
)


@login_required
@require_http_methods(["GET", "POST"])
def request_decision_view(request, pk: int):
    def call(subject_request, form):
        subject_request_decide(acting_user=request.user, request=subject_request, **form.service_kwargs())

    return _act(
        request,
        pk,
        form_name="decision_form",
        form=lambda subject_request: DecisionForm(
            request.POST, prefix="decision", request_type=subject_request.request_type
        ),
        call=call,
        done=_("The decision is recorded."),
    )


@login_required
@require_GET
def request_extension_letter_view(request, pk: int):
    """The notice of the extension to the requester, with its reasons (R-DSR-11), as a PDF."""
    require_reader(request.user)
    subject_request = subject_request_detail(user=request.user, pk=pk)
    if subject_request.extended_due_on is None:
        raise Http404("This request was not extended.")
    pdf = render_pdf(
        "subject_rights/extension_letter.html",
        {
            "subject_request": subject_request,
            "organisation": subject_request.organisation,
            "footer": css_string(f"{subject_request.organisation.name} · {subject_request.reference}"),
        },
    )
    access_log_record(
        request,
        [subject_request.subject_id],
        AccessObject.PERSON,
        access=AccessKind.DOWNLOADED,
        detail=f"extension letter {subject_request.reference}",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{subject_request.reference}-extension.pdf"'
    return response


@login_required
@require_GET
def request_id_document_download_view(request, pk: int):
    """The requester's ID copy, for the handler verifying it; gone once verified (R-DSR-9)."""
    subject_request = subject_request_detail(user=request.user, pk=pk)
    require_handler(request.user)
    if not subject_request.id_document:
        raise Http404("No ID copy is kept for this request.")
    access_log_record(
        request,
        [subject_request.subject_id],
        AccessObject.PERSON,
        access=AccessKind.DOWNLOADED,
        detail=f"ID copy {subject_request.reference}",
    )
    return stored_file_download(
        subject_request.id_document,
        filename=f"{subject_request.reference}-id-copy",
        content_type="application/octet-stream",
    )
