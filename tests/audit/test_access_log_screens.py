"""R-ACC-4: the DPO answers "who looked at this dossier" and "what did this user look at"."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from access_control.models import Role
from core.models import AccessChannel, AccessKind, AccessLogEntry, AccessObject
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("access_log")


def _log(user, kind, object_id, *, minutes_ago=0, **fields) -> AccessLogEntry:
    return AccessLogEntry.objects.create(
        organisation=user.organisation,
        user=user,
        accessed_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        channel=fields.pop("channel", AccessChannel.WEB),
        access=fields.pop("access", AccessKind.OPENED),
        object_kind=kind,
        object_id=object_id,
        **fields,
    )


def test_it_shows_who_looked_at_a_dossier_newest_first(login, owner, colleague, dpo, dossier, attachment):
    """The owner's page view and download, through the pages themselves."""
    client = login(owner)
    client.get(reverse("dossiers:detail", kwargs={"pk": dossier.pk}))
    client.get(reverse("dossiers:attachment", kwargs={"pk": attachment.pk}))
    _log(colleague, AccessObject.DOSSIER, dossier.pk, minutes_ago=60, access=AccessKind.LISTED)
    _log(owner, AccessObject.DOSSIER, dossier.pk + 1000)  # another dossier

    response = login(dpo).get(URL, {"dossier": dossier.pk})

    assert response.status_code == 200
    entries = list(response.context["page"].object_list)
    assert [(e.user, e.access) for e in entries] == [
        (owner, AccessKind.DOWNLOADED),
        (owner, AccessKind.OPENED),
        (colleague, AccessKind.LISTED),
    ]
    content = response.content.decode()
    assert f"Who looked at dossier {dossier.pk}" in content
    assert f"attachment {attachment.pk}" in content


def test_it_shows_what_one_user_looked_at(login, owner, colleague, auditor, dossier, record):
    _log(owner, AccessObject.DOSSIER, dossier.pk, purpose="Home visit")
    _log(owner, AccessObject.RECORD, record.pk, minutes_ago=5, channel=AccessChannel.API)
    _log(colleague, AccessObject.RECORD, record.pk)

    response = login(auditor).get(URL, {"user": owner.pk})

    assert response.status_code == 200
    entries = list(response.context["page"].object_list)
    assert [(e.object_kind, e.object_id) for e in entries] == [
        (AccessObject.DOSSIER, dossier.pk),
        (AccessObject.RECORD, record.pk),
    ]
    content = response.content.decode()
    assert "What Olga Owner looked at" in content
    assert "Home visit" in content and "API" in content


def test_it_still_answers_for_a_destroyed_dossier(login, owner, dpo):
    """The log outlives the dossier: its id is known from the organisation's own entries."""
    _log(owner, AccessObject.DOSSIER, 987654)

    response = login(dpo).get(URL, {"dossier": 987654})

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.TEAM_LEADER, Role.RECORDS_OFFICER, Role.ADMINISTRATOR]
)
def test_it_refuses_everyone_but_the_dpo_and_auditors(login, org, dossier, role):
    user = UserFactory(organisation=org, role=role)

    assert login(user).get(URL, {"dossier": dossier.pk}).status_code == 403
    assert login(user).get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_it_answers_404_for_another_organisations_dossier_or_user(login, dpo, outsider):
    """Organisations are sealed: another organisation's ids look like ids that do not exist."""
    theirs = DossierFactory(organisation=outsider.organisation)
    _log(outsider, AccessObject.DOSSIER, theirs.pk)
    client = login(dpo)

    assert client.get(URL, {"dossier": theirs.pk}).status_code == 404
    assert client.get(URL, {"user": outsider.pk}).status_code == 404
    assert client.get(URL, {"dossier": theirs.pk, "format": "csv"}).status_code == 404


def test_it_shows_another_organisations_dpo_nothing_of_ours(login, owner, dossier):
    _log(owner, AccessObject.DOSSIER, dossier.pk)
    their_dpo = UserFactory(role=Role.DPO)

    assert login(their_dpo).get(URL, {"dossier": dossier.pk}).status_code == 404


def test_it_pages_by_fifty(login, owner, dpo, dossier):
    for minutes in range(60):
        _log(owner, AccessObject.DOSSIER, dossier.pk, minutes_ago=minutes)
    client = login(dpo)

    first = client.get(URL, {"dossier": dossier.pk})
    second = client.get(URL, {"dossier": dossier.pk, "page": 2})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 10
    assert "page=2" in first.content.decode()


def test_it_exports_the_whole_answer_as_csv(login, owner, dpo, dossier):
    for minutes in range(60):
        _log(owner, AccessObject.DOSSIER, dossier.pk, minutes_ago=minutes, purpose="=HYPERLINK(1)")

    response = login(dpo).get(URL, {"dossier": dossier.pk, "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="access-log-dossier-{dossier.pk}.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 60
    assert rows[0]["username"] == owner.username
    assert rows[0]["object_id"] == str(dossier.pk)
    assert rows[0]["purpose"] == "'=HYPERLINK(1)"  # no formula runs in a spreadsheet


def test_it_links_the_csv_from_the_page(login, owner, dpo, dossier):
    _log(owner, AccessObject.DOSSIER, dossier.pk)

    content = login(dpo).get(URL, {"dossier": dossier.pk}).content.decode()

    assert f"?dossier={dossier.pk}&amp;format=csv" in content


def test_it_shows_the_form_until_something_is_chosen(login, dpo, owner):
    response = login(dpo).get(URL)

    assert response.status_code == 200
    assert response.context["page"] is None
    assert f'<option value="{owner.pk}">' in response.content.decode()


def test_it_asks_for_one_filter_at_a_time(login, dpo, owner, dossier):
    response = login(dpo).get(URL, {"dossier": dossier.pk, "user": owner.pk})

    assert response.status_code == 200
    assert response.context["page"] is None
    assert "Choose one: a dossier, a record, a person or a user." in response.content.decode()


def test_it_refuses_a_number_that_is_not_one(login, dpo):
    response = login(dpo).get(URL, {"dossier": "abc"})

    assert response.context["page"] is None
    assert "Enter a whole number." in response.content.decode()


def test_it_shows_the_access_log_in_the_navigation_of_the_dpo_only(login, dpo, owner):
    # follow: the DPO's start page is the compliance dashboard (a redirect).
    assert f'href="{URL}"' in login(dpo).get(reverse("dashboard"), follow=True).content.decode()
    assert f'href="{URL}"' not in login(owner).get(reverse("dashboard"), follow=True).content.decode()
