"""``manage.py demo_totp <username>``: the code a demo user's authenticator app shows now.

Development only: it refuses to run unless DEBUG is on, and only for the demo devices
``manage.py seed_demo`` creates, never for an app a person enrolled.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from records.demo.two_factor import DEMO_DEVICE_NAME


class Command(BaseCommand):
    help = "Print the current two-step verification code of a demo user (development only)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="a demo user, e.g. heddlu-records-officer")

    def handle(self, *args, username: str, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp is for development only (DEBUG is off).")
        device = TOTPDevice.objects.filter(
            user__username=username, name=DEMO_DEVICE_NAME, confirmed=True
        ).first()
        if device is None:
            raise CommandError(
                f"{username} has no demo authenticator app. Demo records officers, DPOs and "
                "administrators get one from manage.py seed_demo."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        seconds_left = device.step - int(totp.time - device.t0) % device.step
        self.stdout.write(f"{totp.token():0{device.digits}d}")
        self.stderr.write(f"valid for another {seconds_left} s (a code can be used once)")
