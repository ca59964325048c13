"""Reads of the policy register and the acknowledgement gap lists (R-POL-1, R-ACC-2)."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404

from access_control.models import ConfidentialityDeclaration, DeclarationAcceptance, Role
from governance.access import (
    is_member,
    none_unless_member,
)
from governance.models import (
    Audience,
    Policy,
    PolicyAcknowledgement,
    PolicyVersion,
)

User = get_user_model()


# --- Policies (R-POL-1, R-ACC-2) ------------------------------------------------------------


def _current_version_subquery():
    return PolicyVersion.objects.filter(policy=OuterRef("pk"), approved_on__isnull=False).order_by("-number")


def policies_for(*, user) -> QuerySet[Policy]:
    """Every member of the organisation reads its policies (they acknowledge them)."""
    empty = none_unless_member(user, Policy.objects.all())
    if empty is not None:
        return empty
    current = _current_version_subquery()
    mine = PolicyAcknowledgement.objects.filter(version_id=OuterRef("current_version_id"), user_id=user.pk)
    return (
        Policy.objects.filter(organisation_id=user.organisation_id)
        .select_related("owner")
        .annotate(
            current_version_id=Subquery(current.values("pk")[:1]),
            current_number=Subquery(current.values("number")[:1]),
            approved_on=Subquery(current.values("approved_on")[:1]),
        )
        .annotate(acknowledged_by_me=Exists(mine))
    )


def policy_get_for_user(*, user, pk: int) -> Policy:
    policy = (
        policies_for(user=user)
        .prefetch_related(
            Prefetch("versions", queryset=PolicyVersion.objects.select_related("approved_by", "created_by"))
        )
        .filter(pk=pk)
        .first()
    )
    if policy is None:
        raise Http404("No such policy.")
    return policy


def policy_version_get_for_user(*, user, pk: int) -> PolicyVersion:
    version = (
        PolicyVersion.objects.filter(pk=pk, organisation_id=user.organisation_id)
        .select_related("policy")
        .first()
    )
    if version is None or not is_member(user):
        raise Http404("No such version.")
    return version


def staff_expected_to_acknowledge(organisation_id: int) -> QuerySet:
    """The people (users) who must acknowledge: active staff, not service accounts."""
    return User.objects.filter(organisation_id=organisation_id, is_active=True).exclude(role=Role.API_CLIENT)


def acknowledgement_gaps(*, policy: Policy) -> QuerySet:
    """Staff who have not acknowledged the policy's current version (one query, NOT EXISTS)."""
    version_id = getattr(policy, "current_version_id", None)
    if version_id is None:
        version_id = (
            PolicyVersion.objects.filter(policy=policy, approved_on__isnull=False)
            .order_by("-number")
            .values_list("pk", flat=True)
            .first()
        )
    if version_id is None or not policy.requires_acknowledgement:
        return User.objects.none()
    acknowledged = PolicyAcknowledgement.objects.filter(version_id=version_id, user_id=OuterRef("pk"))
    return (
        staff_expected_to_acknowledge(policy.organisation_id)
        .filter(~Exists(acknowledged))
        .order_by("last_name", "first_name", "username")
    )


def declaration_gaps(*, organisation_id: int) -> tuple[ConfidentialityDeclaration | None, QuerySet]:
    """Staff who have not accepted the current confidentiality declaration (R-ACC-2)."""
    declaration = (
        ConfidentialityDeclaration.objects.filter(organisation_id=organisation_id)
        .order_by("-version")
        .first()
    )
    if declaration is None:
        return None, User.objects.none()
    accepted = DeclarationAcceptance.objects.filter(declaration=declaration, user_id=OuterRef("pk"))
    return declaration, (
        staff_expected_to_acknowledge(organisation_id)
        .filter(~Exists(accepted))
        .order_by("last_name", "first_name", "username")
    )


def acknowledgements_of(*, policy: Policy) -> QuerySet[PolicyAcknowledgement]:
    return PolicyAcknowledgement.objects.filter(version__policy=policy).select_related(
        "version", "user", "person", "recorded_by"
    )


def acknowledgement_register(*, user) -> QuerySet[Policy]:
    """Policies that ask for acknowledgement, each with how many staff have not yet
    acknowledged its current version (a correlated COUNT, one query for the page)."""
    from django.db.models.functions import Coalesce

    acknowledged = PolicyAcknowledgement.objects.filter(
        version_id=OuterRef(OuterRef("current_version_id")), user_id=OuterRef("pk")
    )
    missing = (
        User.objects.filter(organisation_id=OuterRef("organisation_id"), is_active=True)
        .exclude(role=Role.API_CLIENT)
        .filter(~Exists(acknowledged))
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        policies_for(user=user)
        .filter(requires_acknowledgement=True)
        .annotate(missing=Coalesce(Subquery(missing), 0))
    )


def persons_audience(policy: Policy) -> bool:
    return policy.audience == Audience.STAFF_AND_PUPILS
