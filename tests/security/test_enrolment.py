"""Enrolling an authenticator app: a QR code (inline SVG) and the secret for typing,
confirmed with a code before any sign-in depends on it (R-ACC-1)."""

import re
from base64 import b32decode
from binascii import hexlify

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from access_control.models import Role
from core.models import DomainEvent
from core.two_factor.views import ENROLMENT_KEY
from tests.security.support import force_login_password_only, force_login_verified

pytestmark = pytest.mark.django_db

SETUP = reverse("two_factor_setup")
DASHBOARD = reverse("dashboard")


def _code_for(key_hex: str) -> str:
    return f"{totp(bytes.fromhex(key_hex)):06d}"


def _secret_on_page(content: str) -> str:
    return re.search(r'<code class="app-secret">([A-Z2-7 ]+)</code>', content).group(1)


def test_it_shows_the_qr_code_inline_and_the_secret_for_typing(client, officer):
    force_login_password_only(client, officer)

    response = client.get(f"{SETUP}?next=/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in content and "Set up your authenticator app" in content
    assert "<svg" in content and "<img" not in content
    key = client.session[ENROLMENT_KEY]
    secret = _secret_on_page(content).replace(" ", "")
    assert hexlify(b32decode(secret + "=" * (-len(secret) % 8))).decode() == key
    # Nothing is stored until a code proves the app holds the secret.
    assert not TOTPDevice.objects.exists()


def test_it_keeps_the_same_secret_while_the_user_gets_the_app_ready(client, officer):
    force_login_password_only(client, officer)

    first = _secret_on_page(client.get(SETUP).content.decode())
    second = _secret_on_page(client.get(SETUP).content.decode())

    assert first == second


def test_it_enrols_the_app_on_a_correct_code_and_verifies_the_session(client, officer):
    force_login_password_only(client, officer)
    client.get(SETUP)
    key = client.session[ENROLMENT_KEY]

    response = client.post(SETUP, {"token": _code_for(key), "next": DASHBOARD})

    assert response["Location"] == DASHBOARD
    device = TOTPDevice.objects.get(user=officer)
    assert (device.key, device.confirmed) == (key, True)
    assert ENROLMENT_KEY not in client.session
    assert client.get(DASHBOARD).status_code == 200
    event = DomainEvent.objects.get(verb="two_factor.enrolled")
    assert (event.actor, event.organisation, event.target_id) == (
        officer,
        officer.organisation,
        str(officer.pk),
    )


def test_it_refuses_a_wrong_code_and_saves_nothing(client, officer):
    force_login_password_only(client, officer)
    client.get(SETUP)
    key = client.session[ENROLMENT_KEY]
    wrong = f"{(int(_code_for(key)) + 1) % 1_000_000:06d}"

    response = client.post(SETUP, {"token": wrong})

    assert response.status_code == 400
    assert "The code is not correct" in response.content.decode()
    assert 'class="govuk-error-summary' in response.content.decode()
    assert TOTPDevice.objects.count() == 0
    assert DomainEvent.objects.filter(verb="two_factor.enrolled").count() == 0
    assert client.get(DASHBOARD)["Location"].startswith(SETUP)


def test_it_refuses_an_empty_code(client, officer):
    force_login_password_only(client, officer)

    response = client.post(SETUP, {"token": ""})

    assert response.status_code == 400
    assert "Enter the code from your authenticator app." in response.content.decode()
    assert TOTPDevice.objects.count() == 0


def test_it_lets_a_caseworker_enrol_of_their_own_accord(client, caseworker):
    force_login_password_only(client, caseworker)
    content = client.get(SETUP).content.decode()
    assert "Protect your account with a second step" in content
    key = client.session[ENROLMENT_KEY]

    client.post(SETUP, {"token": _code_for(key)})

    assert TOTPDevice.objects.filter(user=caseworker, confirmed=True).count() == 1


def test_it_shows_an_enrolled_verified_user_that_their_app_is_set_up(client, officer):
    force_login_verified(client, officer)

    response = client.get(SETUP)

    assert "Your authenticator app is set up" in response.content.decode()
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_it_refuses_enrolment_to_anonymous_visitors(client):
    assert client.get(SETUP)["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.DPO, Role.ADMINISTRATOR])
def test_it_tells_a_required_role_it_cannot_go_on_without_the_app(client, make_user, role):
    force_login_password_only(client, make_user(role))

    assert "you cannot open other pages until you have" in client.get(SETUP).content.decode()
