"""Demo users of the two-factor roles get a known authenticator app (development only)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from access_control.models import Role
from records.demo.two_factor import DEMO_DEVICE_NAME, demo_totp_devices_ensure, demo_totp_key
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_it_gives_the_two_factor_roles_a_demo_device_once(make_user):
    people = [
        make_user(role) for role in (Role.RECORDS_OFFICER, Role.DPO, Role.ADMINISTRATOR, Role.CASEWORKER)
    ]

    assert demo_totp_devices_ensure(people) == 3
    assert demo_totp_devices_ensure(people) == 0
    officer_device = TOTPDevice.objects.get(user=people[0])
    assert (officer_device.name, officer_device.key) == (DEMO_DEVICE_NAME, demo_totp_key(people[0].username))
    assert not TOTPDevice.objects.filter(user=people[3]).exists()


def test_it_prints_the_code_that_signs_a_demo_user_in(client, settings, officer):
    settings.DEBUG = True
    demo_totp_devices_ensure([officer])
    out, err = io.StringIO(), io.StringIO()
    call_command("demo_totp", officer.username, stdout=out, stderr=err)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    assert "valid for another" in err.getvalue()

    client.post(reverse("login"), {"username": officer.username, "password": DEFAULT_PASSWORD})
    response = client.post(reverse("two_factor_verify"), {"token": code})

    assert response["Location"] == reverse("dashboard")


def test_it_refuses_to_print_codes_outside_development(settings, officer):
    settings.DEBUG = False
    demo_totp_devices_ensure([officer])

    with pytest.raises(CommandError, match="development only"):
        call_command("demo_totp", officer.username)


def test_it_never_prints_the_code_of_an_app_a_person_enrolled(settings, officer):
    settings.DEBUG = True
    TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=True)

    with pytest.raises(CommandError, match="no demo authenticator app"):
        call_command("demo_totp", officer.username)
