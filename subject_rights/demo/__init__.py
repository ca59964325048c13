"""Demo data of data-subject rights for ``manage.py seed_demo``: requests in every state of
the queue, redaction proposals, parental authority and consents, all through the services.

Called once per organisation from ``records.demo.run`` (before its register is topped up,
so the demo household and incident record count towards the requested numbers). Only
Veilig Thuis and the police force get requests: they are the organisations whose
policies describe them (R-DSR-1..14). Idempotent: every request, relation and consent is
looked for first, so a second run adds nothing. Dates are relative to ``today``.
"""

import datetime

from access_control.models import OrganisationKind, Role
from records.demo.common import acting_as
from records.demo.setup import DemoOrganisation
from subject_rights.services import deadline_policies_install_defaults


def subject_rights_demo_ensure(ctx: DemoOrganisation, *, today: datetime.date) -> int:
    """Add what is missing of the organisation's demo requests and consents; the number added."""
    kind = ctx.organisation.kind
    if kind not in (OrganisationKind.VEILIG_THUIS, OrganisationKind.POLICE_FORCE):
        return 0
    dpo = ctx.users[Role.DPO]
    # The statutory deadline terms as the organisation's own, editable policies (R-DSR-11).
    with acting_as(dpo):
        added = len(deadline_policies_install_defaults(acting_user=dpo, organisation=ctx.organisation))
    if kind == OrganisationKind.VEILIG_THUIS:
        from subject_rights.demo import consents, veilig_thuis

        _dossier, members = veilig_thuis.household_ensure(ctx, today=today)
        people = {key: member.person for key, member in members.items()}
        added += consents.relations_ensure(ctx, people)
        added += veilig_thuis.requests_ensure(ctx, members, today=today)
        added += consents.consents_ensure(ctx, people, today=today)
    else:
        from subject_rights.demo import police

        people = police.record_ensure(ctx, today=today)
        added += police.requests_ensure(ctx, people, today=today)
    return added
