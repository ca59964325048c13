"""Issue 6: every page has a heading, a navigation that matches the role, and renders cleanly.

Every HTML page of the URL resolver (not the API, the admin, PDFs, downloads or htmx
fragments) is opened with GET by a persona who IS allowed to see it: the involved
caseworker by default, otherwise the role the page is for (``PAGE_PERSONA``). Its path
parameters are filled by the URL walker's world (``tests/access_control/walk_support.py``).
Each page must answer 200 with HTML and have:

- ``<html lang="...">`` and a non-empty ``<title>`` of its own (not just " – Retentie");
- exactly one ``<h1>``, with text (a page that leaves the heading block empty fails);
- the service navigation with exactly the items the persona's role should see (``NAV``);
- no rendering slips: no ``None`` shown to the reader, no unrendered ``{{``/``{%``.

URLs that are not pages a GET can show are listed, each with its reason, in ``NOT_PAGES``
(answering 405 to GET), ``REDIRECTS`` (a GET sends the user on) or ``NOT_HTML``; those
lists are checked too, so an entry that becomes a page must move out of them.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from access_control.models import Role
from tests.access_control.walk_support import REQUEST, Route, fill, owner_world, parameter_models, routes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Pages for a role other than the involved caseworker: (URL name pattern, persona). First match wins.
PAGE_PERSONA: list[tuple[str, str]] = [
    (r"login", "anonymous"),
    (r"retention:extend", Role.TEAM_LEADER),
    (r"retention:.*", Role.RECORDS_OFFICER),
    (r"compliance:(dashboard|list|report)", Role.DPO),
    (r"compliance:sample_.*", Role.RECORDS_OFFICER),
    (r"access:(matrix_edit|users_two_factor|two_factor_reset)", Role.ADMINISTRATOR),
    (r"access:(matrix|break_glass_list|break_glass_review)", Role.DPO),
    # Break-glass is for a colleague who cannot see the dossier (yet).
    (r"access:break_glass", "colleague"),
    (r"access_log", Role.DPO),
    (r"governance:dsl_team", Role.ADMINISTRATOR),
    (r"governance:(policy_create|acknowledgements|register|processor_.*|activity_.*)", Role.DPO),
    (r"governance:breach_detail", Role.DPO),
    (r"subject_rights:effects_representative_limit", Role.TEAM_LEADER),
    (r"subject_rights:effects_rights", Role.CASEWORKER),
    # The request handler's pages (R-DSR-*): the DPO handles the walker's request.
    (r"subject_rights:(request|disclosure|effects|objection)_.*", Role.DPO),
]

# Pages a GET cannot show: the view answers 405 (forms posted from another page).
NOT_PAGES: dict[str, str] = {
    "logout": "POST only: the sign-out button in the header",
    "retention:batch_build": "POST only: the build button on the batch list",
    "governance:dsl_designation_end": "POST only: a button on the DSL team page",
    "governance:concern_entry": "POST only: the entry form on the concern page",
    "governance:concern_close": "POST only: the close form on the concern page",
    "governance:custody_record": "POST only: the custody form on the device page",
    "governance:policy_version": "POST only: the new-version form on the policy page",
    "governance:policy_approve": "POST only: the approve button on the policy page",
    "governance:policy_acknowledge": "POST only: the acknowledge button on the policy page",
    "governance:policy_acknowledge_person": "POST only: the form on the policy page",
    "governance:breach_action": "POST only: the action forms on the breach page",
    "governance:agreement_add": "POST only: the agreement form on the processor page",
    "subject_rights:request_capacity": "POST only: the capacity check of the intake form (htmx)",
    "subject_rights:disclosure_propose": "POST only: a button on the disclosure review",
    "subject_rights:disclosure_redaction_add": "POST only: the redaction form on the disclosure review",
    "subject_rights:disclosure_redaction_review": "POST only: accept/reject buttons on the review",
    "subject_rights:disclosure_redaction_remove": "POST only: a button on the disclosure review",
    "subject_rights:disclosure_pack": "POST only: starts building the pack",
    "subject_rights:disclosure_letter": "POST only: starts building the letter",
    "subject_rights:disclosure_export": "POST only: starts building the export",
    "subject_rights:effects_notification_sent": "POST only: a button on the recipients page",
    "subject_rights:consent_signatories": "POST only: the signatories check of the consent form (htmx)",
}

# GETs that send the user on: the action's form lives on the object's page.
REDIRECTS: dict[str, str] = {
    "set_language": "the language switch posts here; a GET goes back to the page",
    "two_factor_verify": "only during sign-in; otherwise back to the dashboard",
    "retention:batch_approve": "the approve form is on the batch page",
    "retention:batch_execute": "the execute form is on the batch page",
    "retention:batch_cancel": "the cancel form is on the batch page",
    "retention:hold_release": "the release form is on the hold page",
    "subject_rights:request_transition": "the workflow buttons are on the request page",
    "subject_rights:request_identity": "the identity form is on the request page",
    "subject_rights:request_id_document": "the ID-copy form is on the request page",
    "subject_rights:request_pause": "the pause form is on the request page",
    "subject_rights:request_resume": "the resume form is on the request page",
    "subject_rights:request_extend": "the extension form is on the request page",
    "subject_rights:request_decision": "the decision form is on the request page",
    "dossiers:close": "the close form is on the dossier page",
    "dossiers:reopen": "the reopen form is on the dossier page",
}

# Not HTML pages: files, PDFs, JSON, htmx fragments, the API's own documentation.
NOT_HTML: dict[str, str] = {
    "health": "JSON for the load balancer",
    "api-schema": "OpenAPI document",
    "api-docs": "Swagger UI of the API (its own layout)",
    "api-redoc": "ReDoc of the API (its own layout)",
    "retention:batch_progress": "htmx fragment polled by the batch page",
    "retention:certificate_pdf": "PDF download",
    "access:matrix_pdf": "PDF download",
    "subject_rights:request_id_document_download": "file download",
    "subject_rights:request_extension_letter": "PDF download",
    "subject_rights:disclosure_output_progress": "htmx fragment polled by the documents page",
    "subject_rights:disclosure_output_download": "file download",
    "subject_rights:effects_notification_letter": "PDF download",
    "subject_rights:effects_rights_letter": "PDF download",
    "subject_rights:effects_representative_letter": "PDF download",
    "subject_rights:consent_document": "file download",
    "dossiers:attachment": "file download",
}

# Pages that answer another status on purpose, with the full layout.
STATUS: dict[str, tuple[int, str]] = {
    "access:break_glass": (403, "the refusal page that offers to break the glass"),
}

# The service navigation each role should see (R-ACC-1: what the role may use, nothing more).
_EVERYONE = ["dashboard", "dossiers:list", "records:list", "governance:overview"]
_REQUESTS = ["subject_rights:request_list", "subject_rights:consent_index"]
NAV: dict[str, list[str]] = {
    Role.CASEWORKER: _EVERYONE + _REQUESTS,
    Role.TEAM_LEADER: _EVERYONE + _REQUESTS + ["retention:overview", "compliance:sample_list"],
    Role.RECORDS_OFFICER: _EVERYONE + _REQUESTS + ["retention:overview", "compliance:sample_list"],
    Role.DPO: _EVERYONE
    + _REQUESTS
    + ["retention:overview", "compliance:dashboard", "access_log", "access:matrix"],
    Role.AUDITOR: _EVERYONE + ["compliance:dashboard", "access_log", "access:matrix"],
    Role.ADMINISTRATOR: _EVERYONE + ["access:matrix"],
    Role.ASSET_OWNER: _EVERYONE + ["retention:overview"],
}
PERSONA_ROLE = {"colleague": Role.CASEWORKER}


# A "None" the template translates on purpose (its label, then "None"): not a missing value.
TRANSLATED_NONE = {
    "Schedule | None",  # governance/_retention.html: no record class, so no schedule
}


@dataclass
class Page:
    """What the structure checks read from a page."""

    lang: str | None = None
    title: str = ""
    headings: list[str] = field(default_factory=list)
    nav_links: list[str] | None = None  # None: no service navigation on the page
    text: list[str] = field(default_factory=list)
    # Python's None rendered for a missing value: a text node "None" (outside the labels of a
    # choice, where "None" is a real answer), "…: None", or an attribute value="None".
    nones: list[str] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.page = Page()
        self._in: list[str] = []  # open elements we collect text for: title, h1
        self._hidden = 0
        self._nav_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.page.lang = attrs.get("lang")
        if tag in ("script", "style"):
            self._hidden += 1
        if tag == "title":
            self._in.append("title")
        if tag == "h1":
            self.page.headings.append("")
            self._in.append("h1")
        if tag == "ul" and attrs.get("id") == "navigation":
            self.page.nav_links = []
            self._nav_depth = 1
        elif tag == "ul" and self._nav_depth:
            self._nav_depth += 1
        if tag in ("option", "label"):
            self._in.append(tag)
        if attrs.get("value") == "None":
            self.page.nones.append(f'<{tag} value="None">')
        if tag == "a" and self._nav_depth:
            self.page.nav_links.append(attrs.get("href") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1
        if tag in ("title", "h1", "option", "label") and self._in and self._in[-1] == tag:
            self._in.pop()
        if tag == "ul" and self._nav_depth:
            self._nav_depth -= 1

    def handle_data(self, data):
        if self._hidden or not data.strip():
            return
        words = " ".join(data.split())
        in_choice = "option" in self._in or "label" in self._in
        if (words == "None" and not in_choice) or re.search(r":\s*None$", words):
            shown = " | ".join(self.page.text[-1:] + [words])  # with what it stands for
            if shown not in TRANSLATED_NONE:
                self.page.nones.append(shown)
        self.page.text.append(words)
        if "title" in self._in:
            self.page.title += words
        if "h1" in self._in:
            self.page.headings[-1] = (self.page.headings[-1] + " " + words).strip()


def read_page(html: str) -> Page:
    parser = _PageParser()
    parser.feed(html)
    return parser.page


def structure_problems(html: str, role: str | None) -> list[str]:
    """What is wrong with a page's structure for a user of ``role`` (None: signed out)."""
    page = read_page(html)
    problems = []
    if not page.lang:
        problems.append('no <html lang="...">')
    if not page.title or page.title.startswith("–"):
        problems.append(f"no title of its own ({page.title!r})")
    if len(page.headings) != 1:
        problems.append(f"{len(page.headings)} <h1> headings, expected exactly one")
    elif not page.headings[0]:
        problems.append("an empty <h1>")
    if role is not None:
        expected = sorted(reverse(name) for name in NAV[role])
        if page.nav_links is None:
            problems.append("no service navigation")
        elif sorted(page.nav_links) != expected:
            problems.append(f"navigation {sorted(page.nav_links)} for a {role}, expected {expected}")
    if page.nones:
        problems.append(f"shows None for a missing value: {page.nones}")
    if "{{" in html or "{%" in html:
        problems.append("unrendered template syntax")
    return problems


def _persona(name: str) -> str:
    return next(
        (persona for pattern, persona in PAGE_PERSONA if re.fullmatch(pattern, name)), Role.CASEWORKER
    )


def _prepare(world, users) -> None:
    """Objects some pages need in a particular state, on top of the walker's world."""
    from subject_rights.models import RequestType

    # The caseworker is a designated safeguarding lead: the DSL sees the device register.
    world.obj("governance.SafeguardingDesignation")
    # Only the sample's checker closes it.
    sample = world.obj("compliance.QualitySample")
    sample.checker = users[Role.RECORDS_OFFICER]
    sample.save(update_fields=["checker"])

    # The entry to correct must concern the request's subject (R-DSR-3).
    world.obj("records.DossierEntry").concerns.add(world.obj("records.Dossier").members.first())
    # The objection pages open only for an objection (R-CON-7).
    request = world.obj(REQUEST)
    objection = type(request).objects.get(pk=request.pk)  # a copy: the cached request stays as it is
    objection.pk = None
    objection.request_type = RequestType.OBJECTION
    objection.reference = f"{objection.reference}-OBJ"
    objection.save()
    world.cache["objection"] = objection


def _path(route: Route, world) -> str | None:
    """The route's path with objects of the owning organisation; None if the walker cannot fill it."""
    models = (parameter_models(route.name) or {}) if route.params else {}
    if set(models) != set(route.params):
        return None
    values = {}
    for param, label in models.items():
        if label.startswith("="):
            values[param] = label[1:]
        elif label == REQUEST and route.name.startswith("subject_rights:objection_"):
            values[param] = world.cache["objection"].pk
        else:
            values[param] = world.obj(label).pk
    return fill(route.pattern, values)


@pytest.fixture
def clients():
    """The owning organisation's world and a signed-in client per persona."""
    world = owner_world()
    unit = world.owner.units.first()
    users = {Role.CASEWORKER: world.owner}
    for role in (Role.TEAM_LEADER, Role.RECORDS_OFFICER, Role.DPO, Role.ADMINISTRATOR, Role.AUDITOR):
        users[role] = UserFactory(organisation=world.organisation, role=role, units=[unit])
    users["colleague"] = UserFactory(organisation=world.organisation, role=Role.CASEWORKER)
    http = {"anonymous": Client(raise_request_exception=False)}
    for persona, user in users.items():
        http[persona] = Client(raise_request_exception=False)
        http[persona].force_login(user)
    _prepare(world, users)
    return world, http


def _html_routes() -> list[Route]:
    return [
        route
        for route in routes()
        if not route.is_api
        and not route.pattern.startswith("admin/")
        and route.name not in NOT_PAGES
        and route.name not in REDIRECTS
        and route.name not in NOT_HTML
    ]


def test_every_page_has_a_heading_a_title_and_the_navigation_of_its_role(clients):
    """Issue 6 "done when": a heading and a role navigation on every page (R-ACC-1)."""
    world, http = clients
    problems: list[str] = []
    walked = 0
    for route in _html_routes():
        persona = _persona(route.name)
        path = _path(route, world)
        where = f"GET {route.pattern} ({route.name}) as {persona}"
        if path is None:
            problems.append(f"{where}: add its path parameters to PARAMETER_MODELS in walk_support.py")
            continue
        response = http[persona].get(path)
        expected_status = STATUS.get(route.name, (200, ""))[0]
        if response.status_code != expected_status or "text/html" not in response.get("Content-Type", ""):
            answer = f"{response.status_code} {response.get('Content-Type')}"
            problems.append(f"{where}: {answer}, expected {expected_status} HTML")
            continue
        role = None if persona == "anonymous" else PERSONA_ROLE.get(persona, persona)
        problems.extend(f"{where}: {p}" for p in structure_problems(response.content.decode(), role))
        walked += 1
    assert walked > 75, walked
    assert not problems, "\n".join(problems)


def test_the_listed_urls_are_really_not_pages(clients):
    """The skip lists stay honest: each entry still exists and still is what its reason says."""
    world, http = clients
    by_name = {route.name: route for route in routes()}
    problems = [
        f"{name}: no such URL any more"
        for name in {**NOT_PAGES, **REDIRECTS, **NOT_HTML}
        if name not in by_name
    ]
    for name in NOT_PAGES:
        if name in by_name:
            status = http[_persona(name)].get(_path(by_name[name], world)).status_code
            if status != 405:
                problems.append(f"{name}: GET answers {status}; if it is a page now, take it off NOT_PAGES")
    for name in REDIRECTS:
        if name in by_name:
            status = http[_persona(name)].get(_path(by_name[name], world)).status_code
            if status != 302:
                problems.append(f"{name}: GET answers {status}, expected a redirect")
    assert not problems, "\n".join(problems)


def test_a_page_without_a_heading_fails():
    """The check is not vacuous: base.html's empty heading block, a missing title or nav are caught."""
    html = (
        '<html lang="en"><head><title> – Retentie</title></head><body>'
        '<ul id="navigation"><li><a href="/">Dashboard</a></li></ul>'
        "<main><h1 class='govuk-heading-l'></h1><p>Owner: None</p> {{ person }}</main></body></html>"
    )

    problems = structure_problems(html, Role.CASEWORKER)

    assert "an empty <h1>" in problems
    assert "no title of its own ('– Retentie')" in problems
    assert any(p.startswith("navigation ['/'] for a caseworker") for p in problems)
    assert "shows None for a missing value: ['Dashboard | Owner: None']" in problems
    assert "unrendered template syntax" in problems
    assert "2 <h1> headings, expected exactly one" in structure_problems(
        html.replace("<main>", "<h1>x</h1>"), None
    )
