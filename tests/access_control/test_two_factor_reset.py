"""An administrator resets a colleague's lost authenticator app (R-ACC-1): recorded with its
reason, refused to other roles and across organisations, and the person enrols a new app at
their next sign-in."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from access_control.matrix import DataCategory, MatrixAction, Scope
from access_control.matrix_rules import matrix_update
from access_control.models import Role
from access_control.two_factor_reset import two_factor_reset, users_with_two_factor
from core.errors import DomainError, NotAllowed
from core.models import DomainEvent
from tests.factories import OrganisationFactory, UserFactory
from tests.security.support import force_login_password_only, totp_device_for

pytestmark = pytest.mark.django_db
REASON = "Phone lost on 20 November; identity checked in person by the service desk (call 4711)."
LIST_URL = reverse("access:users_two_factor")


@pytest.fixture
def org():
    return OrganisationFactory(name="Heddlu De Cymru", slug="de-cymru")


@pytest.fixture
def admin(org):
    return UserFactory(organisation=org, role=Role.ADMINISTRATOR, first_name="Alun", last_name="Admin")


@pytest.fixture
def officer(org):
    """A records officer who lost the phone with their authenticator app."""
    person = UserFactory(organisation=org, role=Role.RECORDS_OFFICER, first_name="Rhian", last_name="Roberts")
    totp_device_for(person)
    return person


def _reset_url(person) -> str:
    return reverse("access:two_factor_reset", kwargs={"pk": person.pk})


def test_an_administrator_resets_a_lost_app_with_a_reason_r_acc_1(client, admin, officer):
    client.force_login(admin)
    listing = client.get(LIST_URL)
    assert listing.status_code == 200
    assert _reset_url(officer) in listing.content.decode()

    response = client.post(_reset_url(officer), {"reason": REASON, "confirm": "on"}, follow=True)

    assert "The authenticator app of Rhian Roberts is reset." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    event = DomainEvent.objects.get(verb="two_factor.reset")
    assert (event.actor, event.target_id, event.reason, event.organisation) == (
        admin,
        str(officer.pk),
        REASON,
        officer.organisation,
    )


def test_after_the_reset_the_person_is_asked_to_set_up_a_new_app(client, admin, officer):
    two_factor_reset(acting_user=admin, user=officer, reason=REASON)
    force_login_password_only(client, officer)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_setup"))


def test_it_asks_why_and_for_the_check_and_keeps_the_app_without_them(client, admin, officer):
    client.force_login(admin)

    response = client.post(_reset_url(officer), {"reason": " "})

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Say why the authenticator app is reset." in page
    assert "Confirm that you checked who asked for the reset." in page
    assert TOTPDevice.objects.filter(user=officer).count() == 1
    assert not DomainEvent.objects.filter(verb="two_factor.reset").exists()


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMINISTRATOR])
def test_it_refuses_every_other_role_r_acc_1(client, org, officer, role):
    someone = UserFactory(organisation=org, role=role)
    client.force_login(someone)

    assert client.get(LIST_URL).status_code == 403
    assert client.post(_reset_url(officer), {"reason": REASON, "confirm": "on"}).status_code == 403
    with pytest.raises(NotAllowed):
        two_factor_reset(acting_user=someone, user=officer, reason=REASON)
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_an_administrator_of_another_organisation_gets_not_found(client, officer):
    outsider = UserFactory(organisation=OrganisationFactory(), role=Role.ADMINISTRATOR)
    client.force_login(outsider)

    assert client.get(_reset_url(officer)).status_code == 404
    assert client.post(_reset_url(officer), {"reason": REASON, "confirm": "on"}).status_code == 404
    assert officer.get_full_name() not in client.get(LIST_URL).content.decode()
    with pytest.raises(NotAllowed):
        two_factor_reset(acting_user=outsider, user=officer, reason=REASON)
    assert TOTPDevice.objects.filter(user=officer).count() == 1
    assert not DomainEvent.objects.filter(verb="two_factor.reset").exists()


def test_an_administrator_cannot_reset_their_own_app(admin):
    totp_device_for(admin)
    with pytest.raises(NotAllowed, match="Another administrator"):
        two_factor_reset(acting_user=admin, user=admin, reason=REASON)
    assert TOTPDevice.objects.filter(user=admin).count() == 1


def test_it_refuses_to_reset_someone_without_an_app(admin, org):
    caseworker = UserFactory(organisation=org, role=Role.CASEWORKER)
    with pytest.raises(DomainError, match="no authenticator app"):
        two_factor_reset(acting_user=admin, user=caseworker, reason=REASON)
    assert not DomainEvent.objects.exists()


def test_who_may_reset_is_read_from_the_matrix_r_acc_1(client, org, admin, officer):
    matrix_update(
        acting_user=admin,
        scopes={(Role.DPO, MatrixAction.ADMINISTER, DataCategory.ACCESS_RIGHTS): Scope.ORGANISATION},
        reason="The DPO stands in for the administrator during leave.",
    )
    dpo = UserFactory(organisation=org, role=Role.DPO)

    two_factor_reset(acting_user=dpo, user=officer, reason=REASON)

    assert not TOTPDevice.objects.filter(user=officer).exists()


def test_it_lists_the_organisations_people_with_their_app_in_one_query(
    admin, officer, django_assert_num_queries
):
    admin = type(admin).objects.get(pk=admin.pk)
    UserFactory(organisation=officer.organisation, role=Role.CASEWORKER)
    users = users_with_two_factor(user=admin)
    list(users)  # reads the matrix once for this user object
    with django_assert_num_queries(1):
        rows = {person.pk: person.has_device for person in users_with_two_factor(user=admin)}
    assert rows[officer.pk] is True
    assert len(rows) == 3
