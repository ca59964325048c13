"""GDPR art. 19: recipients are told of each rectification, erasure or restriction.

The recipients are the third parties named in the subject's "information shared with a
third party" entries (``subject_rights.selectors.recipients``); an erasure snapshots them
before the entries go. Preparing renders one letter per recipient; each letter is then
recorded as sent (date and how).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, InvalidTransition
from core.services import domain_event_record
from records.models import NotifiedEffect, RecipientNotification
from subject_rights.models import RequestStatus, RequestType, SubjectRequest
from subject_rights.selectors.recipients import recipients_for_subject
from subject_rights.services.common import not_in_future, require_request_handler, required_text
from subject_rights.services.effects.common import GRANTED, effect_request_lock, letter_render

EFFECT_BY_TYPE = {
    RequestType.RECTIFICATION: NotifiedEffect.RECTIFICATION,
    RequestType.ERASURE: NotifiedEffect.ERASURE,
    RequestType.DESTRUCTION: NotifiedEffect.ERASURE,
    RequestType.RESTRICTION: NotifiedEffect.RESTRICTION,
}
LETTER_TEMPLATE = "subject_rights/effects/letters/recipient.html"


def _effect_applied(request: SubjectRequest) -> bool:
    if request.request_type == RequestType.RECTIFICATION:
        return request.corrections.exists()
    if request.request_type == RequestType.RESTRICTION:
        return request.restrictions.exists()
    return request.data_removals.exists()


def recipient_letters_prepare(*, acting_user, request: SubjectRequest) -> list[RecipientNotification]:
    """A letter for each recipient not yet written to about this request's effect."""
    with transaction.atomic():
        locked = effect_request_lock(
            acting_user,
            request,
            types=frozenset(EFFECT_BY_TYPE),
            statuses=frozenset({RequestStatus.DECIDED, RequestStatus.FULFILLED}),
            decisions=GRANTED,
        )
        if not _effect_applied(locked):
            raise InvalidTransition(_("Carry out the decision first; then tell the recipients."))
        effect = EFFECT_BY_TYPE[locked.request_type]
        for row in recipients_for_subject(
            person_id=locked.subject_id, organisation_id=locked.organisation_id
        ):
            RecipientNotification.objects.get_or_create(
                request=locked,
                recipient=row["recipient"],
                effect=effect,
                defaults={
                    "organisation_id": locked.organisation_id,
                    "shared_on": timezone.localtime(row["first_shared"]).date(),
                    "prepared_by": acting_user,
                },
            )
        pending = list(RecipientNotification.objects.filter(request=locked, letter=""))
        if not pending and not RecipientNotification.objects.filter(request=locked).exists():
            raise DomainError(_("Nothing about the subject was shared with a third party."), field="request")
        for notification in pending:
            notification.letter.save(
                "letter.pdf",
                letter_render(
                    LETTER_TEMPLATE,
                    {"notification": notification, "request": locked, "subject": locked.subject},
                    organisation=locked.organisation,
                    title=_("Notification %(reference)s") % {"reference": locked.reference},
                ),
                save=True,
            )
        domain_event_record(
            acting_user=acting_user,
            verb="subject_request.recipient_letters_prepared",
            target=locked,
            legal_basis="GDPR art. 19",
            data={"letters": [n.pk for n in pending]},
        )
    return pending


def recipient_notification_sent(
    *, acting_user, notification: RecipientNotification, sent_on: datetime.date | None, how: str
) -> RecipientNotification:
    require_request_handler(acting_user, notification.request)
    how = required_text(how, _("Say how the letter was sent."), "how")
    if sent_on is None:
        raise DomainError(_("Give the date the letter was sent."), field="sent_on")
    not_in_future(sent_on, _("The date sent cannot be in the future."), "sent_on")
    with transaction.atomic():
        locked = RecipientNotification.objects.select_for_update().get(pk=notification.pk)
        if locked.sent_on is not None:
            raise InvalidTransition(_("This letter was already recorded as sent."))
        if not locked.letter:
            raise InvalidTransition(_("Prepare the letter first."))
        if sent_on < timezone.localtime(locked.prepared_at).date():
            raise DomainError(_("A letter cannot be sent before it was prepared."), field="sent_on")
        locked.sent_on = sent_on
        locked.sent_how = how
        locked.sent_by = acting_user
        locked.save(update_fields=["sent_on", "sent_how", "sent_by"])
        domain_event_record(
            acting_user=acting_user,
            verb="subject_request.recipient_notified",
            target=locked.request,
            legal_basis="GDPR art. 19",
            data={"notification": locked.pk, "effect": locked.effect},
        )
    return locked
