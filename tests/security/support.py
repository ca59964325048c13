"""Signing in for tests, with or without the second factor.

The suite's ``client.force_login(user)`` stands for a completed sign-in: tests/conftest.py
routes it through ``force_login_verified``, which also gives records officers, the DPO and
administrators a TOTP device and marks the session verified, as the sign-in pages would.
The middleware stays on everywhere; tests of the second factor itself start from
``force_login_password_only`` (password accepted, code not yet entered).
"""

from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.two_factor import policy

_DJANGO_FORCE_LOGIN = Client.force_login


def totp_device_for(user) -> TOTPDevice:
    """The user's confirmed authenticator app, created on first use."""
    device = policy.confirmed_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    return device


def current_code(device: TOTPDevice) -> str:
    """The code the user's app shows now (time.time(), so a frozen clock freezes it too)."""
    device.refresh_from_db()
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def force_login_password_only(client: Client, user) -> None:
    """Signed in with the password, second factor not yet given."""
    _DJANGO_FORCE_LOGIN(client, user)
    session = client.session
    session[policy.PASSWORD_AT_KEY] = timezone.now().timestamp()
    session.save()


def force_login_verified(client: Client, user, backend=None) -> None:
    """Signed in as after the sign-in pages: password and, for the roles that need it, a
    code from the user's device, both just now."""
    _DJANGO_FORCE_LOGIN(client, user, backend)
    session = client.session
    now = timezone.now().timestamp()
    session[policy.PASSWORD_AT_KEY] = now
    if policy.role_requires_two_factor(user):
        device = totp_device_for(user)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[policy.SECOND_FACTOR_AT_KEY] = now
    session.save()
