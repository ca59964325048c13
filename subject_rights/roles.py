"""Who handles requests and consents (used by services, views and selectors alike).

Each capability is a cell of the authorisation matrix (R-ACC-1), read through
``access_control.permissions.user_can``, so an organisation that narrows or widens a role's
rights in its matrix changes these checks on the next request:

- handling requests (logging, deciding, recording consents and legal relations) is
  "Decide subject requests" on data-subject requests;
- acting on every request of the organisation, not only those one handles or logged (the
  involvement rule), also needs "View" on data-subject requests for the whole organisation.

An API client's service user is not a person the matrix describes: the scopes of its token
(dsr:write, consent:write) decide what it reaches, and the services let it act only on the
requests it logged itself.

The role lists below are what the shipped matrix (``access_control.matrix.DEFAULT_MATRIX``)
gives; tests hold the defaults to them, and code outside this app still reads some of them.
"""

from django.db.models import Q, Value
from django.db.models.lookups import Exact

from access_control.matrix import DataCategory, MatrixAction, Scope
from access_control.models import Role
from access_control.permissions import cell_sql, user_can, user_scope

# Who handles requests and records consents by default: case work and the DPO.
HANDLER_ROLES = frozenset({Role.CASEWORKER, Role.TEAM_LEADER, Role.DPO})
INTAKE_ROLES = HANDLER_ROLES | {Role.API_CLIENT}
# An external case-management system (API client, with the dsr:write / consent:write scope)
# moves the requests it logged itself through the workflow, and records and withdraws
# consents it collected; it never acts on requests people in the browser logged.
REQUEST_ACTOR_ROLES = HANDLER_ROLES | {Role.API_CLIENT}
CONSENT_ROLES = HANDLER_ROLES | {Role.API_CLIENT}
# Who by default sees and may act on every request of the organisation, not only their own.
REQUEST_WIDE_ROLES = frozenset({Role.TEAM_LEADER, Role.DPO})
# Deadline policies are organisation settings, not case work: no matrix cell covers them.
POLICY_ROLES = frozenset({Role.DPO, Role.ADMINISTRATOR})


def _is_api_client(user) -> bool:
    return getattr(user, "role", None) == Role.API_CLIENT


def handles_requests(user) -> bool:
    """A person whose role may decide subject requests (and so log them, record consent and
    legal relations, and be a request's handler)."""
    return not _is_api_client(user) and user_can(
        user, MatrixAction.DECIDE_REQUESTS, category=DataCategory.SUBJECT_REQUESTS
    )


def acts_on_requests(user) -> bool:
    """A handler, or an API client (acting on what it logged itself; its token's scopes
    were checked by the endpoint)."""
    return _is_api_client(user) or handles_requests(user)


def acts_on_every_request(user) -> bool:
    """A handler who may see every request of the organisation: the involvement rule
    (R-DSR handler or creator only) does not narrow what they act on."""
    return handles_requests(user) and (
        user_scope(user, MatrixAction.VIEW, DataCategory.SUBJECT_REQUESTS) == Scope.ORGANISATION
    )


def every_request_condition(user) -> Q:
    """``acts_on_every_request`` as a condition on the requests query, so a list or a count
    stays one query: true for every row or for none."""
    if _is_api_client(user):
        return Q(pk__in=[])
    decide = cell_sql(user, MatrixAction.DECIDE_REQUESTS, DataCategory.SUBJECT_REQUESTS)
    view = cell_sql(user, MatrixAction.VIEW, DataCategory.SUBJECT_REQUESTS)
    if isinstance(decide, Value) and isinstance(view, Value):
        return Q(pk__isnull=False) if acts_on_every_request(user) else Q(pk__in=[])
    return ~Q(Exact(decide, Value(Scope.NONE))) & Q(Exact(view, Value(Scope.ORGANISATION)))


def sets_policies(user) -> bool:
    return getattr(user, "role", None) in POLICY_ROLES
