"""API reads of subject requests and consents (the widening rule of api.selectors).

A token client with ``dsr:read`` reads its organisation's requests (an intake portal follows
every request it may have logged); with ``consent:read`` it reads the consents it recorded
itself. A person signed in to the browser sees what the subject_rights selectors show them
(consents: ``consents_visible_to``, the same rule as the consent register pages, R-ACC-5).
"""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from api.scopes import Scope
from api.selectors import MAX_ID, _client_scope, one_or_404
from subject_rights.models import Consent, ConsentSignatory, RequestPause, RequestStatusChange, SubjectRequest
from subject_rights.roles import handles_requests
from subject_rights.selectors import subject_requests_visible_to
from subject_rights.selectors.screens import consent_get_for_user, consents_visible_to


def subject_requests_for(user) -> QuerySet[SubjectRequest]:
    is_client, allowed = _client_scope(user, Scope.DSR_READ)
    if not is_client:
        return subject_requests_visible_to(user)
    if not allowed:
        return SubjectRequest.objects.none()
    return SubjectRequest.objects.filter(organisation_id=user.organisation_id)


def subject_request_list_for(user) -> QuerySet[SubjectRequest]:
    return subject_requests_for(user).select_related("subject", "handler")


def _subject_request_detail(requests: QuerySet[SubjectRequest]) -> QuerySet[SubjectRequest]:
    return requests.select_related("subject", "handler", "decided_by").prefetch_related(
        Prefetch("status_changes", queryset=RequestStatusChange.objects.order_by("changed_at", "id")),
        Prefetch("pauses", queryset=RequestPause.objects.order_by("asked_on", "id")),
    )


def subject_request_detail_for(user, pk) -> SubjectRequest:
    return one_or_404(_subject_request_detail(subject_requests_for(user)), pk, "subject request")


def subject_request_for_action(user, pk) -> SubjectRequest:
    """A request to act on: one the caller can see (the service then checks who may act)."""
    is_client, _allowed = _client_scope(user, Scope.DSR_WRITE)
    requests = subject_requests_visible_to(user)
    if is_client:
        requests = SubjectRequest.objects.filter(organisation_id=user.organisation_id)
    return one_or_404(requests, pk, "subject request")


def subject_request_reload(request: SubjectRequest) -> SubjectRequest:
    return _subject_request_detail(SubjectRequest.objects.filter(pk=request.pk)).get()


def consent_reader(user) -> bool:
    """A client with consent:read, or a person who handles consent (caseworkers, team
    leaders, the DPO), reads the organisation's consent register."""
    if not user.is_authenticated or user.organisation_id is None:
        return False
    is_client, allowed = _client_scope(user, Scope.CONSENT_READ)
    return allowed if is_client else handles_requests(user)


def consents_for(user) -> QuerySet[Consent]:
    if not consent_reader(user):
        return Consent.objects.none()
    return consents_visible_to(user)


def consent_list_for(user) -> QuerySet[Consent]:
    signatories = ConsentSignatory.objects.select_related("person").order_by("id")
    return consents_for(user).prefetch_related(Prefetch("signatories", queryset=signatories))


def consent_detail_for(user, pk) -> Consent:
    return one_or_404(consent_list_for(user), pk, "consent")


def consent_for_change(user, pk) -> Consent:
    """A consent to withdraw: one the caller may see, by the same lookup as the web pages
    (``consent_get_for_user``); the view checks the consent:write scope, the service the role."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such consent.") from None
    if not 0 < pk <= MAX_ID:
        raise Http404("No such consent.")
    return consent_get_for_user(user=user, pk=pk)


def consent_shown(user, consent: Consent | None) -> Consent | None:
    """The consent deciding a "may this be shared?" answer, with its details, if the caller
    may see it; otherwise None (the answer and its reason still stand)."""
    if consent is None:
        return None
    return consent_list_for(user).filter(pk=consent.pk).first()


def consent_reload(consent: Consent) -> Consent:
    return consent_list_for_all().get(pk=consent.pk)


def consent_list_for_all() -> QuerySet[Consent]:
    signatories = ConsentSignatory.objects.select_related("person").order_by("id")
    return Consent.objects.prefetch_related(Prefetch("signatories", queryset=signatories))
