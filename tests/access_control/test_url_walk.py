"""Walk EVERY URL of the project (R-ACC-1, R-ACC-5): nobody reaches another organisation's
data, and a colleague who is not involved does not reach the file.

Every pattern of the URL resolver is requested, with every method its view may answer, with
its path parameters filled with objects of the owning organisation, by:

- outsiders (a team leader and an auditor of another organisation) and an uninvolved colleague (a
  caseworker of the same organisation, no units, no grants): a URL naming an object must
  answer 403, 404 or 405; a page without parameters must either refuse them too or be on
  ``OWN_SCOPE_PAGES`` (pages that show only the user's own things) and then never show
  the owning organisation's data (``MARKER``);
- anonymous visitors: sent to sign in (API: 401/403);
- on the API, a client of another organisation with every scope and a client of the same
  organisation without any scope: 403/404/405.

A URL with parameters that ``walk_support.PARAMETER_MODELS`` does not know fails the walk.
"""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from access_control.models import Role
from api.scopes import Scope
from api.services import api_client_create, api_token_issue
from tests.access_control.walk_support import MARKER, Route, fill, owner_world, parameter_models, routes
from tests.factories import OrganisationFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

# Anyone may open these, signed in or not.
PUBLIC = frozenset(
    {
        "login",
        "logout",
        "set_language",
        "health",
        "api-schema",
        "api-docs",
        "api-redoc",
        "two_factor_setup",
        "two_factor_verify",
        "reauthenticate",
        "admin:login",
        "admin:logout",
        "admin:jsi18n",
    }
)

# Pages without parameters that every signed-in user may open because they show only what
# the user may see (their own lists, empty forms, their own dashboard and declaration).
OWN_SCOPE_PAGES = frozenset(
    {
        "dashboard",
        "declaration",
        "dossiers:list",
        "dossiers:create",
        "records:list",
        "records:create",
        "subject_rights:request_list",
        "subject_rights:request_create",
        "subject_rights:request_capacity",
        "subject_rights:consent_index",
        "subject_rights:consent_check",
        "retention:overview",
        "retention:review_list",
        "retention:hold_list",
        "governance:overview",
        "governance:concern_list",
        "governance:concern_create",
        "governance:policy_list",
        "governance:acknowledgements",
        "governance:breach_create",
        "governance:breach_list",
        "governance:device_list",
        "governance:device_create",
        "retention:hold_create",
        "retention:copy_task_list",
        "retention:schedule_list",
        "compliance:list",
        "compliance:sample_list",
        "compliance:sample_draw",
        # Oversight pages of the user's own organisation (role-checked by their views).
        "compliance:dashboard",
        "compliance:report",
        "access:matrix",
        "access:matrix_pdf",
        "access:break_glass_list",
        "governance:register",
        "access_log",
        "api:person-list",
        "api:record-list",
        "api:dossier-list",
        "api:retention-schedule-list",
        "api:hold-list",
        "api:subject-request-list",
        "api:consent-list",
        "api:consent-check",
        "api:review-list",
        "api:disposal-batch-list",
        "api:destruction-certificate-list",
        "api:access-log-list",
        "api:webhook-list",
        "api:safeguarding-concern-list",
        "api:confiscated-device-list",
        "api:policy-list",
        "api:data-breach-list",
        "api:processor-list",
        "api:processing-activity-list",
    }
)

# Organisation documents that are not personal data: every colleague reads (and
# acknowledges) the organisation's policies; outsiders are still refused.
COLLEAGUE_PAGES = frozenset(
    {
        "governance:policy_list",
        "governance:policy_detail",
        "governance:policy_acknowledge",
        "api:policy-list",
        "api:policy-detail",
        "api:policy-acknowledge",
    }
)

# Gaps the walk found in other areas, reported to their owners; (URL name, persona) -> why.
# Remove an entry when it is fixed (the walk then guards it).
KNOWN_GAPS: dict[tuple[str, str], str] = {}

REFUSED = {403, 404, 405}
WEB_METHODS = ("GET", "POST")


def _methods(route: Route) -> list[str]:
    actions = getattr(route.callback, "actions", None)
    if actions:
        return sorted(method.upper() for method in actions)
    view_class = getattr(route.callback, "cls", None) or getattr(route.callback, "view_class", None)
    if route.is_api and view_class is not None:
        return [m.upper() for m in view_class.http_method_names if m != "options" and hasattr(view_class, m)]
    return list(WEB_METHODS)


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _request(client, method: str, path: str):
    return client.generic(
        method, path, data=b"{}" if method != "GET" else b"", content_type="application/json"
    )


@pytest.fixture
def world():
    return owner_world()


@pytest.fixture
def people(world):
    colleague = UserFactory(organisation=world.organisation, role=Role.CASEWORKER)
    other = OrganisationFactory(name="Walk outsider", slug="walk-outsider")
    outsider = UserFactory(
        organisation=other, role=Role.TEAM_LEADER, units=[UnitFactory(organisation=other, name="Other team")]
    )
    # An organisation-wide role elsewhere: sees everything of its own organisation, nothing of ours.
    outside_auditor = UserFactory(organisation=other, role=Role.AUDITOR)
    return {"colleague": colleague, "outsider": outsider, "outside auditor": outside_auditor}


def _api_client(organisation, scopes, name) -> APIClient:
    client = api_client_create(acting_user=None, organisation=organisation, name=name, scopes=scopes)
    http = APIClient(raise_request_exception=False)
    http.credentials(
        HTTP_AUTHORIZATION=f"Bearer {api_token_issue(acting_user=None, client=client).plaintext}"
    )
    return http


def _concrete(route: Route, world, problems: list[str]) -> str | None:
    """The route's path with its parameters filled, or None (and a problem) if unknown."""
    if not route.params:
        return fill(route.pattern, {})
    if route.name.startswith("admin:") or route.pattern.startswith("admin/"):
        return fill(route.pattern, dict.fromkeys(route.params, "1"))
    models = parameter_models(route.name)
    if models is None or set(models) != set(route.params):
        problems.append(
            f"{route.pattern} ({route.name or 'no name'}): unknown path parameters {route.params}. "
            "Add the URL to PARAMETER_MODELS in tests/access_control/walk_support.py "
            "(and make sure its view refuses outsiders and uninvolved colleagues)."
        )
        return None
    values = {
        param: label[1:] if label.startswith("=") else world.obj(label).pk for param, label in models.items()
    }
    return fill(route.pattern, values)


def _walkable(route: Route) -> bool:
    # Catch-alls (the admin's and the API's "no such URL") have no view of their own to test.
    return route.name not in PUBLIC and not route.pattern.endswith((".*)$", r"[\s\S]*$"))


def _check(route: Route, persona: str, method: str, response, problems: list[str]) -> None:
    status = response.status_code
    where = f"{method} {route.pattern} ({route.name}) as {persona}: {status}"
    if (route.name, persona) in KNOWN_GAPS:
        return
    if status >= 500:
        problems.append(f"{where} — server error")
        return
    if route.pattern.startswith("admin/"):
        # The admin is for staff only; everyone else is sent to its sign-in page.
        if not (status == 302 and "/admin/login/" in response["Location"]):
            problems.append(f"{where} — expected a redirect to the admin sign-in")
        return
    if persona == "anonymous":
        if route.is_api:
            if status not in {401, 403, 405}:
                problems.append(f"{where} — expected 401/403")
        elif not (status == 302 and "/accounts/login/" in response["Location"]):
            problems.append(f"{where} — expected a redirect to sign in")
        return
    if status in REFUSED:
        return
    if persona == "colleague" and route.name in COLLEAGUE_PAGES:
        return
    models = (parameter_models(route.name) or {}) if route.params else {}
    names_an_object = any(not label.startswith("=") for label in models.values())
    if names_an_object or route.name not in OWN_SCOPE_PAGES:
        problems.append(f"{where} — expected 403/404/405")
        return
    if MARKER in _body(response):
        problems.append(f"{where} — shows the owning organisation's data")


def test_every_url_refuses_outsiders_and_uninvolved_colleagues(world, people):
    """R-ACC-1, R-ACC-5: the walk over every URL pattern and every method."""
    problems: list[str] = []
    paths = [(route, _concrete(route, world, problems)) for route in routes() if _walkable(route)]
    clients = {"anonymous": Client(raise_request_exception=False)}
    for persona, user in people.items():
        clients[persona] = Client(raise_request_exception=False)
        clients[persona].force_login(user)
    api_clients = {
        "foreign API client": _api_client(people["outsider"].organisation, list(Scope.values), "Foreign"),
        "API client without scopes": _api_client(world.organisation, [], "Scopeless"),
    }
    walked = 0
    for route, path in paths:
        if path is None:
            continue
        personas = dict(clients)
        if route.is_api:
            personas.update(api_clients)
        for method in _methods(route):
            for persona, client in personas.items():
                _check(route, persona, method, _request(client, method, path), problems)
                walked += 1
    assert walked > 500, walked
    assert not problems, "\n".join(problems)


def test_the_walk_knows_the_parameters_of_every_url():
    """A new URL with path parameters fails here until the walker can fill them."""
    unknown = [
        route.pattern
        for route in routes()
        if route.params
        and _walkable(route)
        and not route.pattern.startswith("admin/")
        and parameter_models(route.name) is None
    ]
    assert not unknown, (
        "Add these URLs to PARAMETER_MODELS in tests/access_control/walk_support.py: " + ", ".join(unknown)
    )


def test_the_walker_fails_a_url_it_does_not_know():
    problems: list[str] = []
    route = Route("things/<int:pk>/", "unknown:thing", ["pk"], None)

    assert _concrete(route, None, problems) is None
    assert "Add the URL to PARAMETER_MODELS" in problems[0]


def test_the_marker_shows_where_the_owning_organisation_may_see_it(world):
    """The leak check is not vacuous: the involved owner does see the marked data."""
    dossier, record = world.obj("records.Dossier"), world.obj("records.Record")
    client = Client()
    client.force_login(world.owner)

    for name, pk in (("dossiers:list", None), ("records:list", None), ("dossiers:detail", dossier.pk)):
        url = reverse(name, args=[pk] if pk else [])
        assert MARKER in _body(client.get(url)), url
    assert MARKER in _body(client.get(f"/records/{record.pk}/"))
