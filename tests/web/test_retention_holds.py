"""Legal holds in the browser: place with a scope given as references, read, release
(RETENTION.md precedence: a hold suspends everything; release needs a reason)."""

import pytest
from django.urls import reverse

from access_control.models import Role
from records.models import IdentifierScheme, PersonIdentifier
from retention.models import LegalHold
from tests.factories import DossierFactory, PersonFactory, RecordFactory
from tests.web.retention_support import content, police_force, user

pytestmark = pytest.mark.django_db

LIST_URL = reverse("retention:hold_list")
CREATE_URL = reverse("retention:hold_create")


def _url(name: str, hold) -> str:
    return reverse(f"retention:{name}", kwargs={"pk": hold.pk})


def _data(**overrides) -> dict:
    return {
        "reason": "Civil claim against the force about this arrest.",
        "authority": "litigation",
        "authority_reference": "CLAIM-2026-17",
        "records": "",
        "dossiers": "",
        "people": "",
        **overrides,
    }


@pytest.fixture
def police():
    return police_force()


@pytest.fixture
def officer(police):
    return user(police)


@pytest.fixture
def register(police):
    person = PersonFactory(organisation=police, given_names="Rhys", family_name="Evans")
    PersonIdentifier.objects.create(person=person, scheme=IdentifierScheme.PNC, value="11/123456A")
    return {
        "records": [RecordFactory(organisation=police, reference=f"PR-{n}") for n in (1, 2)],
        "dossier": DossierFactory(organisation=police, reference="D-77"),
        "person": person,
    }


@pytest.fixture
def hold(client, officer, register):
    client.force_login(officer)
    client.post(CREATE_URL, _data(records="PR-1"))
    return LegalHold.objects.get()


def test_it_places_a_hold_on_records_dossiers_and_people_by_reference(client, officer, register):
    client.force_login(officer)

    response = client.post(CREATE_URL, _data(records="PR-1, PR-2,PR-1", dossiers="D-77", people="11/123456A"))

    hold = LegalHold.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("hold_detail", hold)
    assert list(hold.records.order_by("reference")) == register["records"]
    assert list(hold.dossiers.all()) == [register["dossier"]]
    assert list(hold.people.all()) == [register["person"]]
    assert (hold.placed_by, hold.authority_reference) == (officer, "CLAIM-2026-17")
    page = content(client.get(_url("hold_detail", hold)))
    for text in ("PR-1", "PR-2", "D-77", "Rhys Evans", "Civil claim against the force", "Release the hold"):
        assert text in page


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("records", "PR-1, NOPE-1, NOPE-2", "No record has the reference: NOPE-1, NOPE-2."),
        ("dossiers", "D-404", "No dossier has the reference: D-404."),
        ("people", "99/999999Z", "Nobody has the identifier: 99/999999Z."),
    ],
)
def test_it_names_each_unknown_reference_on_its_field(client, officer, register, field, typed, message):
    client.force_login(officer)

    response = client.post(CREATE_URL, _data(**{field: typed}))

    assert response.context["form"].errors[field] == [message]
    assert "govuk-error-summary" in content(response)
    assert not LegalHold.objects.exists()


def test_it_does_not_find_another_organisations_references(client, register):
    outsider = user(police_force())
    client.force_login(outsider)

    response = client.post(CREATE_URL, _data(records="PR-1"))

    assert response.context["form"].errors["records"] == ["No record has the reference: PR-1."]
    assert not LegalHold.objects.exists()


def test_it_refuses_a_hold_with_nothing_in_scope_or_no_reason(client, officer):
    client.force_login(officer)

    empty_scope = client.post(CREATE_URL, _data())
    no_reason = client.post(CREATE_URL, _data(reason=" ", records="PR-1"))

    assert empty_scope.context["form"].errors["records"] == [
        "Choose at least one record, dossier or person to hold."
    ]
    assert no_reason.context["form"].errors["reason"] == ["Enter the reason for the hold."]
    assert not LegalHold.objects.exists()


def test_it_lists_the_active_holds_with_authority_and_scope(client, officer, hold):
    client.force_login(officer)

    page = content(client.get(LIST_URL))

    for text in ("Litigation", "CLAIM-2026-17", "1 record", "0 dossiers", "0 people"):
        assert text in page
    assert client.get(LIST_URL, {"state": "released"}).context["page"].paginator.count == 0


def test_it_releases_a_hold_only_with_a_reason(client, officer, hold):
    client.force_login(officer)
    refused = client.post(_url("hold_release", hold), {"release-reason": ""})
    assert "Enter the reason for releasing the hold." in content(refused)
    hold.refresh_from_db()
    assert hold.is_active

    response = client.post(_url("hold_release", hold), {"release-reason": "Claim settled."}, follow=True)

    hold.refresh_from_db()
    assert not hold.is_active
    assert (hold.released_by, hold.release_reason) == (officer, "Claim settled.")
    assert "Claim settled." in content(response)
    assert list(client.get(LIST_URL, {"state": "released"}).context["page"].object_list) == [hold]
    assert list(client.get(LIST_URL).context["page"].object_list) == []


def test_it_refuses_the_hold_pages_to_a_caseworker(client, police, hold):
    client.force_login(user(police, Role.CASEWORKER))

    assert client.get(LIST_URL).status_code == 403
    assert client.get(CREATE_URL).status_code == 403
    assert client.get(_url("hold_detail", hold)).status_code == 403
    assert client.post(_url("hold_release", hold), {"release-reason": "x"}).status_code == 403


def test_it_hides_a_hold_from_another_organisation(client, hold):
    client.force_login(user(police_force()))

    assert client.get(_url("hold_detail", hold)).status_code == 404
    assert client.post(_url("hold_release", hold), {"release-reason": "Not mine."}).status_code == 404
    hold.refresh_from_db()
    assert hold.is_active


def test_it_lets_an_asset_owner_read_holds_but_not_place_or_release_them(client, police, hold):
    client.force_login(user(police, Role.ASSET_OWNER))

    assert "Release the hold" not in content(client.get(_url("hold_detail", hold)))
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(_url("hold_release", hold), {"release-reason": "x"}).status_code == 403


def test_it_lets_the_dpo_place_a_hold(client, police, register):
    client.force_login(user(police, Role.DPO))

    client.post(CREATE_URL, _data(dossiers="D-77", authority="subject_request"))

    assert list(LegalHold.objects.get().dossiers.all()) == [register["dossier"]]
