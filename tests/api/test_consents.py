"""Consents through the API (R-CON-1..6): record with signatories (a caseworker's session),
withdraw, read, list, and "may this data be shared?"; client personas and bad input.

Who sees a consent (R-ACC-5, ``subject_rights.selectors.screens.consents_visible_to``, the
same rule as the consent register pages): a caseworker involved with the person or who
recorded it; not an uninvolved colleague, nobody of another organisation, and an API client
only the consents it recorded itself."""

import base64
import datetime as dt

import pytest
from rest_framework.test import APIClient

from access_control.models import Role
from api.scopes import Scope
from core.models import AccessLogEntry, AccessObject
from subject_rights.models import Consent, RelationKind
from subject_rights.services import legal_relation_record
from tests.api.conftest import ids, problem
from tests.factories import PersonFactory, UserFactory
from tests.subject_rights.conftest import at
from tests.subject_rights.screen_factories import ConsentFactory, involve

pytestmark = pytest.mark.django_db

URL = "/api/v1/consents/"
CHECK = f"{URL}check/"
GIVEN_ON = dt.date(2026, 3, 2)


@pytest.fixture
def caseworker(org):
    return UserFactory(organisation=org, role=Role.CASEWORKER)


@pytest.fixture
def session(caseworker):
    http = APIClient()
    http.force_login(caseworker)
    return http


@pytest.fixture
def family(org, caseworker):
    """A pupil of 9 with two parents who both hold parental authority (R-CON-2); the
    caseworker is involved with the family (a dossier granted to them, R-ACC-5)."""
    pupil = PersonFactory(organisation=org, given_names="Sam", date_of_birth=dt.date(2016, 5, 10))
    mother = PersonFactory(organisation=org, given_names="Anna", date_of_birth=dt.date(1985, 1, 1))
    father = PersonFactory(organisation=org, given_names="Piet", date_of_birth=dt.date(1984, 1, 1))
    involve(caseworker, pupil, mother, father)
    for parent in (mother, father):
        legal_relation_record(
            acting_user=caseworker,
            adult=parent,
            child=pupil,
            kind=RelationKind.PARENT,
            has_parental_authority=True,
        )
    return pupil, mother, father


def body(pupil, given_by, /, **overrides) -> dict:
    return {
        "subject": pupil.pk,
        "data_description": "School report 2025-2026, reading test results",
        "purpose": "Application for extra reading support",
        "direction": "share",
        "counterparty": "Ondersteuningsteam SWV Peelland",
        "counterparty_kind": "other",
        "why_necessary": "The support team assesses the application on these results.",
        "given_by": [person.pk for person in given_by],
        "form": "oral",
        "given_on": GIVEN_ON.isoformat(),
        **overrides,
    }


def record(session, pupil, given_by, **overrides):
    with at(GIVEN_ON):
        response = session.post(URL, body(pupil, given_by, **overrides), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_a_caseworker_records_a_consent_both_parents_gave(session, family):
    pupil, mother, father = family

    created = record(session, pupil, [mother, father])

    assert [s["person"]["id"] for s in created["signatories"]] == [mother.pk, father.pk]
    assert {s["capacity"] for s in created["signatories"]} == {"parent"}
    assert created["holds_today"] is False or created["holds_today"] is True  # today is real time


def test_it_refuses_a_consent_one_parent_gave_alone(session, family):
    """R-CON-2: when both parents hold authority, both must consent."""
    pupil, mother, _father = family

    with at(GIVEN_ON):
        response = session.post(URL, body(pupil, [mother]), format="json")

    assert "given_by" in problem(response, 400)["errors"]
    assert Consent.objects.count() == 0


def test_it_records_a_written_consent_with_its_document(session, family):
    pupil, mother, father = family
    document = {"name": "signed.pdf", "content_base64": base64.b64encode(b"%PDF-1.4 signed").decode()}

    created = record(
        session, pupil, [mother, father], form="written", contains_health_data=True, document=document
    )

    assert created["has_document"] is True
    assert Consent.objects.get().document.read() == b"%PDF-1.4 signed"


def test_it_refuses_an_oral_consent_for_health_data(session, family):
    pupil, mother, father = family

    with at(GIVEN_ON):
        response = session.post(URL, body(pupil, [mother, father], contains_health_data=True), format="json")

    assert "form" in problem(response, 400)["errors"]


QUESTION = {
    "data": "reading test results",
    "recipient": "Ondersteuningsteam SWV Peelland",
    "purpose": "Application for extra reading support",
    "on": "2026-03-10",
}


def test_it_answers_whether_data_may_be_shared_with_the_deciding_consent(session, family, owner):
    pupil, mother, father = family
    consent = record(session, pupil, [mother, father])
    question = {"subject": pupil.pk, **QUESTION}

    with at(GIVEN_ON):  # the session was last active on the day the consent was recorded
        yes = session.get(CHECK, question)
        other_purpose = session.get(CHECK, {**question, "purpose": "Newsletter"})
    client_yes = owner.get(CHECK, question)

    assert yes.status_code == 200, yes.content
    assert yes.json()["allowed"] is True and yes.json()["consent"]["id"] == consent["id"]
    assert other_purpose.json()["allowed"] is False and other_purpose.json()["consent"] is None
    # An API client learns the answer, not the details of a consent it did not record (R-ACC-5).
    assert client_yes.json()["allowed"] is True and client_yes.json()["consent"] is None
    assert AccessLogEntry.objects.filter(object_kind=AccessObject.PERSON, object_id=pupil.pk).exists()


def test_an_uninvolved_colleague_cannot_ask_about_or_record_for_the_pupil(org, family):
    """R-ACC-5: the subject must be a person the caseworker may open the register for."""
    pupil, mother, father = family
    colleague = APIClient()
    colleague.force_login(UserFactory(organisation=org, role=Role.CASEWORKER))

    asked = colleague.get(CHECK, {"subject": pupil.pk, **QUESTION})
    with at(GIVEN_ON):
        recorded = colleague.post(URL, body(pupil, [mother, father]), format="json")

    assert "subject" in problem(asked, 400)["errors"]
    assert "subject" in problem(recorded, 400)["errors"]
    assert Consent.objects.count() == 0


def test_a_caseworker_cannot_name_a_stranger_as_signatory(session, family, org):
    """R-ACC-5: the refusal of a wrong signatory names them, so a person signed in may name
    only the subject and the adults related to them (as the web form offers), never someone
    they may not see. Nothing is saved and no name comes back."""
    pupil, mother, father = family
    stranger = PersonFactory(organisation=org, given_names="Hidde", family_name="Verborgen")

    with at(GIVEN_ON):
        response = session.post(URL, body(pupil, [mother, father, stranger]), format="json")

    assert "given_by" in problem(response, 400)["errors"]
    assert b"Verborgen" not in response.content and b"Hidde" not in response.content
    assert Consent.objects.count() == 0


def test_a_caseworker_cannot_name_a_stranger_as_withdrawing(session, caseworker, family, org):
    pupil, mother, father = family
    consent = record(session, pupil, [mother, father])
    stranger = PersonFactory(organisation=org, given_names="Hidde", family_name="Verborgen")

    with at(dt.date(2026, 4, 1)):
        session.force_login(caseworker)  # the session timed out over the month
        response = session.post(
            f"{URL}{consent['id']}/withdraw/", {"withdrawn_by": stranger.pk}, format="json"
        )

    assert "withdrawn_by" in problem(response, 400)["errors"]
    assert b"Verborgen" not in response.content and b"Hidde" not in response.content
    assert Consent.objects.get().withdrawn_on is None


def test_a_withdrawn_consent_answers_no_and_names_itself(session, family):
    pupil, mother, father = family
    consent = record(session, pupil, [mother, father])

    with at(dt.date(2026, 4, 1)):
        # A colleague who is involved with the pupil too, not the one who recorded it.
        colleague = UserFactory(organisation=pupil.organisation, role=Role.CASEWORKER)
        involve(colleague, pupil)
        session.force_login(colleague)
        withdrawn = session.post(
            f"{URL}{consent['id']}/withdraw/",
            {"withdrawn_by": father.pk, "note": "By letter."},
            format="json",
        )
        answer = session.get(
            CHECK,
            {
                "subject": pupil.pk,
                "data": "reading test results",
                "recipient": "Ondersteuningsteam SWV Peelland",
                "purpose": "Application for extra reading support",
            },
        )

    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["withdrawn_on"] == "2026-04-01"
    assert answer.json()["allowed"] is False and answer.json()["consent"]["id"] == consent["id"]
    assert "withdrawn" in answer.json()["reason"]


def test_it_lists_and_reads_consents_for_the_organisation_only(session, family, owner, foreign):
    pupil, mother, father = family
    consent = record(session, pupil, [mother, father])

    with at(GIVEN_ON):  # the session was last active on the day the consent was recorded
        assert ids(session.get(URL)) == [consent["id"]]
        assert ids(session.get(URL, {"subject": pupil.pk, "state": "active"})) == [consent["id"]]
        assert ids(session.get(URL, {"state": "withdrawn"})) == []
        assert session.get(f"{URL}{consent['id']}/").json()["purpose"].startswith("Application")
    assert ids(foreign.get(URL)) == []
    problem(foreign.get(f"{URL}{consent['id']}/"), 404)
    problem(foreign.post(f"{URL}{consent['id']}/withdraw/", {"withdrawn_by": father.pk}), 404)
    problem(foreign.get(CHECK, {"subject": pupil.pk, "data": "x", "recipient": "y", "purpose": "z"}), 400)


# --- Who sees which consent (R-ACC-5) ------------------------------------------------------


@pytest.fixture
def recorded_by_someone_else(org, family):
    """A consent for the pupil that another member of staff recorded."""
    pupil, mother, father = family
    return ConsentFactory(
        subject=pupil,
        recorded_by=UserFactory(organisation=org, role=Role.TEAM_LEADER),
        given_by=[mother, father],
    )


def _session_of(user) -> APIClient:
    http = APIClient()
    http.force_login(user)
    return http


def test_an_involved_caseworker_sees_consents_others_recorded(session, recorded_by_someone_else):
    consent = recorded_by_someone_else

    assert ids(session.get(URL)) == [consent.pk]
    assert session.get(f"{URL}{consent.pk}/").json()["id"] == consent.pk


def test_an_uninvolved_colleague_sees_no_consent_of_the_pupil(org, family, recorded_by_someone_else):
    consent = recorded_by_someone_else
    _pupil, _mother, father = family
    colleague = _session_of(UserFactory(organisation=org, role=Role.CASEWORKER))

    assert ids(colleague.get(URL)) == []
    problem(colleague.get(f"{URL}{consent.pk}/"), 404)
    with at(dt.date(2026, 4, 1)):
        withdrawn = colleague.post(f"{URL}{consent.pk}/withdraw/", {"withdrawn_by": father.pk}, format="json")
    problem(withdrawn, 404)
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_a_caseworker_of_another_organisation_sees_nothing(other_org, family, recorded_by_someone_else):
    consent = recorded_by_someone_else
    _pupil, _mother, father = family
    outsider = _session_of(UserFactory(organisation=other_org, role=Role.CASEWORKER))

    assert ids(outsider.get(URL)) == []
    problem(outsider.get(f"{URL}{consent.pk}/"), 404)
    problem(outsider.post(f"{URL}{consent.pk}/withdraw/", {"withdrawn_by": father.pk}, format="json"), 404)


def test_an_organisation_wide_reader_sees_every_consent(org, recorded_by_someone_else):
    """The matrix lets the DPO see the whole register (R-ACC-1), so every consent."""
    dpo = _session_of(UserFactory(organisation=org, role=Role.DPO))

    assert ids(dpo.get(URL)) == [recorded_by_someone_else.pk]


def test_an_api_client_sees_and_withdraws_only_the_consents_it_recorded(
    owner, family, recorded_by_someone_else
):
    pupil, mother, father = family
    with at(GIVEN_ON):
        own = owner.post(URL, body(pupil, [mother, father], purpose="Intake portal consent"))
    assert own.status_code == 201, own.content
    own_id = own.json()["id"]
    others = recorded_by_someone_else

    listed = ids(owner.get(URL))
    with at(dt.date(2026, 4, 1)):
        refused = owner.post(f"{URL}{others.pk}/withdraw/", {"withdrawn_by": father.pk})
        withdrawn = owner.post(f"{URL}{own_id}/withdraw/", {"withdrawn_by": mother.pk})

    assert listed == [own_id]
    problem(owner.get(f"{URL}{others.pk}/"), 404)
    problem(refused, 404)
    assert withdrawn.status_code == 200, withdrawn.content
    others.refresh_from_db()
    assert others.withdrawn_on is None


def test_it_refuses_clients_without_the_scope(make_caller, org, session, family):
    pupil, mother, father = family
    consent = record(session, pupil, [mother, father])
    nothing = make_caller(org, [Scope.DSR_READ], name="dsr only")
    reader = make_caller(org, [Scope.CONSENT_READ], name="consent reader")

    problem(nothing.get(URL), 403)
    problem(nothing.get(f"{URL}{consent['id']}/"), 403)
    problem(nothing.get(CHECK, {"subject": pupil.pk, "data": "x", "recipient": "y", "purpose": "z"}), 403)
    with at(GIVEN_ON):
        problem(reader.post(URL, body(pupil, [mother, father])), 403)


def test_an_api_client_records_a_consent_it_collected(owner, family):
    """subject_rights.roles: an intake portal records the consents the parents gave there (R-CON-2)."""
    pupil, mother, father = family

    with at(GIVEN_ON):
        response = owner.post(URL, body(pupil, [mother, father]))

    assert response.status_code == 201, response.content
    assert Consent.objects.count() == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"data_description": "all data"},
        {"direction": "sideways"},
        {"given_by": []},
        {"given_by": [999999]},
        {"given_on": "yesterday"},
        {"document": {"name": "x.pdf", "content_base64": "***"}},
        {"unknown": 1},
    ],
)
def test_it_answers_bad_input_with_field_errors(session, family, bad):
    pupil, mother, father = family

    with at(GIVEN_ON):
        response = session.post(URL, body(pupil, [mother, father], **bad), format="json")

    assert problem(response, 400)["errors"]
    assert Consent.objects.count() == 0


def test_it_answers_a_bad_question_with_field_errors(owner, family):
    pupil, _mother, _father = family

    errors = problem(owner.get(CHECK, {"subject": pupil.pk, "on": "someday", "direction": "up"}), 400)[
        "errors"
    ]

    assert {"data", "recipient", "purpose", "on", "direction"} <= set(errors)
