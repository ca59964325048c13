"""An administrator resets a colleague's lost authenticator app (R-ACC-1).

Someone who lost the phone that guards their account cannot sign in to enrol a new one
(their role needs the second factor), so an administrator of their organisation removes the
old device: at the next sign-in the person sets up a new app, as on their first day. The
reset is recorded as a domain event with the reason; the person's sessions that passed the
old device are not trusted any more either, as django-otp ties a verified session to its
device.

Who may reset is the matrix's "Administer" on users and access rights; nobody reaches
another organisation's users (404), and nobody resets their own device this way (they would
take away the second factor that is meant to stop someone holding only their password).
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from access_control.matrix import DataCategory, MatrixAction
from access_control.models import User
from access_control.permissions import user_can
from core.errors import DomainError, NotAllowed
from core.services import domain_event_record


def may_reset_two_factor(user) -> bool:
    return user_can(user, MatrixAction.ADMINISTER, category=DataCategory.ACCESS_RIGHTS)


def two_factor_require_administrator(user) -> None:
    if not may_reset_two_factor(user):
        raise NotAllowed(_("Only an administrator can reset someone's authenticator app."))


# --- Reads ------------------------------------------------------------------------------------


def users_with_two_factor(*, user) -> QuerySet[User]:
    """The administrator's organisation's people, each with ``has_device`` (one query)."""
    two_factor_require_administrator(user)
    devices = TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True)
    return (
        User.objects.filter(organisation_id=user.organisation_id)
        .annotate(has_device=Exists(devices))
        .order_by("last_name", "first_name", "username")
    )


def user_get_for_two_factor_reset(*, user, pk: int) -> User:
    """One user of the administrator's organisation; 404 for another organisation's."""
    found = users_with_two_factor(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such user.")
    return found


# --- Writes -----------------------------------------------------------------------------------


def two_factor_reset(*, acting_user, user: User, reason: str) -> int:
    """Remove every authenticator app of ``user``; returns how many were removed."""
    two_factor_require_administrator(acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the authenticator app is reset."), field="reason")
    if user.organisation_id != acting_user.organisation_id:
        raise NotAllowed(_("You can only reset the authenticator apps of your own organisation."))
    if user.pk == acting_user.pk:
        raise NotAllowed(_("Another administrator must reset your own authenticator app."))
    with transaction.atomic():
        devices = TOTPDevice.objects.select_for_update().filter(user=user)
        removed = [device.persistent_id for device in devices]
        if not removed:
            raise DomainError(_("This person has no authenticator app set up."), field="reason")
        TOTPDevice.objects.filter(user=user).delete()
        domain_event_record(
            acting_user=acting_user,
            verb="two_factor.reset",
            target=user,
            organisation=acting_user.organisation,
            reason=reason,
            legal_basis="R-ACC-1",
            data={"devices": removed},
        )
    return len(removed)
