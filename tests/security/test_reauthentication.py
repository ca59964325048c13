"""Re-authentication before destruction: approving or executing a disposal batch and
confirming a copy's destruction need the password (and the code, for the two-factor roles)
within REAUTH_MINUTES (R-REC-4, R-REC-9, R-ACC-1)."""

import datetime as dt
from urllib.parse import quote

import pytest
import time_machine
from django.urls import reverse

from access_control.models import Role
from records.models import CopyKind
from retention.models import BatchApproval, BatchStatus, CopyDestructionTask, CopyTaskStatus
from retention.services.execution import disposal_batch_execute
from tests.factories import DEFAULT_PASSWORD
from tests.retention.disposal_support import approved, build
from tests.security.support import current_code, totp_device_for
from tests.web.retention_support import due_group3_record, police_force, user

pytestmark = pytest.mark.django_db

SIGNED_IN = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LATER = SIGNED_IN + dt.timedelta(minutes=11)  # REAUTH_MINUTES is 10
REAUTH = reverse("reauthenticate")


def _reauth_url(next_url: str) -> str:
    return f"{REAUTH}?next={quote(next_url, safe='')}"


@pytest.fixture
def police():
    return police_force()


@pytest.fixture
def approver(police):
    return user(police, first_name="Aled", last_name="Approver")


@pytest.fixture
def proposed(police):
    due_group3_record(police, reference="PR-2011-0001")
    (batch,) = build(police, builder=user(police))
    return batch


@pytest.fixture
def task(police):
    """A pending copy-destruction task of a caseworker who keeps the paper file."""
    custodian = user(police, Role.CASEWORKER)
    record = due_group3_record(police, reference="PR-2011-0100", copies=(CopyKind.PAPER,))
    record.copies.update(custodian=custodian, location="Archive room B")
    disposal_batch_execute(acting_user=user(police), batch_id=approved(police).pk)
    return CopyDestructionTask.objects.get()


def _approve_url(batch) -> str:
    return reverse("retention:batch_approve", kwargs={"pk": batch.pk})


def _sign_in_then_wait(client, person):
    with time_machine.travel(SIGNED_IN, tick=False):
        client.force_login(person)


@time_machine.travel(LATER, tick=False)
def test_it_sends_an_approver_who_signed_in_too_long_ago_to_confirm_it_is_them(client, approver, proposed):
    _sign_in_then_wait(client, approver)
    url = _approve_url(proposed)

    response = client.post(url, {"approve-password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == _reauth_url(url)
    assert not BatchApproval.objects.exists()
    proposed.refresh_from_db()
    assert proposed.status == BatchStatus.PROPOSED


@time_machine.travel(LATER, tick=False)
def test_it_asks_a_records_officer_for_password_and_code_and_returns_to_the_action(
    client, approver, proposed
):
    _sign_in_then_wait(client, approver)
    url = _approve_url(proposed)
    page = client.get(_reauth_url(url)).content.decode()
    assert "Confirm it is you" in page and "Code from your authenticator app" in page

    response = client.post(
        REAUTH,
        {"password": DEFAULT_PASSWORD, "token": current_code(totp_device_for(approver)), "next": url},
    )

    assert response["Location"] == url
    # Back on the action: the GET returns to the batch, the approval now goes through.
    assert client.get(url)["Location"] == reverse("retention:batch_detail", kwargs={"pk": proposed.pk})
    client.post(url, {"approve-password": DEFAULT_PASSWORD})
    assert BatchApproval.objects.filter(batch=proposed, approver=approver).count() == 1


@time_machine.travel(LATER, tick=False)
def test_it_needs_the_code_as_well_as_the_password_from_a_records_officer(client, approver, proposed):
    _sign_in_then_wait(client, approver)
    device = totp_device_for(approver)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"

    for data, error in (
        ({"password": DEFAULT_PASSWORD}, "Enter the code from your authenticator app."),
        ({"password": DEFAULT_PASSWORD, "token": wrong}, "The code is not correct"),
        ({"password": "wrong", "token": current_code(device)}, "The password is not correct."),
    ):
        response = client.post(REAUTH, data)
        assert response.status_code == 400
        assert error in response.content.decode()

    assert client.post(_approve_url(proposed), {"approve-password": DEFAULT_PASSWORD})["Location"].startswith(
        REAUTH
    )
    assert not BatchApproval.objects.exists()


@time_machine.travel(LATER, tick=False)
def test_it_guards_execution_the_same_way(client, police, approver):
    due_group3_record(police, reference="PR-2011-0002")
    batch = approved(police)
    _sign_in_then_wait(client, approver)
    url = reverse("retention:batch_execute", kwargs={"pk": batch.pk})

    response = client.post(url, {"execute-password": DEFAULT_PASSWORD})

    assert response["Location"] == _reauth_url(url)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPROVED


def test_it_lets_the_action_through_within_the_window(client, approver, proposed):
    with time_machine.travel(SIGNED_IN, tick=False):
        client.force_login(approver)
    with time_machine.travel(SIGNED_IN + dt.timedelta(minutes=9), tick=False):
        response = client.post(_approve_url(proposed), {"approve-password": DEFAULT_PASSWORD})

    assert response["Location"] == reverse("retention:batch_detail", kwargs={"pk": proposed.pk})
    assert BatchApproval.objects.filter(approver=approver).count() == 1


def test_it_reads_the_window_from_reauth_minutes(client, settings, approver, proposed):
    settings.REAUTH_MINUTES = 30
    with time_machine.travel(SIGNED_IN, tick=False):
        client.force_login(approver)
    with time_machine.travel(LATER, tick=False):
        client.post(_approve_url(proposed), {"approve-password": DEFAULT_PASSWORD})

    assert BatchApproval.objects.filter(approver=approver).count() == 1


@time_machine.travel(LATER, tick=False)
def test_it_guards_the_copy_destruction_confirmation_and_asks_a_caseworker_only_the_password(client, task):
    custodian = task.custodian
    _sign_in_then_wait(client, custodian)
    url = reverse("retention:copy_task_detail", kwargs={"pk": task.pk})

    response = client.post(url, {"method": "Shredded"})
    assert response["Location"] == _reauth_url(url)
    task.refresh_from_db()
    assert task.status == CopyTaskStatus.PENDING

    page = client.get(response["Location"]).content.decode()
    assert "Code from your authenticator app" not in page
    assert client.post(REAUTH, {"password": DEFAULT_PASSWORD, "next": url})["Location"] == url
    client.post(url, {"method": "Shredded"})
    task.refresh_from_db()
    assert task.status == CopyTaskStatus.CONFIRMED


@time_machine.travel(LATER, tick=False)
def test_it_never_sends_the_user_off_site_afterwards(client, task):
    custodian = task.custodian
    _sign_in_then_wait(client, custodian)

    response = client.post(REAUTH, {"password": DEFAULT_PASSWORD, "next": "https://evil.example/"})

    assert response["Location"] == reverse("dashboard")


@time_machine.travel(LATER, tick=False)
def test_it_still_refuses_outsiders_after_they_confirm_it_is_them(client, proposed):
    outsider = user(police_force(), Role.RECORDS_OFFICER)
    _sign_in_then_wait(client, outsider)
    client.post(REAUTH, {"password": DEFAULT_PASSWORD, "token": current_code(totp_device_for(outsider))})

    assert client.post(_approve_url(proposed), {"approve-password": DEFAULT_PASSWORD}).status_code == 404
    assert not BatchApproval.objects.exists()
