"""Writes of the second factor: enrolling an authenticator app, checking a code."""

import time
from binascii import unhexlify

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from core.errors import DomainError
from core.services import domain_event_record
from core.two_factor.policy import confirmed_device

DEVICE_NAME = "Authenticator app"
# Codes from the previous and next 30-second step are accepted: phone clocks drift.
TOLERANCE_STEPS = 1


def totp_new_key() -> str:
    """A fresh 160-bit secret (hex), kept in the session until the user confirms it."""
    return random_hex(20)


def _normalised(token: str) -> str:
    return "".join(token.split())


@transaction.atomic
def totp_device_enrol(*, acting_user, key: str, token: str) -> TOTPDevice:
    """Enrol the authenticator app that shows ``token`` for ``key`` (R-ACC-1).

    The code proves the app holds the secret before any sign-in depends on it. Someone who
    already has a device keeps it: a second enrolment is refused rather than silently
    replacing the phone that guards the account.
    """
    if confirmed_device(acting_user) is not None:
        raise DomainError(_("You already have an authenticator app set up."), field="token")
    totp = TOTP(unhexlify(key.encode()))
    totp.time = time.time()
    token = _normalised(token)
    if not (token.isascii() and token.isdigit()) or not totp.verify(int(token), tolerance=TOLERANCE_STEPS):
        raise DomainError(
            _("The code is not correct. Enter the 6-digit code your app shows now."), field="token"
        )
    device = TOTPDevice.objects.create(
        user=acting_user,
        name=DEVICE_NAME,
        key=key,
        confirmed=True,
        drift=totp.drift,
        # The code just used cannot be replayed for the sign-in that follows.
        last_t=totp.t(),
    )
    domain_event_record(
        acting_user=acting_user,
        verb="two_factor.enrolled",
        target=acting_user,
        organisation=acting_user.organisation,
        data={"device": device.persistent_id},
    )
    return device


def totp_check(*, user, token: str) -> TOTPDevice:
    """The user's device if ``token`` is its current code; a DomainError otherwise.

    django-otp refuses a code used before and, after each wrong code, makes the device
    wait longer before it checks another (``OTP_TOTP_THROTTLE_FACTOR``).
    """
    device = confirmed_device(user)
    if device is None:
        raise DomainError(_("You have no authenticator app set up yet."), field="token")
    # The throttle counter a wrong code raises must be committed, so the refusal is
    # raised only after the transaction.
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, _details = device.verify_is_allowed()
        token = _normalised(token)
        verified = allowed and token.isascii() and token.isdigit() and device.verify_token(token)
    if not allowed:
        raise DomainError(
            _("Too many wrong codes. Wait a little, then enter the code your app shows now."),
            field="token",
        )
    if not verified:
        raise DomainError(
            _("The code is not correct. Enter the 6-digit code your app shows now."), field="token"
        )
    return device
