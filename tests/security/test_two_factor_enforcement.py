"""Records officers, the DPO and administrators reach no page before their second factor
(R-ACC-1, R-ACC-3); other roles are not asked unless they enrolled themselves."""

import json

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from access_control.models import Role
from core.models import DomainEvent
from tests.factories import DEFAULT_PASSWORD
from tests.security.support import current_code, force_login_password_only, totp_device_for

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")
VERIFY = reverse("two_factor_verify")
SETUP = reverse("two_factor_setup")
TWO_FACTOR_ROLES = [Role.RECORDS_OFFICER, Role.DPO, Role.ADMINISTRATOR]
OTHER_ROLES = [Role.CASEWORKER, Role.TEAM_LEADER, Role.ASSET_OWNER, Role.AUDITOR]


def _sign_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": DEFAULT_PASSWORD})


@pytest.mark.parametrize("role", TWO_FACTOR_ROLES)
def test_it_sends_an_unverified_user_of_a_two_factor_role_to_the_code_page(client, make_user, role):
    user = make_user(role, is_staff=role == Role.ADMINISTRATOR)
    totp_device_for(user)
    force_login_password_only(client, user)

    for url in (DASHBOARD, reverse("records:list"), reverse("retention:overview"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{VERIFY}?next={url.replace('/', '%2F')}"


@pytest.mark.parametrize("role", TWO_FACTOR_ROLES)
def test_it_sends_a_two_factor_role_without_a_device_to_enrolment(client, make_user, role):
    user = make_user(role)
    force_login_password_only(client, user)

    response = client.get(DASHBOARD)

    assert response["Location"] == f"{SETUP}?next=%2F"


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_it_lets_other_roles_in_on_their_password(client, make_user, role):
    force_login_password_only(client, make_user(role))

    assert client.get(DASHBOARD).status_code == 200


def test_it_treats_a_superuser_as_an_administrator(client, make_user):
    superuser = make_user(Role.CASEWORKER, is_superuser=True, is_staff=True)
    force_login_password_only(client, superuser)

    assert client.get(DASHBOARD)["Location"].startswith(SETUP)


def test_it_leaves_open_the_pages_that_lead_through_the_second_factor(client, officer):
    totp_device_for(officer)
    force_login_password_only(client, officer)

    assert client.get(VERIFY).status_code == 200
    assert client.get(reverse("health")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "cy", "next": VERIFY}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_it_refuses_the_api_to_an_unverified_browser_session_with_json(client, officer):
    totp_device_for(officer)
    force_login_password_only(client, officer)

    response = client.get("/api/v1/records/")

    assert response.status_code == 403
    assert "two-step verification" in json.loads(response.content)["detail"]


def test_it_asks_htmx_to_load_the_code_page_as_a_whole_page(client, officer):
    totp_device_for(officer)
    force_login_password_only(client, officer)

    response = client.get(reverse("records:list"), HTTP_HX_REQUEST="true")

    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(VERIFY)


def test_it_signs_a_records_officer_in_with_password_then_code(client, officer):
    device = totp_device_for(officer)

    response = _sign_in(client, officer)
    assert response["Location"] == f"{VERIFY}?next=%2F"
    assert client.get(DASHBOARD)["Location"].startswith(VERIFY)

    response = client.post(VERIFY, {"token": current_code(device), "next": DASHBOARD})

    assert response["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200


def test_it_refuses_a_wrong_code_and_stays_unverified(client, officer):
    device = totp_device_for(officer)
    _sign_in(client, officer)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(VERIFY, {"token": wrong})

    assert response.status_code == 400
    assert "The code is not correct" in response.content.decode()
    assert client.get(DASHBOARD)["Location"].startswith(VERIFY)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_it_asks_for_six_digits(client, officer):
    totp_device_for(officer)
    _sign_in(client, officer)

    response = client.post(VERIFY, {"token": "12ab"})

    assert response.status_code == 400
    assert "Enter the code as 6 digits" in response.content.decode()


def test_it_refuses_a_code_used_before(client, officer):
    device = totp_device_for(officer)
    code = current_code(device)
    _sign_in(client, officer)
    assert client.post(VERIFY, {"token": code})["Location"] == DASHBOARD
    client.post(reverse("logout"))

    _sign_in(client, officer)
    response = client.post(VERIFY, {"token": code})

    assert response.status_code == 400
    assert client.get(DASHBOARD)["Location"].startswith(VERIFY)


def test_it_makes_the_device_wait_after_a_wrong_code(client, officer):
    device = totp_device_for(officer)
    _sign_in(client, officer)
    client.post(VERIFY, {"token": "000000" if current_code(device) != "000000" else "111111"})

    # The right code straight after a wrong one is refused: django-otp's back-off.
    response = client.post(VERIFY, {"token": current_code(device)})

    assert response.status_code == 400
    assert "Too many wrong codes" in response.content.decode()


def test_it_asks_a_caseworker_who_enrolled_for_the_code_too(client, caseworker):
    device = totp_device_for(caseworker)

    response = _sign_in(client, caseworker)

    assert response["Location"].startswith(VERIFY)
    assert client.get(DASHBOARD)["Location"].startswith(VERIFY)
    client.post(VERIFY, {"token": current_code(device)})
    assert client.get(DASHBOARD).status_code == 200


def test_it_does_not_ask_a_caseworker_without_a_device(client, caseworker):
    response = _sign_in(client, caseworker)

    assert response["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200


def test_it_does_not_let_an_unverified_user_enrol_a_second_device(client, officer):
    totp_device_for(officer)
    force_login_password_only(client, officer)

    response = client.get(SETUP)

    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=officer).count() == 1
    assert not DomainEvent.objects.filter(verb="two_factor.enrolled").exists()
