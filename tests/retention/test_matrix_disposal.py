"""Who approves and carries out disposal is read from the authorisation matrix (R-ACC-1): by
default the records unit (R-REC-9); granting "Approve disposal" to team leaders lets one
approve (four eyes still apply), taking it from records officers refuses them."""

import pytest
from django.urls import reverse

from access_control.matrix import DataCategory, MatrixAction, Scope
from access_control.matrix_rules import matrix_update
from access_control.models import Role
from core.errors import NotAllowed
from retention.capabilities import may_approve_disposal, may_dispose
from retention.models import BatchApproval, BatchStatus
from retention.services.batches import disposal_batch_approve, disposal_batch_cancel
from retention.services.execution import disposal_batch_execute_request
from tests.factories import UserFactory
from tests.retention.disposal_support import build
from tests.web.retention_support import PASSWORD, due_group3_record, police_force, user

pytestmark = pytest.mark.django_db
REGISTER = (DataCategory.DOSSIERS, DataCategory.RECORDS_POLICING, DataCategory.RECORDS_BUSINESS)


@pytest.fixture
def police():
    return police_force(name="Heddlu Gwent", slug="gwent")


@pytest.fixture
def proposed(police):
    due_group3_record(police, reference="PR-2011-0007")
    (batch,) = build(police, builder=user(police))
    return batch


def _fresh(someone):
    """The user as the next request loads it (the matrix is read once per user object)."""
    return type(someone).objects.get(pk=someone.pk)


def _set(organisation, role, action, scope):
    admin = UserFactory(organisation=organisation, role=Role.ADMINISTRATOR)
    matrix_update(
        acting_user=admin,
        scopes={(role, action, category): scope for category in REGISTER},
        reason="Disposal board decision 2026-11",
    )


def _approve_url(batch) -> str:
    return reverse("retention:batch_approve", kwargs={"pk": batch.pk})


@pytest.mark.parametrize("role", Role.values)
def test_the_shipped_matrix_leaves_disposal_to_records_officers_r_acc_1(police, role):
    someone = user(police, role)
    assert may_approve_disposal(someone) == (role == Role.RECORDS_OFFICER)
    assert may_dispose(someone) == (role == Role.RECORDS_OFFICER)


def test_a_team_leader_given_approve_disposal_approves_a_batch_r_acc_1(client, police, proposed):
    leader = user(police, Role.TEAM_LEADER)
    with pytest.raises(NotAllowed):
        disposal_batch_approve(acting_user=leader, batch=proposed)

    _set(police, Role.TEAM_LEADER, MatrixAction.APPROVE_DISPOSAL, Scope.ORGANISATION)
    client.force_login(leader)
    page = client.get(reverse("retention:batch_detail", kwargs={"pk": proposed.pk}))
    assert page.status_code == 200
    assert _approve_url(proposed) in page.content.decode()

    response = client.post(_approve_url(proposed), {"approve-password": PASSWORD})

    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == BatchStatus.APPROVED
    assert BatchApproval.objects.get(batch=proposed).approver == leader


def test_approving_does_not_let_a_team_leader_execute_or_cancel_r_acc_1(client, police, proposed):
    leader = user(police, Role.TEAM_LEADER)
    _set(police, Role.TEAM_LEADER, MatrixAction.APPROVE_DISPOSAL, Scope.ORGANISATION)
    disposal_batch_approve(acting_user=_fresh(leader), batch=proposed)

    with pytest.raises(NotAllowed):
        disposal_batch_execute_request(acting_user=_fresh(leader), batch=proposed)
    with pytest.raises(NotAllowed):
        disposal_batch_cancel(acting_user=_fresh(leader), batch=proposed, reason="Changed my mind")
    client.force_login(leader)
    execute = reverse("retention:batch_execute", kwargs={"pk": proposed.pk})
    assert client.post(execute, {"execute-password": PASSWORD}).status_code == 403
    proposed.refresh_from_db()
    assert proposed.status == BatchStatus.APPROVED


def test_four_eyes_still_bind_a_team_leader_who_may_approve(police):
    leader = user(police, Role.TEAM_LEADER)
    _set(police, Role.TEAM_LEADER, MatrixAction.APPROVE_DISPOSAL, Scope.ORGANISATION)
    due_group3_record(police, reference="PR-2011-0008")
    police.disposal_approvals_required = 2
    police.save()
    (batch,) = build(police, builder=_fresh(leader))

    with pytest.raises(NotAllowed, match="You built this batch"):
        disposal_batch_approve(acting_user=_fresh(leader), batch=batch)
    assert not BatchApproval.objects.exists()


def test_records_officers_without_approve_disposal_are_refused_r_acc_1(client, police, proposed):
    officer = user(police)
    _set(police, Role.RECORDS_OFFICER, MatrixAction.APPROVE_DISPOSAL, Scope.NONE)

    with pytest.raises(NotAllowed, match="may not approve disposal"):
        disposal_batch_approve(acting_user=_fresh(officer), batch=proposed)
    client.force_login(officer)
    assert client.post(_approve_url(proposed), {"approve-password": PASSWORD}).status_code == 403
    page = client.get(reverse("retention:batch_detail", kwargs={"pk": proposed.pk}))
    assert _approve_url(proposed) not in page.content.decode()

    proposed.refresh_from_db()
    assert proposed.status == BatchStatus.PROPOSED
    assert not BatchApproval.objects.exists()


def test_a_team_leader_of_another_force_may_not_approve_even_if_their_matrix_allows(police, proposed):
    other = police_force(name="Heddlu Gogledd Cymru", slug="gogledd")
    _set(other, Role.TEAM_LEADER, MatrixAction.APPROVE_DISPOSAL, Scope.ORGANISATION)

    with pytest.raises(NotAllowed):
        disposal_batch_approve(acting_user=user(other, Role.TEAM_LEADER), batch=proposed)
    assert not BatchApproval.objects.exists()


def test_a_caseworker_given_manage_holds_reaches_the_holds_pages_r_acc_1(client, police):
    caseworker = user(police, Role.CASEWORKER)
    client.force_login(caseworker)
    assert client.get(reverse("retention:hold_create")).status_code == 403

    _set(police, Role.CASEWORKER, MatrixAction.MANAGE_HOLDS, Scope.ORGANISATION)

    assert client.get(reverse("retention:hold_create")).status_code == 200
    assert client.get(reverse("retention:batch_list")).status_code == 403
