"""Reading a dossier and acting on it: entries, members, close and reopen.

The owner may; a colleague who is not involved and an outsider get 404 (R-ACC-5), the
same answer as for a dossier that does not exist.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from records.models import DossierEntry, DossierMember, DossierStatus, DossierStatusChange, Person
from tests.factories import DossierEntryFactory, DossierFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _url(name: str, dossier) -> str:
    return reverse(f"dossiers:{name}", kwargs={"pk": dossier.pk})


def _entry_data(dossier, **overrides) -> dict:
    return {
        "kind": "investigation",
        "nature": "fact",
        "body": "Home visit: the children were present.",
        "source": "",
        "recipient": "",
        "concerns": [m.pk for m in dossier.members.all()],
        **overrides,
    }


ACTIONS = [
    ("entry_create", lambda d: _entry_data(d)),
    ("member_create", lambda d: {"role": "other", "given_names": "Kees", "family_name": "Jansen"}),
    ("close", lambda d: {"close-closed_on": "2024-06-01", "close-reason": "Done"}),
    ("reopen", lambda d: {"reopen-reason": "New report"}),
]


def test_it_shows_the_owner_members_entries_and_status(login, owner, dossier):
    members = list(dossier.members.all())
    DossierEntryFactory(
        dossier=dossier,
        author=owner,
        kind="report",
        nature="opinion",
        body="Worried.",
        source="GP practice",
        not_current_contact=True,
        concerns=[members[0]],
    )

    response = login(owner).get(_url("detail", dossier))

    content = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Jansen household",
        "Sam Jansen",
        "Eva Jansen",
        "Worried.",
        "GP practice",
        "Not based on current contact",
        "Opinion or hypothesis",
        "Olga Owner",
    ):
        assert text in content
    assert _url("entry_create", dossier) in content
    assert _url("close", dossier) in content


def test_it_reads_the_detail_in_a_fixed_number_of_queries(
    login, owner, dossier, django_assert_max_num_queries
):
    members = list(dossier.members.all())
    for _ in range(5):
        DossierEntryFactory(dossier=dossier, author=owner, concerns=members)
    client = login(owner)
    client.get(_url("detail", dossier))  # warm the session and content types

    # 17: the retention card reads the active holds on the dossier (one query);
    # 18: the role's authorisation matrix, read once per request (R-ACC-1).
    with django_assert_max_num_queries(18):
        client.get(_url("detail", dossier))


@pytest.mark.parametrize("persona", ["colleague", "outsider"])
def test_it_hides_the_dossier_from_the_uninvolved(login, request, dossier, persona):
    # A colleague gets the break-glass offer (403, nothing of the file); an outsider the
    # same 404 as for an id that does not exist (R-ACC-5).
    response = login(request.getfixturevalue(persona)).get(_url("detail", dossier))
    assert response.status_code == (403 if persona == "colleague" else 404)
    assert dossier.reference not in response.content.decode()


@pytest.mark.parametrize("persona", ["colleague", "outsider", "dpo"])
@pytest.mark.parametrize(("action", "payload"), ACTIONS)
def test_it_refuses_every_action_to_those_not_involved(login, request, dossier, persona, action, payload):
    """Writes need perm="change": even the DPO, who may read every dossier, gets 404."""
    client = login(request.getfixturevalue(persona))
    before = (
        DossierEntry.objects.count(),
        DossierMember.objects.count(),
        DossierStatusChange.objects.count(),
    )

    assert client.get(_url(action, dossier)).status_code == 404
    assert client.post(_url(action, dossier), payload(dossier)).status_code == 404
    after = (DossierEntry.objects.count(), DossierMember.objects.count(), DossierStatusChange.objects.count())
    assert after == before


def test_it_lets_the_dpo_read_but_offers_no_actions(login, dpo, dossier):
    content = login(dpo).get(_url("detail", dossier)).content.decode()

    assert "Jansen household" in content
    assert _url("entry_create", dossier) not in content
    assert _url("close", dossier) not in content


def test_it_adds_an_entry_for_the_chosen_members(login, owner, dossier):
    """R-DOS-2: fact or opinion, source, not current contact, whom it concerns."""
    child = dossier.members.get(role="child")
    data = _entry_data(
        dossier, nature="opinion", source="Police", not_current_contact="on", concerns=[child.pk]
    )

    response = login(owner).post(_url("entry_create", dossier), data)

    assert response.status_code == 302
    entry = DossierEntry.objects.get()
    assert (entry.nature, entry.source, entry.not_current_contact) == ("opinion", "Police", True)
    assert list(entry.concerns.all()) == [child]
    assert entry.author == owner


def test_it_refuses_an_entry_without_a_kind(login, owner, dossier):
    response = login(owner).post(_url("entry_create", dossier), _entry_data(dossier, kind=""))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_kind">Select the kind of entry.' in content
    assert DossierEntry.objects.count() == 0


def test_it_refuses_an_entry_that_concerns_nobody(login, owner, dossier):
    response = login(owner).post(_url("entry_create", dossier), _entry_data(dossier, concerns=[]))

    content = response.content.decode()
    assert 'href="#id_concerns_0">Select the members this entry concerns.' in content
    assert DossierEntry.objects.count() == 0


def test_it_refuses_sharing_with_a_third_party_without_a_recipient(login, owner, dossier):
    """The service's rule comes back on the recipient field."""
    response = login(owner).post(_url("entry_create", dossier), _entry_data(dossier, kind="shared"))

    content = response.content.decode()
    assert 'href="#id_recipient">Say to whom the information was given.' in content
    assert 'id="id_recipient_error"' in content
    assert DossierEntry.objects.count() == 0


def test_it_does_not_offer_members_of_another_dossier(login, owner, dossier):
    stranger = DossierFactory(organisation=dossier.organisation).members.create(
        person=PersonFactory(organisation=dossier.organisation), role="child"
    )

    response = login(owner).post(_url("entry_create", dossier), _entry_data(dossier, concerns=[stranger.pk]))

    assert "Select a valid choice" in response.content.decode()
    assert DossierEntry.objects.count() == 0


def test_it_adds_a_new_member(login, owner, dossier):
    data = {"role": "child", "given_names": "Kees", "family_name": "Jansen", "date_of_birth": "2019-09-09"}

    response = login(owner).post(_url("member_create", dossier), data)

    assert response.status_code == 302
    assert dossier.members.filter(person__given_names="Kees", role="child").exists()


def test_it_refuses_a_member_who_is_already_in_the_household(login, owner, dossier):
    sam = dossier.members.get(role="child").person
    people = Person.objects.count()

    response = login(owner).post(_url("member_create", dossier), {"role": "other", "person": sam.pk})

    content = response.content.decode()
    assert "Sam Jansen is already a member of this household." in content
    assert 'href="#form-errors"' in content
    assert dossier.members.count() == 2
    assert Person.objects.count() == people


def test_it_refuses_a_new_member_born_in_the_future(login, owner, dossier):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = {"role": "child", "given_names": "Kees", "family_name": "Jansen", "date_of_birth": tomorrow}

    response = login(owner).post(_url("member_create", dossier), data)

    assert "A date of birth cannot be in the future." in response.content.decode()
    assert dossier.members.count() == 2


def test_it_closes_and_reopens_the_dossier_with_history(login, owner, dossier):
    """R-WMO-1/5: closing sets the date the retention counts from; reopening clears it."""
    client = login(owner)

    closed = client.post(
        _url("close", dossier), {"close-closed_on": "2024-06-01", "close-reason": "Safe now"}
    )
    dossier.refresh_from_db()
    assert closed.status_code == 302
    assert (dossier.status, dossier.closed_on) == (DossierStatus.CLOSED, datetime.date(2024, 6, 1))

    reopened = client.post(_url("reopen", dossier), {"reopen-reason": "A new report arrived"})
    dossier.refresh_from_db()
    assert reopened.status_code == 302
    assert (dossier.status, dossier.closed_on) == (DossierStatus.REOPENED, None)

    content = client.get(_url("detail", dossier)).content.decode()
    assert "Open to Closed" in content
    assert "Closed to Reopened" in content
    assert "A new report arrived" in content


def test_it_refuses_a_closing_date_before_the_report_date(login, owner, dossier):
    response = login(owner).post(
        _url("close", dossier), {"close-closed_on": "2024-02-01", "close-reason": ""}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_close-closed_on">The closing date cannot be before the report date.' in content
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.OPEN
    assert DossierStatusChange.objects.count() == 0


def test_it_refuses_to_reopen_without_a_reason(login, owner, dossier):
    dossier.status, dossier.closed_on = DossierStatus.CLOSED, datetime.date(2024, 6, 1)
    dossier.save()

    response = login(owner).post(_url("reopen", dossier), {"reopen-reason": ""})

    assert "Enter the reason for reopening." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.CLOSED


def test_it_refuses_to_close_a_closed_dossier(login, owner, dossier):
    dossier.status, dossier.closed_on = DossierStatus.CLOSED, datetime.date(2024, 6, 1)
    dossier.save()

    response = login(owner).post(_url("close", dossier), {"close-closed_on": "2024-07-01"})

    content = response.content.decode()
    assert "A dossier that is closed cannot become closed." in content
    assert 'id="close-errors"' in content
    assert DossierStatusChange.objects.count() == 0


def test_it_sends_a_get_on_close_back_to_the_dossier(login, owner, dossier):
    response = login(owner).get(_url("close", dossier))

    assert response.status_code == 302
    assert response["Location"] == _url("detail", dossier)
