"""Which roles handle requests and consents (used by services and selectors alike)."""

from access_control.models import Role

# Who handles requests and records consents: case work and the DPO. An external system
# (API client) may log a request, nothing more.
HANDLER_ROLES = frozenset({Role.CASEWORKER, Role.TEAM_LEADER, Role.DPO})
INTAKE_ROLES = HANDLER_ROLES | {Role.API_CLIENT}
# Who sees and may act on every request of the organisation, not only their own.
REQUEST_WIDE_ROLES = frozenset({Role.TEAM_LEADER, Role.DPO})
POLICY_ROLES = frozenset({Role.DPO, Role.ADMINISTRATOR})
