"""Opening a dossier (R-DOS-1) with its household members, and the refusals."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from records.models import Dossier, DossierEntry, DossierMember, Person
from tests.factories import DossierFactory, PersonFactory, UnitFactory, grant
from tests.web import payloads

pytestmark = pytest.mark.django_db

URL = reverse("dossiers:create")


def _counts() -> tuple[int, int, int, int]:
    return (
        Dossier.objects.count(),
        DossierMember.objects.count(),
        Person.objects.count(),
        DossierEntry.objects.count(),
    )


def test_it_shows_the_form_with_one_member_row(login, owner):
    response = login(owner).get(URL)

    assert response.status_code == 200
    assert response.context["members"].total_form_count() == 1
    assert 'type="date"' in response.content.decode()


def test_it_refuses_roles_that_may_not_open_dossiers(login, dpo, records_officer):
    assert login(dpo).get(URL).status_code == 403
    assert login(records_officer).post(URL, payloads.dossier_create()).status_code == 403
    assert Dossier.objects.count() == 0


def test_it_opens_a_dossier_with_three_members_and_two_entries_and_lists_it(login, client, owner, unit):
    """R-DOS-1/2: the household, its members, the report and a second entry."""
    login(owner)
    data = payloads.dossier_create(
        household_name="De Wit household",
        members=[
            {"role": "child", "given_names": "Lotte", "family_name": "de Wit", "date_of_birth": "2014-04-04"},
            {"role": "child", "given_names": "Bram", "family_name": "de Wit", "date_of_birth": "2017-07-07"},
            {
                "role": "parent_carer",
                "given_names": "Anke",
                "family_name": "de Wit",
                "date_of_birth": "1983-03-03",
            },
        ],
        unit=str(unit.pk),
        report_text="The school reports that Lotte often arrives hungry.",
        report_source="School mentor",
    )

    response = client.post(URL, data, follow=True)

    dossier = Dossier.objects.get(household_name="De Wit household")
    detail_url = reverse("dossiers:detail", kwargs={"pk": dossier.pk})
    assert response.redirect_chain == [(detail_url, 302)]
    assert f"Dossier {dossier.reference} opened." in response.content.decode()
    assert dossier.members.count() == 3
    members = list(dossier.members.order_by("id"))
    client.post(
        reverse("dossiers:entry_create", kwargs={"pk": dossier.pk}),
        {
            "kind": "safety_assessment",
            "nature": "opinion",
            "body": "Unsafe for now.",
            "concerns": [members[0].pk, members[1].pk],
        },
    )
    assert dossier.entries.count() == 2

    listing = client.get(reverse("dossiers:list")).content.decode()
    assert "De Wit household" in listing
    detail = client.get(detail_url).content.decode()
    for text in ("Lotte de Wit", "Bram de Wit", "Anke de Wit", "Unsafe for now.", "School mentor"):
        assert text in detail


def test_it_adds_a_member_row_without_saving_or_judging_the_form(login, owner):
    data = payloads.dossier_create(household_name="", add_member="1")

    response = login(owner).post(URL, data)

    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["members"].total_form_count() == 2
    assert 'value="Noor"' in content  # what was typed is kept
    assert "govuk-error-summary" not in content
    assert Dossier.objects.count() == 0


def test_it_skips_an_added_row_left_empty(login, owner):
    data = payloads.dossier_create(
        members=[{"role": "child", "given_names": "Noor", "family_name": "Visser"}, {}],
    )

    response = login(owner).post(URL, data)

    assert response.status_code == 302
    assert DossierMember.objects.count() == 1


def test_it_chooses_someone_already_registered(login, owner, dossier):
    sam = dossier.members.get(role="child").person

    response = login(owner).post(URL, payloads.dossier_create(members=[{"role": "child", "person": sam.pk}]))

    assert response.status_code == 302
    assert DossierMember.objects.filter(person=sam).count() == 2


def _assert_refused(response, message: str, before) -> None:
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert message in content
    assert _counts() == before


def test_it_refuses_a_date_of_birth_in_the_future(login, owner):
    before = _counts()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = payloads.dossier_create(
        members=[{"role": "child", "given_names": "Noor", "family_name": "Visser", "date_of_birth": tomorrow}]
    )

    response = login(owner).post(URL, data)

    _assert_refused(response, "A date of birth cannot be in the future.", before)
    assert 'href="#id_members-0-date_of_birth"' in response.content.decode()


def test_it_refuses_a_duplicate_reference(login, owner):
    DossierFactory(organisation=owner.organisation, reference="VT-2024-00077")
    before = _counts()

    response = login(owner).post(URL, payloads.dossier_create(reference="VT-2024-00077"))

    _assert_refused(response, "A dossier with this reference already exists.", before)
    assert 'href="#id_reference"' in response.content.decode()


def test_it_refuses_the_same_registered_person_chosen_twice(login, owner, dossier):
    sam = dossier.members.get(role="child").person
    before = _counts()
    data = payloads.dossier_create(
        members=[{"role": "child", "person": sam.pk}, {"role": "other", "person": sam.pk}]
    )

    response = login(owner).post(URL, data)

    _assert_refused(response, "Sam Jansen is entered twice. Enter each person once.", before)


def test_it_refuses_the_same_new_person_entered_twice(login, owner):
    before = _counts()
    row = {"role": "child", "given_names": "Noor", "family_name": "Visser", "date_of_birth": "2016-02-03"}

    response = login(owner).post(URL, payloads.dossier_create(members=[row, row]))

    _assert_refused(response, "Noor Visser is entered twice.", before)


def test_it_refuses_a_dossier_without_members(login, owner):
    before = _counts()

    response = login(owner).post(URL, payloads.dossier_create(members=[{}]))

    _assert_refused(response, "Add at least one household member.", before)
    assert 'href="#members-errors"' in response.content.decode()
    assert "Select the member&#x27;s role." not in response.content.decode()  # one message, not one per field


def test_it_refuses_a_member_without_a_name_or_role(login, owner):
    before = _counts()

    response = login(owner).post(URL, payloads.dossier_create(members=[{"date_of_birth": "2016-02-03"}]))

    _assert_refused(response, "Select the member&#x27;s role.", before)
    assert "Give the person&#x27;s name." in response.content.decode()


def test_it_refuses_a_report_date_in_the_future(login, owner):
    before = _counts()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    response = login(owner).post(URL, payloads.dossier_create(report_date=tomorrow))

    _assert_refused(response, "The report date cannot be in the future.", before)


def test_it_offers_only_people_the_user_may_see(login, owner, colleague, dossier):
    """R-ACC-5: the chooser does not reveal people of dossiers the user is not involved in."""
    hidden = PersonFactory(organisation=owner.organisation, given_names="Hidden", family_name="Person")
    other = DossierFactory(organisation=owner.organisation)
    other.members.create(person=hidden, role="child")
    grant(colleague, other)

    content = login(owner).get(URL).content.decode()

    assert "Sam Jansen" in content
    assert "Hidden Person" not in content


def test_it_offers_only_the_users_own_teams(login, owner, unit):
    other_team = UnitFactory(organisation=owner.organisation, name="Team South")

    content = login(owner).get(URL).content.decode()

    assert unit.name in content
    assert other_team.name not in content


def test_it_refuses_a_row_with_both_a_registered_and_a_new_person(login, owner, dossier):
    sam = dossier.members.get(role="child").person
    before = _counts()
    data = payloads.dossier_create(members=[{"role": "child", "person": sam.pk, "given_names": "Sam"}])

    response = login(owner).post(URL, data)

    _assert_refused(response, "Choose someone already registered, or enter a new person, not both.", before)
