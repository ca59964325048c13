"""Demo authenticator apps for the roles that sign in with a second factor.

Development only: each demo records officer, DPO and administrator gets a TOTP device
whose key is derived from the username, so ``manage.py demo_totp <username>`` (which runs
only with DEBUG on) can print the code an app would show. Real users enrol their own
app at /accounts/two-factor/.
"""

import hashlib
from collections.abc import Iterable

from django_otp.plugins.otp_totp.models import TOTPDevice

from core.two_factor.policy import confirmed_device, role_requires_two_factor

DEMO_DEVICE_NAME = "Demo authenticator"


def demo_totp_key(username: str) -> str:
    """A fixed 160-bit key (hex) per demo username: the same demo on every machine."""
    return hashlib.sha1(f"retentie-demo-totp:{username}".encode(), usedforsecurity=False).hexdigest()


def demo_totp_devices_ensure(users: Iterable) -> int:
    """A demo device for each user whose role needs one and who has none; how many added."""
    added = 0
    for user in users:
        if role_requires_two_factor(user) and confirmed_device(user) is None:
            TOTPDevice.objects.create(
                user=user, name=DEMO_DEVICE_NAME, key=demo_totp_key(user.username), confirmed=True
            )
            added += 1
    return added
