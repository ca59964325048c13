"""Reads of the breach register and the processing register."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from access_control.models import Role
from governance.access import (
    BREACH_READERS,
    REGISTER_READERS,
    is_member,
    none_unless_member,
)
from governance.models import (
    Breach,
    ProcessingActivity,
    ProcessingAgreement,
    Processor,
)

User = get_user_model()


# --- Breaches and the processing register ---------------------------------------------------


def breaches_visible_to(user) -> QuerySet[Breach]:
    """The DPO and auditors see the register; whoever reported a breach sees their report."""
    empty = none_unless_member(user, Breach.objects.all())
    if empty is not None:
        return empty
    breaches = Breach.objects.filter(organisation_id=user.organisation_id)
    if user.role in BREACH_READERS:
        return breaches
    return breaches.filter(reported_by_id=user.pk)


def breach_list(*, user, state: str = "") -> QuerySet[Breach]:
    breaches = breaches_visible_to(user).select_related("reported_by")
    if state == "open":
        breaches = breaches.filter(closed_at__isnull=True)
    elif state == "closed":
        breaches = breaches.filter(closed_at__isnull=False)
    return breaches


def breach_get_for_user(*, user, pk: int) -> Breach:
    breach = (
        breaches_visible_to(user)
        .select_related("reported_by", "authority_decided_by", "organisation")
        .filter(pk=pk)
        .first()
    )
    if breach is None:
        raise Http404("No such breach.")
    return breach


def _register_readable(user) -> bool:
    return is_member(user) and user.role in (REGISTER_READERS | {Role.API_CLIENT})


def processors_for(*, user) -> QuerySet[Processor]:
    if not _register_readable(user):
        raise Http404("No such page.")
    return Processor.objects.filter(organisation_id=user.organisation_id).prefetch_related(
        Prefetch("agreements", queryset=ProcessingAgreement.objects.order_by("-starts_on"))
    )


def processor_get_for_user(*, user, pk: int) -> Processor:
    processor = processors_for(user=user).prefetch_related("activities").filter(pk=pk).first()
    if processor is None:
        raise Http404("No such processor.")
    return processor


def agreements_for(*, user) -> QuerySet[ProcessingAgreement]:
    if not _register_readable(user):
        raise Http404("No such page.")
    return ProcessingAgreement.objects.filter(organisation_id=user.organisation_id).select_related(
        "processor"
    )


def agreement_get_for_user(*, user, pk: int) -> ProcessingAgreement:
    agreement = agreements_for(user=user).filter(pk=pk).first()
    if agreement is None:
        raise Http404("No such agreement.")
    return agreement


def activities_for(*, user) -> QuerySet[ProcessingActivity]:
    if not _register_readable(user):
        raise Http404("No such page.")
    return (
        ProcessingActivity.objects.filter(organisation_id=user.organisation_id)
        .select_related("record_class__schedule__current_version")
        .prefetch_related("processors")
    )


def activity_get_for_user(*, user, pk: int) -> ProcessingActivity:
    activity = activities_for(user=user).filter(pk=pk).first()
    if activity is None:
        raise Http404("No such processing activity.")
    return activity
