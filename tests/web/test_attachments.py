"""Attachments of dossier entries: uploaded with an entry, downloaded only through the
dossier's permission check."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from records.models import DossierEntry, EntryAttachment

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment(login, owner, dossier):
    client = login(owner)
    data = {
        "kind": "investigation",
        "nature": "fact",
        "body": "Report of the school attached.",
        "concerns": [m.pk for m in dossier.members.all()],
        "attachments": [
            SimpleUploadedFile("school-report.pdf", b"%PDF-1.4 report", content_type="application/pdf"),
            SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff photo", content_type="image/jpeg"),
        ],
    }
    response = client.post(reverse("dossiers:entry_create", kwargs={"pk": dossier.pk}), data)
    assert response.status_code == 302
    client.logout()
    return EntryAttachment.objects.get(original_name="school-report.pdf")


def test_it_stores_several_files_with_one_entry(attachment):
    entry = DossierEntry.objects.get()

    assert sorted(a.original_name for a in entry.attachments.all()) == ["photo.jpg", "school-report.pdf"]


def test_it_links_the_attachments_on_the_dossier_page(login, owner, dossier, attachment):
    content = login(owner).get(reverse("dossiers:detail", kwargs={"pk": dossier.pk})).content.decode()

    assert reverse("dossiers:attachment", kwargs={"pk": attachment.pk}) in content
    assert "school-report.pdf" in content


def test_it_downloads_the_file_for_the_owner(login, owner, attachment):
    response = login(owner).get(reverse("dossiers:attachment", kwargs={"pk": attachment.pk}))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="school-report.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 report"


def test_it_lets_an_organisation_wide_reader_download(login, dpo, attachment):
    assert login(dpo).get(reverse("dossiers:attachment", kwargs={"pk": attachment.pk})).status_code == 200


@pytest.mark.parametrize("persona", ["colleague", "outsider"])
def test_it_refuses_the_download_to_the_uninvolved(login, request, attachment, persona):
    """R-ACC-5: the same 404 as for an attachment that does not exist."""
    client = login(request.getfixturevalue(persona))

    assert client.get(reverse("dossiers:attachment", kwargs={"pk": attachment.pk})).status_code == 404
    assert client.get(reverse("dossiers:attachment", kwargs={"pk": attachment.pk + 100})).status_code == 404


def test_it_answers_404_not_a_server_error_when_the_stored_file_is_gone(login, owner, attachment):
    """core.downloads: a row whose file is missing from storage (restored backup, failed write)."""
    attachment.file.storage.delete(attachment.file.name)

    response = login(owner).get(reverse("dossiers:attachment", kwargs={"pk": attachment.pk}))

    assert response.status_code == 404
