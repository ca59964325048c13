"""Disposal batches in the browser: build, four eyes with re-authentication, execute with
progress, certificate download, remove an item, cancel (R-REC-4, R-REC-9, issue 3)."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from access_control.models import Role
from records.models import CopyKind, ItemStatus, Record
from retention.models import BatchApproval, BatchStatus, DisposalBatch, DisposalItemStatus
from retention.services.execution import disposal_batch_execute, disposal_batch_execute_request
from tests.retention.disposal_support import approved, build
from tests.web.retention_support import PASSWORD, content, due_group3_record, police_force, user

pytestmark = pytest.mark.django_db

LIST_URL = reverse("retention:batch_list")
BUILD_URL = reverse("retention:batch_build")


def _url(name: str, batch, **kwargs) -> str:
    return reverse(f"retention:{name}", kwargs={"pk": batch.pk, **kwargs})


@pytest.fixture
def police():
    return police_force(name="Heddlu Dyfed-Powys", slug="dyfed")


@pytest.fixture
def builder(police):
    return user(police, first_name="Bethan", last_name="Builder")


@pytest.fixture
def approver(police):
    return user(police, first_name="Aled", last_name="Approver")


@pytest.fixture
def caseworker(police):
    return user(police, Role.CASEWORKER)


@pytest.fixture
def outsider():
    return user(police_force(), Role.RECORDS_OFFICER)


@pytest.fixture
def proposed(police, builder):
    due_group3_record(police, reference="PR-2011-0001")
    (batch,) = build(police, builder=builder)
    return batch


def _run_execution(batch) -> None:
    """What the Celery worker does with the task the execute button queues."""
    disposal_batch_execute(acting_user=user(batch.organisation), batch_id=batch.pk)
    batch.refresh_from_db()


# --- the whole journey ------------------------------------------------------------------------


def test_it_takes_a_due_record_from_build_to_certificate_in_the_browser(
    client, police, builder, approver, django_capture_on_commit_callbacks
):
    """Build → the builder is refused (four eyes) → wrong password refused → approve →
    execute (eager Celery) → completed → certificate PDF."""
    record = due_group3_record(police, reference="PR-2011-0042")

    client.force_login(builder)
    response = client.post(BUILD_URL, follow=True)
    batch = DisposalBatch.objects.get(organisation=police)
    assert f"1 batch built: {batch.number}" in content(response)
    assert batch.built_by == builder

    response = client.post(_url("batch_approve", batch), {"approve-password": PASSWORD})
    assert "You built this batch; another records-unit officer must approve it." in content(response)
    assert "govuk-error-summary" in content(response)
    assert not BatchApproval.objects.exists()

    client.force_login(approver)
    response = client.post(_url("batch_approve", batch), {"approve-password": "not my password"})
    assert "The password is not correct." in content(response)
    assert not BatchApproval.objects.exists()

    response = client.post(_url("batch_approve", batch), {"approve-password": PASSWORD}, follow=True)
    assert f"Batch {batch.number} is approved." in content(response)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPROVED

    response = client.post(_url("batch_execute", batch), {"execute-password": "wrong"})
    assert "The password is not correct." in content(response)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPROVED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("batch_execute", batch), {"execute-password": PASSWORD})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMPLETED
    assert not Record.objects.filter(pk=record.pk).exists()

    page = content(client.get(_url("batch_detail", batch)))
    certificate = batch.certificate
    certificate_url = reverse("retention:certificate_pdf", kwargs={"pk": certificate.pk})
    assert certificate_url in page
    assert "1 of 1 item processed" in page

    response = client.get(certificate_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{certificate.number}.pdf"'
    pdf = b"".join(response.streaming_content)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert certificate.number in text
    assert "PR-2011-0042" in text


# --- who may see and act ----------------------------------------------------------------------


def test_it_refuses_the_batch_pages_to_a_caseworker(client, caseworker, proposed):
    client.force_login(caseworker)
    for url in (LIST_URL, _url("batch_detail", proposed), _url("batch_progress", proposed)):
        assert client.get(url).status_code == 403
    assert client.post(BUILD_URL).status_code == 403
    assert client.post(_url("batch_approve", proposed), {"approve-password": PASSWORD}).status_code == 403


def test_it_hides_a_batch_from_another_organisation(client, outsider, proposed):
    client.force_login(outsider)
    for url in (_url("batch_detail", proposed), _url("batch_progress", proposed)):
        assert client.get(url).status_code == 404
    assert client.post(_url("batch_approve", proposed), {"approve-password": PASSWORD}).status_code == 404
    assert proposed.number not in content(client.get(LIST_URL))
    assert not BatchApproval.objects.exists()


def test_it_hides_a_certificate_from_another_organisation(client, police, outsider, caseworker):
    due_group3_record(police)
    batch = approved(police)
    _run_execution(batch)
    url = reverse("retention:certificate_pdf", kwargs={"pk": batch.certificate.pk})

    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(caseworker)
    assert client.get(url).status_code == 403


def test_it_lets_the_dpo_read_a_batch_but_not_act_on_it(client, police, proposed):
    client.force_login(user(police, Role.DPO))

    page = content(client.get(_url("batch_detail", proposed)))

    assert proposed.number in page
    assert _url("batch_approve", proposed) not in page
    assert "Build batches now" not in content(client.get(LIST_URL))
    assert client.post(BUILD_URL).status_code == 403
    assert client.post(_url("batch_approve", proposed), {"approve-password": PASSWORD}).status_code == 403


# --- list -------------------------------------------------------------------------------------


def test_it_lists_batches_with_status_items_schedule_and_action(client, builder, proposed):
    client.force_login(builder)

    page = content(client.get(LIST_URL))

    for text in (proposed.number, "Proposed — awaiting approval", "MOPI-3", "Destroy", "Bethan Builder"):
        assert text in page
    assert content(client.get(LIST_URL, {"status": "completed"})).count(proposed.number) == 0


def test_it_says_when_there_is_nothing_to_build(client, builder):
    client.force_login(builder)

    response = client.post(BUILD_URL, follow=True)

    assert "Nothing is due for disposal today" in content(response)
    assert not DisposalBatch.objects.exists()


def _list_queries(client, police, officer, count: int) -> int:
    for _ in range(count):
        due_group3_record(police)
        build(police, builder=officer)
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL).status_code == 200
    return len(queries)


def test_it_reads_the_batch_list_in_a_fixed_number_of_queries(client, police, builder):
    assert _list_queries(client, police, builder, 2) == _list_queries(client, police, builder, 6)


# --- detail: items, removal, cancellation, progress -------------------------------------------


def test_it_shows_each_item_with_why_it_is_due(client, builder, proposed):
    client.force_login(builder)

    page = content(client.get(_url("batch_detail", proposed)))

    item = proposed.items.get()
    assert "PR-2011-0001" in page
    assert item.explanation in page
    assert "0 of 1 approval given." in page
    assert _url("batch_item_remove", proposed, item_pk=item.pk) in page


def test_it_removes_an_item_with_a_reason(client, builder, proposed):
    item = proposed.items.get()
    url = _url("batch_item_remove", proposed, item_pk=item.pk)
    client.force_login(builder)

    refused = client.post(url, {"reason": " "})
    assert "Enter the reason for removing the item." in content(refused)
    item.refresh_from_db()
    assert item.status == DisposalItemStatus.INCLUDED

    response = client.post(url, {"reason": "Subject of a pending complaint."}, follow=True)
    item.refresh_from_db()
    assert item.status == DisposalItemStatus.REMOVED
    assert "Subject of a pending complaint." in content(response)
    assert "PR-2011-0001 is taken out of batch" in content(response)


def test_it_refuses_to_remove_an_item_once_the_batch_is_approved(client, police, builder):
    due_group3_record(police)
    batch = approved(police, builder=builder)
    item = batch.items.get()
    client.force_login(builder)

    response = client.post(_url("batch_item_remove", batch, item_pk=item.pk), {"reason": "Changed my mind."})

    assert "Items can only be removed while the batch is proposed" in content(response)
    item.refresh_from_db()
    assert item.status == DisposalItemStatus.INCLUDED


def test_it_cancels_a_batch_with_a_reason(client, builder, proposed):
    client.force_login(builder)

    refused = client.post(_url("batch_cancel", proposed), {"cancel-reason": ""})
    assert "Enter the reason for cancelling the batch." in content(refused)

    response = client.post(_url("batch_cancel", proposed), {"cancel-reason": "Wrong schedule."}, follow=True)
    proposed.refresh_from_db()
    assert proposed.status == BatchStatus.CANCELLED
    assert "Wrong schedule." in content(response)


def test_it_polls_the_progress_every_second_while_executing_and_stops_when_done(client, police, builder):
    record = due_group3_record(police)
    batch = approved(police, builder=builder)
    # Requested but not yet run: the worker has not picked it up (no on-commit in this test).
    disposal_batch_execute_request(acting_user=builder, batch=batch)
    client.force_login(builder)

    running = content(client.get(_url("batch_progress", batch)))
    assert 'hx-trigger="every 1s"' in running
    assert '<progress id="batch-progress-bar" class="app-progress" max="1" value="0">' in running
    assert 'hx-trigger="every 1s"' in content(client.get(_url("batch_detail", batch)))

    _run_execution(batch)
    done = content(client.get(_url("batch_progress", batch)))
    assert "hx-trigger" not in done
    assert 'value="1"' in done
    assert reverse("retention:certificate_pdf", kwargs={"pk": batch.certificate.pk}) in done
    assert not Record.objects.filter(pk=record.pk).exists()


def test_it_refuses_to_execute_twice(client, police, builder):
    due_group3_record(police)
    batch = approved(police, builder=builder)
    disposal_batch_execute_request(acting_user=builder, batch=batch)
    client.force_login(builder)

    response = client.post(_url("batch_execute", batch), {"execute-password": PASSWORD})

    assert response.status_code == 200
    assert "is already being executed" in content(response)


def test_it_waits_for_paper_copies_before_completing_r_rec_4(
    client, police, builder, django_capture_on_commit_callbacks
):
    record = due_group3_record(police, copies=(CopyKind.ELECTRONIC, CopyKind.PAPER))
    batch = approved(police, builder=builder)
    client.force_login(builder)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("batch_execute", batch), {"execute-password": PASSWORD})

    batch.refresh_from_db()
    assert batch.status == BatchStatus.AWAITING_COPIES
    record.refresh_from_db()
    assert record.status == ItemStatus.DISPOSAL_PENDING
    page = content(client.get(_url("batch_detail", batch)))
    assert "1 copy to confirm" in page
    assert reverse("retention:copy_task_list") in page
