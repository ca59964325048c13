"""Who handles subject requests is read from the authorisation matrix (R-ACC-1): the shipped
matrix gives today's role lists; an organisation that takes "Decide subject requests" from a
role refuses that role's decisions in the service and on the page at once."""

import datetime as dt

import pytest
from django.urls import reverse

from access_control.matrix import DataCategory, MatrixAction, Scope
from access_control.matrix_rules import matrix_update
from access_control.models import Role
from core.errors import NotAllowed
from core.models import DomainEvent
from subject_rights.models import Decision, RequestStatus, SubjectRequest
from subject_rights.roles import (
    HANDLER_ROLES,
    REQUEST_WIDE_ROLES,
    acts_on_every_request,
    handles_requests,
)
from subject_rights.selectors.requests import subject_requests_visible_to
from subject_rights.services import subject_request_decide
from tests.factories import UserFactory
from tests.subject_rights.conftest import at
from tests.subject_rights.support import request_in_progress

pytestmark = pytest.mark.django_db
DECIDED_ON = dt.date(2026, 3, 20)
DECISION = Decision.GRANT
REASONS = "All data about Eva is disclosed."


def _fresh(user):
    """The user as the next request loads it (the matrix is read once per user object)."""
    return type(user).objects.get(pk=user.pk)


def _set(organisation, role, action, scope):
    admin = UserFactory(organisation=organisation, role=Role.ADMINISTRATOR)
    matrix_update(
        acting_user=admin,
        scopes={(role, action, DataCategory.SUBJECT_REQUESTS): scope},
        reason="Board decision 2026-04",
    )


@pytest.mark.parametrize("role", Role.values)
def test_the_shipped_matrix_gives_todays_handlers_r_acc_1(veilig_thuis, role):
    user = UserFactory(organisation=veilig_thuis, role=role)
    assert handles_requests(user) == (role in HANDLER_ROLES and role != Role.API_CLIENT)
    assert acts_on_every_request(user) == (role in REQUEST_WIDE_ROLES)


def test_without_decide_subject_requests_a_caseworker_may_not_decide_r_acc_1(veilig_thuis, caseworker, adult):
    request = request_in_progress(caseworker, adult)
    _set(veilig_thuis, Role.CASEWORKER, MatrixAction.DECIDE_REQUESTS, Scope.NONE)

    with at(DECIDED_ON), pytest.raises(NotAllowed, match="may not handle subject requests"):
        subject_request_decide(
            acting_user=_fresh(caseworker), request=request, decision=DECISION, reasons=REASONS
        )

    request.refresh_from_db()
    assert (request.status, request.decision) == (RequestStatus.IN_PROGRESS, "")
    assert not DomainEvent.objects.filter(verb="subject_request.decided").exists()


def test_without_decide_subject_requests_the_decision_page_refuses_a_caseworker_r_acc_1(
    client, veilig_thuis, caseworker, adult
):
    request = request_in_progress(caseworker, adult)
    url = reverse("subject_rights:request_decision", kwargs={"pk": request.pk})
    data = {"decision-decision": DECISION, "decision-reasons": REASONS}
    _set(veilig_thuis, Role.CASEWORKER, MatrixAction.DECIDE_REQUESTS, Scope.NONE)
    client.force_login(caseworker)

    with at(DECIDED_ON):
        response = client.post(url, data)

    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS


def test_the_decision_right_restored_lets_the_caseworker_decide_again_r_acc_1(
    client, veilig_thuis, caseworker, adult
):
    request = request_in_progress(caseworker, adult)
    _set(veilig_thuis, Role.CASEWORKER, MatrixAction.DECIDE_REQUESTS, Scope.NONE)
    _set(veilig_thuis, Role.CASEWORKER, MatrixAction.DECIDE_REQUESTS, Scope.ORGANISATION)
    client.force_login(caseworker)

    with at(DECIDED_ON):
        client.post(
            reverse("subject_rights:request_decision", kwargs={"pk": request.pk}),
            {"decision-decision": DECISION, "decision-reasons": REASONS},
        )

    request.refresh_from_db()
    assert (request.status, request.decision) == (RequestStatus.DECIDED, DECISION)


def test_the_involvement_rule_holds_unless_the_matrix_widens_the_view_r_acc_1(
    veilig_thuis, caseworker, colleague, adult, outsider
):
    """A caseworker acts only on requests they handle or logged; given "View" on every
    request of the organisation they act on a colleague's too; never on another
    organisation's."""
    request = request_in_progress(caseworker, adult)

    with at(DECIDED_ON), pytest.raises(NotAllowed, match="Only the handler"):
        subject_request_decide(acting_user=colleague, request=request, decision=DECISION, reasons=REASONS)
    assert request not in subject_requests_visible_to(colleague)

    _set(veilig_thuis, Role.CASEWORKER, MatrixAction.VIEW, Scope.ORGANISATION)
    colleague = _fresh(colleague)
    assert request in subject_requests_visible_to(colleague)
    with at(DECIDED_ON):
        subject_request_decide(acting_user=colleague, request=request, decision=DECISION, reasons=REASONS)
    assert SubjectRequest.objects.get(pk=request.pk).decided_by == colleague

    with pytest.raises(NotAllowed):
        subject_request_decide(acting_user=outsider, request=request, decision=DECISION, reasons=REASONS)
