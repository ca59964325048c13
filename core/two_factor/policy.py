"""Who needs a second factor, and how recently a session proved who it is.

The session remembers when its user last typed their password and last passed a TOTP
code (seconds since the epoch). Sign-in and the re-authentication page set them; the
re-authentication check compares them with ``REAUTH_MINUTES``.
"""

from django.conf import settings
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from access_control.models import Role

# Roles that can destroy records or read the whole organisation (R-ACC-1): never on a
# password alone.
TWO_FACTOR_ROLES = frozenset({Role.RECORDS_OFFICER, Role.DPO, Role.ADMINISTRATOR})

PASSWORD_AT_KEY = "security_password_at"  # noqa: S105 - a session key, not a password
SECOND_FACTOR_AT_KEY = "security_second_factor_at"
# Set at sign-in for someone outside those roles who enrolled a device of their own
# accord: from then on their sign-in asks for the code too.
SECOND_FACTOR_DUE_KEY = "security_second_factor_due"


def role_requires_two_factor(user) -> bool:
    return bool(user.is_authenticated and (user.role in TWO_FACTOR_ROLES or user.is_superuser))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def is_verified(user) -> bool:
    """Has this session passed a device? (django-otp's OTPMiddleware adds ``is_verified``.)"""
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


def second_factor_due(request) -> bool:
    """Does this session still owe its second factor?"""
    user = request.user
    if not user.is_authenticated or is_verified(user):
        return False
    return role_requires_two_factor(user) or bool(request.session.get(SECOND_FACTOR_DUE_KEY))


def _now() -> float:
    return timezone.now().timestamp()


def password_entered(request) -> None:
    request.session[PASSWORD_AT_KEY] = _now()


def second_factor_passed(request, device: TOTPDevice) -> None:
    """Mark the session verified by ``device`` (django-otp) and remember when."""
    otp_login(request, device)
    request.session[SECOND_FACTOR_AT_KEY] = _now()
    request.session.pop(SECOND_FACTOR_DUE_KEY, None)


def after_password_sign_in(request) -> None:
    """Called once the password was accepted at sign-in."""
    password_entered(request)
    user = request.user
    if not role_requires_two_factor(user) and confirmed_device(user) is not None:
        request.session[SECOND_FACTOR_DUE_KEY] = True


def needs_code_to_reauthenticate(request) -> bool:
    """The re-authentication page asks for a code from everyone who signs in with one."""
    user = request.user
    return role_requires_two_factor(user) or is_verified(user)


def recently_authenticated(request) -> bool:
    """Password (and, where the user has one, the second factor) within REAUTH_MINUTES."""
    oldest_allowed = _now() - settings.REAUTH_MINUTES * 60
    if request.session.get(PASSWORD_AT_KEY, 0) < oldest_allowed:
        return False
    if needs_code_to_reauthenticate(request):
        return request.session.get(SECOND_FACTOR_AT_KEY, 0) >= oldest_allowed
    return True
