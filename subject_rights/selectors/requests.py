"""Reads on subject requests: the permission-checked lookup, lists and deadline terms.

A caseworker sees the requests they handle or logged; team leaders and the DPO see every
request of their organisation. ``subject_request_get_for_user`` raises Http404 for both
"does not exist" and "not yours", so another organisation's ids reveal nothing.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from access_control.models import Organisation
from subject_rights.deadlines import DeadlineTerms, gdpr_default_terms
from subject_rights.models import DeadlinePolicy, SubjectRequest
from subject_rights.roles import every_request_condition


def subject_requests_visible_to(user) -> QuerySet[SubjectRequest]:
    if not user.is_authenticated or user.organisation_id is None:
        return SubjectRequest.objects.none()
    requests = SubjectRequest.objects.filter(organisation_id=user.organisation_id)
    # The involvement rule, unless the matrix lets the role act on every request (R-ACC-1).
    return requests.filter(every_request_condition(user) | Q(handler=user) | Q(created_by=user))


def subject_request_get_for_user(*, user, pk: int) -> SubjectRequest:
    request = subject_requests_visible_to(user).select_related("subject", "handler").filter(pk=pk).first()
    if request is None:
        raise Http404("No such request.")
    return request


def subject_request_list(*, user, status: str = "", request_type: str = "") -> QuerySet[SubjectRequest]:
    requests = subject_requests_visible_to(user).select_related("subject", "handler")
    if status:
        requests = requests.filter(status=status)
    if request_type:
        requests = requests.filter(request_type=request_type)
    return requests


def deadline_terms_for(
    *, organisation: Organisation, request_type: str
) -> tuple[DeadlinePolicy | None, DeadlineTerms]:
    """The organisation's terms for this type, else its catch-all policy, else GDPR art. 12(3).

    Raises ValueError (UnknownJurisdiction) when the jurisdiction has no holiday calendar.
    """
    policies = {
        policy.request_type: policy
        for policy in DeadlinePolicy.objects.filter(
            organisation=organisation, request_type__in=[request_type, ""]
        ).select_related("organisation")
    }
    policy = policies.get(request_type) or policies.get("")
    if policy is not None:
        return policy, policy.terms()
    return None, gdpr_default_terms(organisation.jurisdiction)
