"""Who may do what in the governance registers, decided in SQL where it filters rows.

The DSL team (R-SAF-1) is a designation, not a role: an administrator designates users of
any role as Designated Safeguarding Lead or deputy. Breaches and the processor register
are the DPO's; administrators also keep the processor and policy registers; auditors read.
"""

from django.db.models import Exists, OuterRef, Q

from access_control.models import Role
from governance.models import SafeguardingDesignation

DESIGNATORS = frozenset({Role.ADMINISTRATOR})
POLICY_MANAGERS = frozenset({Role.ADMINISTRATOR, Role.DPO})
BREACH_MANAGERS = frozenset({Role.DPO})
BREACH_READERS = frozenset({Role.DPO, Role.AUDITOR})
REGISTER_MANAGERS = frozenset({Role.ADMINISTRATOR, Role.DPO})
REGISTER_READERS = REGISTER_MANAGERS | {Role.AUDITOR}
# Searching a pupil's device is for the leadership team (school online-safety policy 6.3.8).
SEARCHERS = frozenset({Role.TEAM_LEADER})


def is_member(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "organisation_id", None))


def dsl_team_exists(user, organisation_ref="organisation"):
    """SQL: ``user`` is on the DSL team of the row's organisation (an uncorrelated EXISTS
    when ``organisation_ref`` is a value)."""
    return Exists(
        SafeguardingDesignation.objects.filter(
            organisation=OuterRef(organisation_ref)
            if isinstance(organisation_ref, str)
            else organisation_ref,
            user_id=user.pk,
            ended_at__isnull=True,
        )
    )


def is_dsl_team(user) -> bool:
    if not is_member(user):
        return False
    return SafeguardingDesignation.objects.filter(
        organisation_id=user.organisation_id, user_id=user.pk, ended_at__isnull=True
    ).exists()


def none_unless_member(user, queryset):
    """An empty queryset for someone who is not a signed-in member of an organisation."""
    if not is_member(user):
        return queryset.none()
    return None


def has_role(user, roles) -> bool:
    return is_member(user) and getattr(user, "role", None) in roles


def own_or(condition: Q, field: str, user) -> Q:
    return condition | Q(**{field: user.pk})
