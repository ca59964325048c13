"""The effect pages: the request's handler may use them; an uninvolved colleague and another
organisation get 404 on every page and change nothing. Restrictions show on the dossier and
record pages and in the API (GDPR art. 18)."""

import pytest
from django.urls import reverse

from access_control.models import Role
from core.models import AccessLogEntry
from records.models import (
    DossierEntry,
    PersonRestriction,
    RecipientNotification,
    RepresentativeLimitation,
    RightsInformation,
)
from subject_rights.models import Decision, RequestType
from subject_rights.services.effects import recipient_letters_prepare, restriction_apply
from tests.factories import UserFactory, grant
from tests.subject_rights.conftest import at
from tests.subject_rights.effects_factories import DECIDED, counts, decided, household, records_about

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"subject_rights:{name}", args=args)


@pytest.fixture
def world(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    grant(caseworker, house.dossier)
    requests = {
        kind: decided(caseworker, adult, kind)
        for kind in (RequestType.RECTIFICATION, RequestType.OWN_STATEMENT, RequestType.ERASURE)
    }
    restriction_request = decided(caseworker, adult, RequestType.RESTRICTION)
    with at(DECIDED):
        restriction = restriction_apply(
            acting_user=caseworker, request=restriction_request, reason="Contested."
        )
        (letter,) = recipient_letters_prepare(acting_user=caseworker, request=restriction_request)
    requests[RequestType.RESTRICTION] = restriction_request
    return house, requests, restriction, letter


def _pages(world):
    house, requests, restriction, letter = world
    rect, own, erase, restrict = (
        requests[RequestType.RECTIFICATION].pk,
        requests[RequestType.OWN_STATEMENT].pk,
        requests[RequestType.ERASURE].pk,
        requests[RequestType.RESTRICTION].pk,
    )
    return [
        ("get", _url("effects_rectify", rect), {}),
        ("post", _url("effects_rectify", rect), {"given_names": "Eva", "family_name": "Janssen"}),
        ("get", _url("effects_rectify_entry", rect, house.mine.pk), {}),
        ("post", _url("effects_rectify_entry", rect, house.mine.pk), {"body": "Changed."}),
        ("get", _url("effects_own_statement", own), {}),
        ("post", _url("effects_own_statement", own), {"member": house.me.pk, "body": "Mine."}),
        ("get", _url("effects_destroy", erase), {}),
        ("post", _url("effects_destroy", erase), {"confirm": "on"}),
        ("get", _url("effects_restrict", restrict), {}),
        ("get", _url("effects_restriction_lift", restrict, restriction.pk), {}),
        ("post", _url("effects_restriction_lift", restrict, restriction.pk), {"reason": "Done."}),
        ("get", _url("effects_recipients", restrict), {}),
        ("post", _url("effects_recipients", restrict), {}),
        ("get", _url("effects_notification_letter", restrict, letter.pk), {}),
        ("post", _url("effects_notification_sent", restrict, letter.pk), {f"n{letter.pk}-how": "Post"}),
        ("get", _url("effects_rights", house.dossier.pk), {}),
        ("post", _url("effects_rights", house.dossier.pk), {"member": house.me.pk, "how": "post"}),
    ]


@pytest.mark.parametrize("persona", ["colleague", "outsider"])
def test_the_uninvolved_and_other_organisations_get_404_everywhere(client, request, world, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    before = counts()

    for method, url, data in _pages(world):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (persona, url, response.status_code)

    assert counts() == before
    assert not AccessLogEntry.objects.filter(user=user).exists()


def test_the_handler_sees_every_page(client, caseworker, world):
    client.force_login(caseworker)

    for method, url, _data in _pages(world):
        if method == "get":
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)


def test_the_panel_offers_the_actions_that_fit_the_request(client, caseworker, world):
    _, requests, _, _ = world
    client.force_login(caseworker)

    page = client.get(reverse("subject_rights:request_detail", args=[requests[RequestType.ERASURE].pk]))
    assert _url("effects_destroy", requests[RequestType.ERASURE].pk) in page.content.decode()
    assert _url("effects_rectify", requests[RequestType.ERASURE].pk) not in page.content.decode()

    page = client.get(reverse("subject_rights:request_detail", args=[requests[RequestType.RECTIFICATION].pk]))
    assert _url("effects_rectify", requests[RequestType.RECTIFICATION].pk) in page.content.decode()


def test_a_rectification_through_the_page(client, caseworker, world, adult):
    _, requests, restriction, _ = world
    client.force_login(caseworker)
    pk = requests[RequestType.RECTIFICATION].pk

    response = client.post(_url("effects_rectify", pk), {"given_names": "Eva", "family_name": "Janssen"})

    assert response.status_code == 302
    adult.refresh_from_db()
    assert adult.family_name == "Janssen"


def test_bad_input_on_a_page_shows_the_error_and_saves_nothing(client, caseworker, world):
    house, requests, restriction, _ = world
    client.force_login(caseworker)
    before = counts()

    response = client.post(
        _url("effects_restriction_lift", requests[RequestType.RESTRICTION].pk, restriction.pk), {}
    )
    assert response.status_code == 200
    assert "Give the reason." in response.content.decode()
    response = client.post(_url("effects_destroy", requests[RequestType.ERASURE].pk), {})
    assert "Confirm that the data is to be destroyed." in response.content.decode()
    response = client.post(
        _url("effects_rectify_entry", requests[RequestType.RECTIFICATION].pk, house.opinion.pk),
        {"body": "Better."},
    )
    assert "own statement" in response.content.decode()

    assert counts() == before


def test_an_erasure_through_the_page(client, caseworker, world):
    house, requests, _, _ = world
    client.force_login(caseworker)

    response = client.post(_url("effects_destroy", requests[RequestType.ERASURE].pk), {"confirm": "on"})

    assert response.status_code == 302
    assert not DossierEntry.objects.filter(pk=house.mine.pk).exists()


def test_the_restriction_shows_on_the_dossier_and_record_pages(client, caseworker, world, adult):
    house, _, _, _ = world
    records = records_about(caseworker.organisation, adult)
    grant(caseworker, records.shared)
    client.force_login(caseworker)

    for url in (
        reverse("dossiers:detail", args=[house.dossier.pk]),
        reverse("records:detail", args=[records.shared.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Processing restricted (GDPR art. 18)" in page, url
        assert "Contested." in page


def test_the_restriction_is_in_the_api(client, caseworker, world, adult):
    house, _, _, _ = world
    client.force_login(caseworker)

    person = client.get(f"/api/v1/people/{adult.pk}/").json()
    dossier = client.get(f"/api/v1/dossiers/{house.dossier.pk}/").json()

    assert (person["restricted"], person["restriction_reason"]) == (True, "Contested.")
    assert (dossier["restricted"], dossier["restriction_reason"]) == (True, "Contested.")
    PersonRestriction.objects.update(lifted_at="2026-03-11T12:00:00Z")
    assert client.get(f"/api/v1/people/{adult.pk}/").json()["restricted"] is False


def test_recipients_page_records_a_letter_sent(client, caseworker, world):
    _, requests, _, letter = world
    client.force_login(caseworker)
    pk = requests[RequestType.RESTRICTION].pk

    assert client.get(_url("effects_notification_letter", pk, letter.pk)).status_code == 200
    response = client.post(
        _url("effects_notification_sent", pk, letter.pk),
        {f"n{letter.pk}-sent_on": DECIDED.isoformat(), f"n{letter.pk}-how": "By post"},
    )

    assert response.status_code == 302
    assert RecipientNotification.objects.get(pk=letter.pk).sent_how == "By post"


def test_the_dossier_page_lists_members_not_informed_and_the_form_records_it(client, caseworker, world):
    house, _, _, _ = world
    client.force_login(caseworker)

    page = client.get(reverse("dossiers:detail", args=[house.dossier.pk])).content.decode()
    assert "Not yet informed of their rights" in page
    response = client.post(
        _url("effects_rights", house.dossier.pk),
        {"member": house.kid.pk, "informed_on": DECIDED.isoformat(), "how": "in_person"},
    )

    assert response.status_code == 302
    information = RightsInformation.objects.get(person=house.kid.person)
    assert client.get(_url("effects_rights_letter", information.pk)).status_code == 200


def test_only_a_team_leader_working_on_the_dossier_limits_a_representative(client, caseworker, world):
    house, _, _, _ = world
    leader = UserFactory(organisation=caseworker.organisation, role=Role.TEAM_LEADER)
    other_leader = UserFactory(organisation=caseworker.organisation, role=Role.TEAM_LEADER)
    grant(leader, house.dossier)
    url = _url("effects_representative_limit", house.dossier.pk)
    data = {
        "young_person": house.kid.pk,
        "representative": house.partner.pk,
        "extent": "limited",
        "reasons": "Sam is afraid of what his father will do with what he told us.",
    }

    client.force_login(caseworker)
    assert client.post(url, data).status_code == 403
    client.force_login(other_leader)
    assert client.post(url, data).status_code == 404
    assert not RepresentativeLimitation.objects.exists()

    client.force_login(leader)
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 302
    limitation = RepresentativeLimitation.objects.get()
    assert client.get(_url("effects_representative_letter", limitation.pk)).status_code == 200


def test_a_refused_request_offers_no_effect(client, caseworker, adult):
    request = decided(
        caseworker,
        adult,
        RequestType.ERASURE,
        decision=Decision.REFUSE,
        grounds=["erasure_exception"],
        erasure_exception="b",
    )
    client.force_login(caseworker)

    page = client.get(reverse("subject_rights:request_detail", args=[request.pk])).content.decode()

    assert "The request was refused: nothing is changed." in page
    assert _url("effects_destroy", request.pk) not in page


def test_a_decision_limiting_a_representative_is_recorded_for_its_request(
    client, caseworker, team_leader, world
):
    """R-DSR-8: from the request page the team leader records the decision in the dossier."""
    house, _, _, _ = world
    grant(team_leader, house.dossier)
    request = decided(
        team_leader,
        house.kid.person,
        RequestType.ACCESS,
        decision=Decision.REFUSE,
        grounds=["young_person_interests"],
        logged={
            "requester_role": "representative",
            "requester_name": "Piet Jansen",
            "requester_relationship": "father",
        },
    )
    client.force_login(team_leader)

    page = client.get(reverse("subject_rights:request_detail", args=[request.pk])).content.decode()
    url = _url("effects_representative_limit", house.dossier.pk) + f"?request={request.pk}"
    assert url in page
    response = client.post(
        url,
        {
            "young_person": house.kid.pk,
            "representative": house.partner.pk,
            "extent": "refused",
            "reasons": "Sam is afraid of what his father will do with what he told us.",
        },
    )

    assert response.status_code == 302
    assert RepresentativeLimitation.objects.get().request == request


def test_the_destruction_page_names_the_hold_and_destroys_nothing(client, caseworker, world, adult):
    from retention.models import HoldAuthority, LegalHold

    house, requests, _, _ = world
    hold = LegalHold.objects.create(
        organisation=caseworker.organisation,
        reason="Family court proceedings.",
        authority=HoldAuthority.LITIGATION,
        authority_reference="FC-2026-12",
        placed_by=caseworker,
    )
    hold.people.set([adult])
    client.force_login(caseworker)
    url = _url("effects_destroy", requests[RequestType.ERASURE].pk)
    before = counts()

    page = client.get(url).content.decode()
    assert "VT-2026-00001" in page
    assert "FC-2026-12" in page
    response = client.post(url, {"confirm": "on"})

    assert "Nothing was destroyed" in response.content.decode()
    assert "FC-2026-12" in response.content.decode()
    assert counts() == before
    assert DossierEntry.objects.filter(pk=house.mine.pk).exists()


def test_the_restriction_shows_on_the_persons_page(client, caseworker, world, adult):
    client.force_login(caseworker)

    page = client.get(reverse("subject_rights:consent_register", args=[adult.pk])).content.decode()

    assert "Processing restricted (GDPR art. 18)" in page
