"""Reads of the DSL team, concerns and the device register (R-SAF-1, R-SAF-2, R-ACC-5)."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from access_control.models import Role
from governance.access import (
    dsl_team_exists,
    is_member,
    none_unless_member,
)
from governance.models import (
    Concern,
    ConcernEntry,
    ConfiscatedDevice,
    CustodyEvent,
    SafeguardingDesignation,
)

User = get_user_model()


# --- Safeguarding (R-SAF-1, R-ACC-5) --------------------------------------------------------


def dsl_team(*, organisation_id: int) -> QuerySet[SafeguardingDesignation]:
    return SafeguardingDesignation.objects.filter(
        organisation_id=organisation_id, ended_at__isnull=True
    ).select_related("user")


def designations_for(*, user) -> QuerySet[SafeguardingDesignation]:
    """Every designation of the organisation, past ones too: administrators manage the team."""
    if not is_member(user) or user.role != Role.ADMINISTRATOR:
        raise Http404("No such page.")
    return SafeguardingDesignation.objects.filter(organisation_id=user.organisation_id).select_related(
        "user", "designated_by", "ended_by"
    )


def designation_get_for_user(*, user, pk: int) -> SafeguardingDesignation:
    designation = designations_for(user=user).filter(pk=pk).first()
    if designation is None:
        raise Http404("No such designation.")
    return designation


def concerns_visible_to(user) -> QuerySet[Concern]:
    """The DSL team sees every concern of its organisation; anyone else only the concerns
    they reported themselves (access by involvement, R-ACC-5)."""
    empty = none_unless_member(user, Concern.objects.all())
    if empty is not None:
        return empty
    return Concern.objects.filter(organisation_id=user.organisation_id).filter(
        Q(dsl_team_exists(user)) | Q(reported_by_id=user.pk)
    )


def concern_list(*, user, status: str = "", category: str = "") -> QuerySet[Concern]:
    concerns = concerns_visible_to(user).select_related("reported_by").prefetch_related("pupils")
    if status:
        concerns = concerns.filter(status=status)
    if category:
        concerns = concerns.filter(category=category)
    return concerns.annotate(escalations=Count("entries", filter=Q(entries__kind="escalation"))).order_by(
        "-reported_at", "-id"
    )


def concern_get_for_user(*, user, pk: int) -> Concern:
    concern = (
        concerns_visible_to(user)
        .select_related(
            "reported_by", "closed_by", "record_class__schedule__current_version__schedule", "organisation"
        )
        .prefetch_related(
            "pupils",
            Prefetch("entries", queryset=ConcernEntry.objects.select_related("recorded_by")),
            "devices",
        )
        .filter(pk=pk)
        .first()
    )
    if concern is None:
        raise Http404("No such concern.")
    return concern


def devices_visible_to(user) -> QuerySet[ConfiscatedDevice]:
    """The DSL team sees the whole register; other staff the devices whose chain of custody
    they are in (they took, held, searched or released it)."""
    empty = none_unless_member(user, ConfiscatedDevice.objects.all())
    if empty is not None:
        return empty
    involved = CustodyEvent.objects.filter(device=OuterRef("pk")).filter(
        Q(actor_id=user.pk) | Q(holder_id=user.pk) | Q(recorded_by_id=user.pk)
    )
    return ConfiscatedDevice.objects.filter(organisation_id=user.organisation_id).filter(
        Q(dsl_team_exists(user)) | Q(Exists(involved))
    )


def _latest_custody():
    return CustodyEvent.objects.filter(device=OuterRef("pk")).order_by("-sequence")


def device_list(*, user, state: str = "") -> QuerySet[ConfiscatedDevice]:
    devices = (
        devices_visible_to(user)
        .select_related("pupil")
        .annotate(
            last_step=Subquery(_latest_custody().values("step")[:1]),
            last_location=Subquery(_latest_custody().values("location")[:1]),
        )
    )
    if state == "held":
        devices = devices.exclude(last_step__in=("released", "handed_to_police"))
    elif state == "returned":
        devices = devices.filter(last_step__in=("released", "handed_to_police"))
    return devices


def device_get_for_user(*, user, pk: int) -> ConfiscatedDevice:
    device = (
        devices_visible_to(user)
        .select_related(
            "pupil",
            "concern",
            "recorded_by",
            "record_class__schedule__current_version__schedule",
            "organisation",
        )
        .prefetch_related(
            Prefetch(
                "custody",
                queryset=CustodyEvent.objects.select_related("actor", "holder", "recorded_by").order_by(
                    "sequence"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if device is None:
        raise Http404("No such device.")
    return device
