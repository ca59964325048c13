"""Copy-destruction tasks (R-REC-4): the custodian of a paper copy confirms its destruction;
the batch completes and its certificate is issued when the last copy is confirmed."""

import pytest
from django.urls import reverse

from access_control.models import Role
from records.models import CopyKind, Record
from retention.models import BatchStatus, CopyDestructionTask, CopyTaskStatus
from retention.services.execution import disposal_batch_execute
from tests.retention.disposal_support import approved
from tests.web.retention_support import content, due_group3_record, police_force, user

pytestmark = pytest.mark.django_db

LIST_URL = reverse("retention:copy_task_list")


def _url(task) -> str:
    return reverse("retention:copy_task_detail", kwargs={"pk": task.pk})


@pytest.fixture
def police():
    return police_force()


@pytest.fixture
def officer(police):
    return user(police)


@pytest.fixture
def custodian(police):
    """A caseworker who keeps the paper file: the pages of the copies they hold are theirs too."""
    return user(police, Role.CASEWORKER, first_name="Carys", last_name="Custodian")


@pytest.fixture
def task(police, officer, custodian):
    record = due_group3_record(police, reference="PR-2011-0100", copies=(CopyKind.PAPER,))
    record.copies.update(custodian=custodian, location="Archive room B, shelf 4")
    batch = approved(police)
    disposal_batch_execute(acting_user=officer, batch_id=batch.pk)
    return CopyDestructionTask.objects.get()


def test_it_lists_the_custodians_own_pending_copies(client, custodian, task):
    client.force_login(custodian)

    page = content(client.get(LIST_URL))

    for text in ("PR-2011-0100", "Paper", "Archive room B, shelf 4", task.item.batch.number):
        assert text in page


def test_it_lists_every_pending_copy_for_a_records_officer(client, police, task):
    client.force_login(user(police))

    assert list(client.get(LIST_URL).context["page"].object_list) == [task]


def test_it_hides_a_copy_from_another_caseworker_and_another_organisation(client, police, task):
    for persona in (user(police, Role.CASEWORKER), user(police_force())):
        client.force_login(persona)
        assert list(client.get(LIST_URL).context["page"].object_list) == []
        assert client.get(_url(task)).status_code == 404
        assert client.post(_url(task), {"method": "Shredded"}).status_code == 404
    task.refresh_from_db()
    assert task.status == CopyTaskStatus.PENDING


def test_it_needs_the_method_of_destruction(client, custodian, task):
    client.force_login(custodian)

    response = client.post(_url(task), {"method": " ", "note": ""})

    assert "Enter how the copy was destroyed." in content(response)
    task.refresh_from_db()
    assert task.status == CopyTaskStatus.PENDING


def test_it_completes_the_batch_when_the_last_copy_is_confirmed_r_rec_4(client, custodian, task):
    batch = task.item.batch
    assert batch.status == BatchStatus.AWAITING_COPIES
    client.force_login(custodian)

    response = client.post(
        _url(task), {"method": "Cross-cut shredding", "note": "Certificate SHR-88"}, follow=True
    )

    assert "The destruction of the copy of PR-2011-0100 at Archive room B, shelf 4 is confirmed." in content(
        response
    )
    task.refresh_from_db()
    assert (task.status, task.method, task.confirmed_by) == (
        CopyTaskStatus.CONFIRMED,
        "Cross-cut shredding",
        custodian,
    )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMPLETED
    assert batch.certificate.number
    assert not Record.objects.filter(reference="PR-2011-0100").exists()
    assert list(client.get(LIST_URL).context["page"].object_list) == []
    assert "Confirm the copy is destroyed" not in content(client.get(_url(task)))
