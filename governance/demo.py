"""Demo data of the governance registers for the school: a DSL designation and the online
safety policy (the seed's "Review Period: Annual", approved 17 November), through the
services. Idempotent: nothing is added twice."""

import datetime

from access_control.models import Role
from governance.models import Policy, SafeguardingDesignation
from governance.services.policies import policy_create, policy_version_approve
from governance.services.safeguarding import dsl_designate

ONLINE_SAFETY_TEXT = (
    "The DSL has overall responsibility for online safeguarding. Filtering breaches or concerns "
    "identified through monitoring are recorded and reported to the DSL. Confiscated devices are "
    "held in a secure place and released to parents or carers; searches are carried out by a "
    "member of the leadership team with the consent of the learner or a parent or carer."
)


def governance_demo_ensure(users: dict, *, today: datetime.date) -> int:
    """Designate the team leader DSL and register the approved online-safety policy."""
    added = 0
    admin, leader, dpo = users[Role.ADMINISTRATOR], users[Role.TEAM_LEADER], users[Role.DPO]
    if not SafeguardingDesignation.objects.filter(organisation_id=admin.organisation_id).exists():
        dsl_designate(acting_user=admin, user=leader, role="lead")
        added += 1
    if not Policy.objects.filter(organisation_id=admin.organisation_id).exists():
        policy = policy_create(
            acting_user=dpo,
            title="Online safety policy",
            kind="online_safety",
            owner=dpo,
            review_period="annual",
            requires_acknowledgement=True,
            text=ONLINE_SAFETY_TEXT,
        )
        approved = datetime.date(
            today.year if (today.month, today.day) >= (11, 17) else today.year - 1, 11, 17
        )
        policy_version_approve(
            acting_user=dpo,
            version=policy.versions.get(),
            approved_on=approved,
            approved_by_name="Governing body",
        )
        added += 1
    return added
