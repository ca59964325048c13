"""GDPR art. 19: the recipients of a subject's data, from "shared with a third party" entries."""

from django.db.models import Count, Max, Min, QuerySet

from records.models import DossierEntry, EntryKind, RecipientNotification
from subject_rights.models import SubjectRequest


def recipients_for_subject(*, person_id: int, organisation_id: int) -> QuerySet:
    """One row per recipient: ``recipient``, ``first_shared``, ``last_shared``, ``times``."""
    return (
        DossierEntry.objects.filter(
            kind=EntryKind.SHARED_WITH_THIRD_PARTY,
            concerns__person_id=person_id,
            dossier__organisation_id=organisation_id,
        )
        .exclude(recipient="")
        .order_by()
        .values("recipient")
        .annotate(
            first_shared=Min("created_at"), last_shared=Max("created_at"), times=Count("pk", distinct=True)
        )
        .order_by("recipient")
    )


def notifications_for(request: SubjectRequest) -> QuerySet[RecipientNotification]:
    return RecipientNotification.objects.filter(request=request).select_related("sent_by", "prepared_by")


def notification_get_for_request(*, request: SubjectRequest, pk: int) -> RecipientNotification:
    from django.http import Http404

    notification = notifications_for(request).filter(pk=pk).first()
    if notification is None:
        raise Http404("No such notification.")
    return notification
