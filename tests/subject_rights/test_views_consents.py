"""The consent register pages: a subject's consents, recording one with the computed
signatories (R-CON-1..6), withdrawing (effective at once), "may this be shared?", and the
legal relations that decide who consents (R-CON-2, R-CON-3). Personas: the staff member
involved with the pupil may; an uninvolved colleague and an outsider get 404 (R-ACC-5)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access_control.models import Role
from core.models import AccessKind, AccessLogEntry, AccessObject
from records.models import DossierMember, Person
from subject_rights.models import Consent, LegalRelation, RelationKind
from tests.factories import RecordFactory, RecordSubjectFactory, UserFactory, grant
from tests.subject_rights.conftest import at, row_counts
from tests.subject_rights.consent_support import GIVEN_ON, both_parents, relate
from tests.subject_rights.screen_factories import ConsentFactory, involve, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def pupil_of(staff, family):
    """The staff member is involved with the pupil and the family (R-ACC-5)."""
    involve(staff, family.pupil, family.mother, family.father, family.guardian, family.foster, family.ots)
    return family.pupil


@pytest.fixture
def partner_colleague(partnership):
    return UserFactory(organisation=partnership, role=Role.CASEWORKER)


def _url(name: str, **kwargs) -> str:
    return reverse(f"subject_rights:{name}", kwargs=kwargs)


def _get(client, user, url, params=None, day=GIVEN_ON):
    client.force_login(user)
    with at(day):
        return client.get(url, params or {})


def _post(client, user, url, data, day=GIVEN_ON):
    client.force_login(user)
    with at(day):
        return client.post(url, data)


def _consent(given_by, **values) -> dict:
    data = {
        "data_description": "School report 2025-2026, reading test results",
        "purpose": "Application for extra reading support",
        "direction": "share",
        "counterparty": "Ondersteuningsteam SWV Peelland",
        "counterparty_kind": "other",
        "why_necessary": "The support team assesses the application on these results.",
        "given_on": GIVEN_ON.isoformat(),
        "given_by": [person.pk for person in given_by],
        "form": "oral",
    }
    data.update(values)
    return data


# --- The register -------------------------------------------------------------------------


def test_it_shows_valid_expired_and_withdrawn_consents_and_the_parents(client, staff, family, pupil_of):
    both_parents(staff, family)
    ConsentFactory(subject=pupil_of, purpose="Valid purpose", given_by=[family.mother, family.father])
    ConsentFactory(
        subject=pupil_of, purpose="Old purpose", valid_until=dt.date(2026, 2, 1), given_on=dt.date(2025, 9, 1)
    )
    ConsentFactory(subject=pupil_of, purpose="Withdrawn purpose", withdrawn_on=dt.date(2026, 2, 20))

    response = _get(client, staff, _url("consent_register", person_pk=pupil_of.pk))

    text = page_text(response)
    states = {consent.purpose: state for consent, state, _label in response.context["rows"]}
    assert states == {"Valid purpose": "valid", "Old purpose": "expired", "Withdrawn purpose": "withdrawn"}
    for phrase in ("Valid", "Expired", "Withdrawn", "Anna Bakker", "Joris Bakker", "Parent"):
        assert phrase in text
    # Who must consent today: both parents with authority (R-CON-2).
    required = {s.name for s in response.context["preview"].requirement.required}
    assert required == {"Anna Bakker", "Joris Bakker"}


def test_it_refuses_the_register_to_an_uninvolved_colleague_and_an_outsider(
    client, partner_colleague, outsider, pupil_of
):
    for user in (partner_colleague, outsider):
        assert _get(client, user, _url("consent_register", person_pk=pupil_of.pk)).status_code == 404
        assert _get(client, user, _url("consent_create", person_pk=pupil_of.pk)).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_it_logs_the_register_as_a_read_of_the_person_r_acc_4(client, staff, pupil_of):
    _get(client, staff, _url("consent_register", person_pk=pupil_of.pk))

    entry = AccessLogEntry.objects.get()
    assert (entry.object_kind, entry.object_id, entry.access) == (
        AccessObject.PERSON,
        pupil_of.pk,
        AccessKind.OPENED,
    )


def test_it_finds_people_on_the_index_by_name(client, staff, pupil_of, partner_colleague):
    found = _get(client, staff, _url("consent_index"), {"q": "noor"})
    hidden = _get(client, partner_colleague, _url("consent_index"), {"q": "noor"})

    assert [p.pk for p in found.context["page"].object_list] == [pupil_of.pk]
    assert list(hidden.context["page"].object_list) == []


def test_it_lets_the_dpo_read_but_refuses_an_auditor(client, partnership, pupil_of):
    dpo = UserFactory(organisation=partnership, role=Role.DPO)
    auditor = UserFactory(organisation=partnership, role=Role.AUDITOR)

    assert _get(client, dpo, _url("consent_register", person_pk=pupil_of.pk)).status_code == 200
    assert _get(client, auditor, _url("consent_register", person_pk=pupil_of.pk)).status_code == 403


# --- Recording ----------------------------------------------------------------------------


def test_it_records_a_consent_given_by_both_parents_r_con_2(client, staff, family, pupil_of):
    both_parents(staff, family)

    response = _post(
        client, staff, _url("consent_create", person_pk=pupil_of.pk), _consent([family.mother, family.father])
    )

    consent = Consent.objects.get()
    assert response.status_code == 302
    assert {s.person for s in consent.signatories.all()} == {family.mother, family.father}


def test_it_refuses_one_parent_when_both_hold_authority_with_the_reason_r_con_2(
    client, staff, family, pupil_of
):
    both_parents(staff, family)
    before = row_counts()

    response = _post(client, staff, _url("consent_create", person_pk=pupil_of.pk), _consent([family.mother]))

    assert "both must consent, even one who has had no contact for years" in page_text(response)
    assert response.context["form"].errors["given_by"]
    assert row_counts() == before


def test_it_refuses_a_foster_parent_and_an_ots_guardian_r_con_3(client, staff, family, pupil_of):
    both_parents(staff, family)
    relate(staff, family.foster, family.pupil, RelationKind.FOSTER_PARENT)
    relate(staff, family.ots, family.pupil, RelationKind.FAMILY_GUARDIAN_OTS)
    before = row_counts()

    response = _post(
        client,
        staff,
        _url("consent_create", person_pk=pupil_of.pk),
        _consent([family.mother, family.father, family.foster, family.ots]),
    )

    text = page_text(response)
    assert "Mila Bakker is a foster parent without parental authority" in text
    assert "Kees Bakker is a family guardian under a supervision order (OTS)" in text
    assert row_counts() == before


def test_it_shows_the_required_signatories_before_saving(client, staff, family, pupil_of):
    both_parents(staff, family)

    form_page = _get(client, staff, _url("consent_create", person_pk=pupil_of.pk))
    preview = _post(
        client, staff, _url("consent_signatories", person_pk=pupil_of.pk), {"given_on": GIVEN_ON.isoformat()}
    )

    for response in (form_page, preview):
        text = page_text(response)
        assert "Who must consent" in text
        assert "Anna Bakker" in text and "Joris Bakker" in text
        assert "parent with parental authority" in text


@pytest.mark.parametrize(
    ("age", "pupil_signs", "parents_sign"),
    [(11, False, True), (12, True, True), (15, True, True), (16, True, False)],
)
def test_it_computes_the_signatories_from_the_age_on_the_day_given(
    client, staff, family, pupil_of, age, pupil_signs, parents_sign
):
    """R-CON-2: the 12th and 16th birthdays themselves move the pupil into the next band."""
    pupil_of.date_of_birth = dt.date(GIVEN_ON.year - age, GIVEN_ON.month, GIVEN_ON.day)
    pupil_of.save()
    both_parents(staff, family)

    preview = _post(
        client, staff, _url("consent_signatories", person_pk=pupil_of.pk), {"given_on": GIVEN_ON.isoformat()}
    )
    required = {s.person_id for s in preview.context["preview"].requirement.required}

    assert (pupil_of.pk in required) is pupil_signs
    assert ({family.mother.pk, family.father.pk} <= required) is parents_sign


def test_it_refuses_a_blanket_consent_r_con_1(client, staff, family, pupil_of):
    both_parents(staff, family)

    response = _post(
        client,
        staff,
        _url("consent_create", person_pk=pupil_of.pk),
        _consent([family.mother, family.father], data_description="all data"),
    )

    assert "A blanket consent is not valid" in page_text(response)
    assert not Consent.objects.exists()


def test_it_needs_written_consent_with_a_document_to_publish_a_photo_r_con_5(client, staff, family, pupil_of):
    both_parents(staff, family)
    url = _url("consent_create", person_pk=pupil_of.pk)
    media = {
        "data_description": "Class photo, spring 2026",
        "purpose": "School website news item",
        "counterparty": "School website",
        "counterparty_kind": "publication",
        "media_publication": "on",
    }

    oral = _post(client, staff, url, _consent([family.mother, family.father], **media))
    assert (
        "Publishing a pupil's photo or video needs written consent (R-CON-5)."
        in oral.content.decode().replace("&#x27;", "'")
    )
    assert not Consent.objects.exists()

    client.force_login(staff)
    with at(GIVEN_ON):
        written = client.post(
            url,
            {
                **_consent([family.mother, family.father], **media, form="written"),
                "document": SimpleUploadedFile("signed.pdf", b"%PDF-1.4 signed"),
            },
        )
    assert written.status_code == 302
    assert Consent.objects.get().media_publication


def test_it_refuses_a_bsn_with_the_school_partnership_r_con_6(client, staff, family, pupil_of):
    both_parents(staff, family)

    form_page = _get(client, staff, _url("consent_create", person_pk=pupil_of.pk))
    response = _post(
        client,
        staff,
        _url("consent_create", person_pk=pupil_of.pk),
        _consent([family.mother, family.father], data_description="Name, BSN 111222333"),
    )

    assert "citizen service number (BSN)" in page_text(form_page)
    assert response.context["form"].errors["data_description"]
    assert not Consent.objects.exists()


def test_it_refuses_recording_to_the_records_unit(client, partnership, family, pupil_of):
    officer = UserFactory(organisation=partnership, role=Role.RECORDS_OFFICER)

    assert _get(client, officer, _url("consent_register", person_pk=pupil_of.pk)).status_code == 200
    response = _post(
        client, officer, _url("consent_create", person_pk=pupil_of.pk), _consent([family.mother])
    )

    assert response.status_code == 403
    assert not Consent.objects.exists()


# --- Withdrawal and "may this be shared?" -------------------------------------------------


def test_withdrawal_takes_effect_at_once_and_the_check_then_says_no(client, staff, family, pupil_of):
    both_parents(staff, family)
    consent = ConsentFactory(subject=pupil_of, given_by=[family.mother, family.father])
    check = {
        "subject": pupil_of.pk,
        "direction": "share",
        "data": "School report 2025-2026",
        "counterparty": "Ondersteuningsteam SWV Peelland",
        "purpose": "Application for extra reading support",
        "on": "2026-03-10",
    }
    day = dt.date(2026, 3, 10)

    before = _get(client, staff, _url("consent_check"), check, day=day)
    assert before.context["answer"].allowed
    assert before.context["answer"].consent == consent
    assert "Yes" in page_text(before)

    response = _post(
        client, staff, _url("consent_withdraw", pk=consent.pk), {"withdrawn_by": family.father.pk}, day=day
    )
    consent.refresh_from_db()
    assert response.status_code == 302
    assert (consent.withdrawn_on, consent.withdrawn_by) == (day, family.father)

    after = _get(client, staff, _url("consent_check"), check, day=day)
    assert not after.context["answer"].allowed
    assert "The consent was withdrawn on 10-03-2026." in page_text(after)


def test_it_answers_no_without_a_specific_consent_r_con_1(client, staff, pupil_of):
    response = _get(
        client,
        staff,
        _url("consent_check"),
        {
            "subject": pupil_of.pk,
            "direction": "share",
            "data": "Everything",
            "counterparty": "GGD",
            "purpose": "Research",
            "on": "2026-03-02",
        },
    )

    assert not response.context["answer"].allowed
    assert "No consent is recorded for this data" in page_text(response)
    assert AccessLogEntry.objects.filter(object_id=pupil_of.pk, object_kind=AccessObject.PERSON).exists()


def test_the_check_does_not_offer_people_the_user_may_not_see(client, partner_colleague, pupil_of):
    response = _get(
        client,
        partner_colleague,
        _url("consent_check"),
        {
            "subject": pupil_of.pk,
            "direction": "share",
            "data": "x",
            "counterparty": "y",
            "purpose": "z",
            "on": "2026-03-02",
        },
    )

    assert response.context["answer"] is None
    assert response.context["form"].errors["subject"]


def test_it_refuses_a_withdrawal_by_someone_who_may_not_and_to_outsiders(
    client, staff, family, pupil_of, outsider
):
    both_parents(staff, family)
    relate(staff, family.foster, family.pupil, RelationKind.FOSTER_PARENT)
    consent = ConsentFactory(subject=pupil_of, given_by=[family.mother, family.father])

    refused = _post(
        client, staff, _url("consent_withdraw", pk=consent.pk), {"withdrawn_by": family.foster.pk}
    )
    hidden = _post(
        client, outsider, _url("consent_withdraw", pk=consent.pk), {"withdrawn_by": family.mother.pk}
    )

    consent.refresh_from_db()
    assert "cannot withdraw it" in page_text(refused)
    assert hidden.status_code == 404
    assert consent.withdrawn_on is None


# --- Legal relations (R-CON-2, R-CON-3) ---------------------------------------------------


def test_it_records_a_parent_with_authority_and_a_new_guardian(client, staff, family, pupil_of):
    url = _url("relation_create", person_pk=pupil_of.pk)

    parent = _post(
        client, staff, url, {"role": "parent", "person": family.mother.pk, "has_parental_authority": "yes"}
    )
    guardian = _post(client, staff, url, {"role": "guardian", "given_names": "Wim", "family_name": "Voogd"})

    assert parent.status_code == guardian.status_code == 302
    relations = {(r.adult.full_name, r.kind, r.has_parental_authority) for r in LegalRelation.objects.all()}
    assert relations == {("Anna Bakker", "parent", True), ("Wim Voogd", "guardian", True)}


def test_it_refuses_authority_for_an_ots_guardian_and_keeps_no_new_person(client, staff, pupil_of):
    people = Person.objects.count()

    response = _post(
        client,
        staff,
        _url("relation_create", person_pk=pupil_of.pk),
        {
            "role": "family_guardian_ots",
            "given_names": "Kees",
            "family_name": "Jeugdzorg",
            "has_parental_authority": "yes",
        },
    )

    assert "has no parental authority; the parents keep it (R-CON-3)" in page_text(response)
    assert (Person.objects.count(), LegalRelation.objects.count()) == (people, 0)


def test_it_ends_a_relation_and_keeps_it_as_history(client, staff, family, pupil_of, partner_colleague):
    relation = relate(staff, family.mother, family.pupil, RelationKind.PARENT, True)
    url = _url("relation_end", pk=relation.pk)

    assert (
        _post(client, partner_colleague, url, {"ended_on": "2026-03-01", "reason": "Court"}).status_code
        == 404
    )
    missing = _post(client, staff, url, {"ended_on": "2026-03-01"})
    done = _post(
        client, staff, url, {"ended_on": "2026-03-01", "reason": "Authority transferred by the court."}
    )

    relation.refresh_from_db()
    assert missing.context["form"].errors["reason"]
    assert done.status_code == 302
    assert relation.ended_on == dt.date(2026, 3, 1)
    register = page_text(_get(client, staff, _url("consent_register", person_pk=pupil_of.pk)))
    assert "Ended 1 Mar 2026" in register


# --- Links from the dossier page ----------------------------------------------------------


def test_the_dossier_and_record_pages_link_each_person_to_requests_and_consents(client, staff, pupil_of):
    dossier = DossierMember.objects.filter(person=pupil_of).get().dossier
    record = RecordSubjectFactory(
        record=RecordFactory(organisation=pupil_of.organisation), person=pupil_of
    ).record
    grant(staff, record)

    for url in (
        reverse("dossiers:detail", kwargs={"pk": dossier.pk}),
        reverse("records:detail", kwargs={"pk": record.pk}),
    ):
        content = _get(client, staff, url).content.decode()
        assert _url("consent_register", person_pk=pupil_of.pk) in content
        assert f"{reverse('subject_rights:request_list')}?person={pupil_of.pk}" in content


def test_it_reads_the_register_without_a_query_per_consent(client, staff, family, pupil_of):
    both_parents(staff, family)
    url = _url("consent_register", person_pk=pupil_of.pk)
    ConsentFactory(subject=pupil_of, given_by=[family.mother, family.father])
    _get(client, staff, url)  # warm the session

    with CaptureQueriesContext(connection) as one:
        _get(client, staff, url)
    for _ in range(3):
        ConsentFactory(subject=pupil_of, given_by=[family.mother, family.father])
    with CaptureQueriesContext(connection) as four:
        _get(client, staff, url)

    assert len(four.captured_queries) == len(one.captured_queries)


def test_the_signed_document_is_downloaded_only_by_those_who_see_the_pupil(
    client, staff, family, pupil_of, partner_colleague
):
    both_parents(staff, family)
    client.force_login(staff)
    with at(GIVEN_ON):
        client.post(
            _url("consent_create", person_pk=pupil_of.pk),
            {
                **_consent([family.mother, family.father], form="written"),
                "document": SimpleUploadedFile("signed.pdf", b"%PDF-1.4 signed"),
            },
        )
    consent = Consent.objects.get()
    url = _url("consent_document", pk=consent.pk)

    download = _get(client, staff, url)
    assert b"".join(download.streaming_content) == b"%PDF-1.4 signed"
    assert _get(client, partner_colleague, url).status_code == 404
    assert AccessLogEntry.objects.filter(access=AccessKind.DOWNLOADED, object_id=pupil_of.pk).exists()


# --- Who sees a consent (R-ACC-5): subject_rights.selectors.screens.consents_visible_to ------


def test_an_uninvolved_colleague_cannot_open_or_withdraw_a_consent(
    client, staff, family, pupil_of, partner_colleague
):
    both_parents(staff, family)
    consent = ConsentFactory(subject=pupil_of, given_by=[family.mother, family.father])
    url = _url("consent_withdraw", pk=consent.pk)

    opened = _get(client, partner_colleague, url)
    withdrawn = _post(client, partner_colleague, url, {"withdrawn_by": family.mother.pk})

    consent.refresh_from_db()
    assert (opened.status_code, withdrawn.status_code) == (404, 404)
    assert consent.withdrawn_on is None
    # The involved caseworker does open it.
    assert _get(client, staff, url).status_code == 200


def test_the_caseworker_who_recorded_a_consent_still_reaches_it(client, family, partner_colleague):
    """Not involved with the pupil (any more), but the one who recorded it: they see it."""
    consent = ConsentFactory(subject=family.pupil, recorded_by=partner_colleague, given_by=[family.pupil])

    assert _get(client, partner_colleague, _url("consent_withdraw", pk=consent.pk)).status_code == 200


def test_the_dpo_sees_every_consent_of_the_organisation(client, partnership, family):
    """The matrix lets the DPO see the whole register (R-ACC-1), so every consent too."""
    dpo = UserFactory(organisation=partnership, role=Role.DPO)
    consent = ConsentFactory(subject=family.pupil, given_by=[family.pupil])

    assert _get(client, dpo, _url("consent_withdraw", pk=consent.pk)).status_code == 200
