"""What the governance services share: organisation sealing, notification mail, defaults."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, NotAllowed
from retention.models import RecordClass


def require_member(acting_user) -> None:
    if not getattr(acting_user, "is_authenticated", False) or acting_user.organisation_id is None:
        raise NotAllowed(_("Only a member of an organisation can do this."))


def require_same_organisation(acting_user, *objects, field: str | None = None) -> None:
    """Organisations are sealed: nothing here may point at another organisation's rows."""
    for obj in objects:
        if obj is not None and obj.organisation_id != acting_user.organisation_id:
            raise DomainError(_("That belongs to another organisation."), field=field)


def require_text(value: str | None, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field)
    return value


def require_not_future(moment, field: str) -> None:
    now = timezone.now()
    if hasattr(moment, "hour"):
        future = moment > now + datetime.timedelta(minutes=5)  # allow for clock drift
    else:
        future = moment > timezone.localdate()
    if future:
        raise DomainError(_("That date is in the future."), field=field)


def default_record_class(organisation_id: int, code: str) -> RecordClass | None:
    """The organisation's record class for this kind of entry (RETENTION.md defaults)."""
    return RecordClass.objects.filter(organisation_id=organisation_id, code=code, is_active=True).first()


def mail_after_commit(subject: str, body: str, recipients: Iterable[str]) -> None:
    """Send a notification once the transaction commits. Mails carry references and links
    only, never the personal details of a concern or breach."""
    to = sorted({address for address in recipients if address})
    if not to:
        return
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=True)
    )
