"""R-CON-7 (GDPR art. 21): an objection leads to a new, recorded weighing, which decides it;
the objector may add their view (zienswijze) to the file. "Stop the processing" withdraws
the consent concerned or restricts the subject's data (GDPR art. 18)."""

import datetime as dt

import pytest
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from core.errors import DomainError, InvalidTransition, NotAllowed
from core.models import DomainEvent
from records.models import EntryKind, EntryNature, PersonRestriction
from subject_rights.models import (
    Decision,
    ObjectionOutcome,
    ObjectionWeighing,
    ProcessingBasis,
    RefusalGround,
    RequestStatus,
    RequestType,
    SourceKind,
)
from subject_rights.selectors.objections import objection_weighing_get_for_user
from subject_rights.selectors.scope import disclosure_scope
from subject_rights.services import subject_request_decide
from subject_rights.services.disclosure.letters import LETTER_TEMPLATE, letter_context
from subject_rights.services.objections import objection_view_attach
from tests.factories import grant
from tests.subject_rights.conftest import at
from tests.subject_rights.consent_support import both_parents
from tests.subject_rights.consent_support import record as consent_given
from tests.subject_rights.effects_factories import household
from tests.subject_rights.objection_factories import (
    COMPELLING,
    OBJECTOR_GROUNDS,
    PROCESSING,
    WEIGHED,
    by_representative,
    counts,
    objection,
    weigh,
)
from tests.subject_rights.support import request_in_progress

pytestmark = pytest.mark.django_db

VIEW = "I object because the municipality already has a worker for us; I want this on file."


# --- The weighing ---------------------------------------------------------------------------


def test_it_records_the_weighing_and_decides_the_objection_r_con_7(caseworker, adult):
    request = objection(caseworker, adult)

    weighing = weigh(caseworker, request)

    weighing.refresh_from_db()
    assert weighing.request == request
    assert weighing.processing == PROCESSING
    assert weighing.basis == ProcessingBasis.PUBLIC_TASK
    assert weighing.objector_grounds == OBJECTOR_GROUNDS
    assert weighing.compelling_grounds == COMPELLING
    assert weighing.outcome == ObjectionOutcome.CONTINUE
    assert weighing.weighed_by == caseworker
    assert weighing.weighed_at.date() == WEIGHED
    assert weighing.organisation == caseworker.organisation
    request.refresh_from_db()
    assert request.status == RequestStatus.DECIDED
    assert request.decision == Decision.REFUSE
    assert request.refusal_grounds == [RefusalGround.COMPELLING_GROUNDS]
    assert request.decided_by == caseworker
    event = DomainEvent.objects.get(verb="objection.weighed")
    assert event.legal_basis == "GDPR art. 21; R-CON-7"
    assert event.data["outcome"] == ObjectionOutcome.CONTINUE
    # Continuing changes nothing about the data.
    assert not PersonRestriction.objects.exists()


def test_deciding_an_objection_without_a_weighing_is_refused_r_con_7(caseworker, adult):
    request = objection(caseworker, adult)
    before = counts()

    with at(WEIGHED), pytest.raises(DomainError, match="R-CON-7") as refused:
        subject_request_decide(
            acting_user=caseworker, request=request, decision=Decision.GRANT, reasons="Upheld."
        )

    assert refused.value.field == "decision"
    assert "weighing" in refused.value.message
    assert counts() == before
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    assert request.decision == ""


@pytest.mark.parametrize("field", ["processing", "objector_grounds", "reasons"])
def test_a_weighing_without_its_parts_is_refused_and_saves_nothing_r_con_7(caseworker, adult, field):
    request = objection(caseworker, adult)
    before = counts()

    with pytest.raises(DomainError) as refused:
        weigh(caseworker, request, **{field: "   "})

    assert refused.value.field == field
    assert counts() == before


def test_continuing_needs_compelling_legitimate_grounds_gdpr_art_21(caseworker, adult):
    request = objection(caseworker, adult)
    before = counts()

    for outcome in (ObjectionOutcome.CONTINUE, ObjectionOutcome.PARTIAL):
        with pytest.raises(DomainError, match="art. 21") as refused:
            weigh(caseworker, request, compelling_grounds="", outcome=outcome)
        assert refused.value.field == "compelling_grounds"
    assert counts() == before


def test_a_second_weighing_of_the_same_objection_is_refused(caseworker, adult):
    request = objection(caseworker, adult)
    weigh(caseworker, request)
    before = counts()

    with pytest.raises(InvalidTransition):
        weigh(caseworker, request, outcome=ObjectionOutcome.STOP, compelling_grounds="")

    assert counts() == before


def test_a_new_objection_gets_a_new_weighing_and_the_old_one_stays_r_con_7(caseworker, adult):
    first = weigh(caseworker, objection(caseworker, adult))
    later_request = objection(caseworker, adult)

    later = weigh(caseworker, later_request, outcome=ObjectionOutcome.PARTIAL, reasons="Only monthly now.")

    assert later.pk != first.pk
    first.refresh_from_db()
    assert first.outcome == ObjectionOutcome.CONTINUE
    assert ObjectionWeighing.objects.filter(request__subject=adult).count() == 2
    later_request.refresh_from_db()
    assert later_request.decision == Decision.PARTIAL


def test_only_an_objection_is_weighed(caseworker, adult):
    access = request_in_progress(caseworker, adult)
    before = counts()

    with pytest.raises(DomainError, match="R-CON-7"):
        weigh(caseworker, access)

    assert counts() == before


def test_the_uninvolved_colleague_cannot_weigh(colleague, caseworker, adult):
    request = objection(caseworker, adult)
    before = counts()

    with pytest.raises(NotAllowed):
        weigh(colleague, request)

    assert counts() == before


def test_continuing_against_a_representative_is_for_a_team_leader_r_dsr_8(
    caseworker, team_leader, child, adult
):
    request = by_representative(caseworker, child, adult)
    before = counts()

    # The weighing and the decision are one: the refused decision leaves no weighing behind.
    with pytest.raises(NotAllowed, match="R-DSR-8"):
        weigh(caseworker, request)
    assert counts() == before

    weighing = weigh(team_leader, request)
    request.refresh_from_db()
    assert weighing.weighed_by == team_leader
    assert request.representative_rights_limited


@pytest.mark.parametrize("persona", ["colleague", "outsider"])
def test_a_weighing_is_read_by_those_who_see_its_request_only(request, caseworker, dpo, adult, persona):
    weighing = weigh(caseworker, objection(caseworker, adult))

    assert objection_weighing_get_for_user(user=caseworker, pk=weighing.pk) == weighing
    assert objection_weighing_get_for_user(user=dpo, pk=weighing.pk) == weighing
    with pytest.raises(Http404):
        objection_weighing_get_for_user(user=request.getfixturevalue(persona), pk=weighing.pk)


# --- Stopping the processing ------------------------------------------------------------------


def test_stopping_restricts_the_subjects_data_gdpr_art_18(caseworker, adult):
    request = objection(caseworker, adult)

    weigh(caseworker, request, outcome=ObjectionOutcome.STOP, compelling_grounds="")

    request.refresh_from_db()
    assert request.decision == Decision.GRANT
    restriction = PersonRestriction.objects.get(person=adult)
    assert restriction.is_active
    assert restriction.request == request
    assert PROCESSING in restriction.reason
    assert DomainEvent.objects.filter(verb="person.restricted", legal_basis__contains="R-CON-7").exists()


def test_stopping_when_already_restricted_keeps_the_one_restriction(caseworker, adult):
    weigh(caseworker, objection(caseworker, adult), outcome=ObjectionOutcome.STOP, compelling_grounds="")

    weigh(caseworker, objection(caseworker, adult), outcome=ObjectionOutcome.STOP, compelling_grounds="")

    assert PersonRestriction.objects.filter(person=adult, lifted_at__isnull=True).count() == 1


@pytest.fixture
def pupil_consent(staff, family):
    both_parents(staff, family)
    return consent_given(staff, family.pupil, [family.mother, family.father])


def test_stopping_consent_based_processing_withdraws_the_consent_r_con_1(staff, family, pupil_consent):
    request = by_representative(staff, family.pupil, family.mother)

    weighing = weigh(
        staff,
        request,
        basis=ProcessingBasis.CONSENT,
        consent=pupil_consent,
        withdrawn_by=family.mother,
        compelling_grounds="",
        outcome=ObjectionOutcome.STOP,
        reasons="Consent-based sharing stops when the parents object.",
    )

    pupil_consent.refresh_from_db()
    assert weighing.consent == pupil_consent
    assert pupil_consent.withdrawn_on == WEIGHED
    assert pupil_consent.withdrawn_by == family.mother
    assert request.reference in pupil_consent.withdrawal_note
    # The consent stopping is the effect: the rest of the pupil's data is not restricted.
    assert not PersonRestriction.objects.filter(person=family.pupil).exists()


def test_consent_based_processing_cannot_be_continued_by_a_weighing(staff, family, pupil_consent):
    request = by_representative(staff, family.pupil, family.mother)
    before = counts()

    with pytest.raises(DomainError, match="art. 7") as refused:
        weigh(
            staff, request, basis=ProcessingBasis.CONSENT, consent=pupil_consent, withdrawn_by=family.mother
        )

    assert refused.value.field == "outcome"
    assert counts() == before
    pupil_consent.refresh_from_db()
    assert pupil_consent.withdrawn_on is None


def test_a_consent_of_someone_else_is_refused(staff, family, pupil_consent):
    request = objection(staff, family.mother)
    before = counts()

    with pytest.raises(DomainError) as refused:
        weigh(
            staff,
            request,
            basis=ProcessingBasis.CONSENT,
            consent=pupil_consent,
            withdrawn_by=family.mother,
            compelling_grounds="",
            outcome=ObjectionOutcome.STOP,
        )

    assert refused.value.field == "consent"
    assert counts() == before


# --- The objector's view (zienswijze) --------------------------------------------------------


def test_the_objectors_view_is_an_entry_about_the_subject_only_r_con_7(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    request = objection(caseworker, adult)

    entry = objection_view_attach(acting_user=caseworker, request=request, member=house.me, body=VIEW)

    assert entry.kind == EntryKind.OWN_STATEMENT
    assert entry.nature == EntryNature.OPINION
    assert entry.body == VIEW
    assert list(entry.concerns.all()) == [house.me]
    assert entry.subject_request == request
    assert entry.dossier == house.dossier


def test_the_view_shows_in_a_later_disclosure_to_the_subject_only(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    entry = objection_view_attach(
        acting_user=caseworker, request=objection(caseworker, adult), member=house.me, body=VIEW
    )

    own_access = request_in_progress(caseworker, adult)
    partner = house.partner.person
    partner.date_of_birth = dt.date(1984, 2, 14)  # an adult: acts alone (R-DSR-7)
    partner.save(update_fields=["date_of_birth"])
    partners_access = request_in_progress(caseworker, partner)

    shown = disclosure_scope(request=own_access).item(SourceKind.ENTRY, entry.pk)
    assert shown is not None
    assert VIEW in shown.fields.values()
    assert disclosure_scope(request=partners_access).item(SourceKind.ENTRY, entry.pk) is None


def test_the_view_is_added_even_after_the_processing_was_restricted(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    request = objection(caseworker, adult)
    weigh(caseworker, request, outcome=ObjectionOutcome.STOP, compelling_grounds="")

    entry = objection_view_attach(acting_user=caseworker, request=request, member=house.me, body=VIEW)

    assert entry.pk is not None


def test_a_view_needs_text_and_the_subjects_own_dossier(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    request = objection(caseworker, adult)
    before = counts()

    with pytest.raises(DomainError) as empty:
        objection_view_attach(acting_user=caseworker, request=request, member=house.me, body=" ")
    with pytest.raises(DomainError) as elsewhere:
        objection_view_attach(acting_user=caseworker, request=request, member=house.partner, body=VIEW)

    assert empty.value.field == "body"
    assert elsewhere.value.field == "member"
    assert counts() == before


# --- The answer --------------------------------------------------------------------------------


def test_the_response_letter_gives_the_weighing(caseworker, adult):
    request = objection(caseworker, adult)
    weigh(caseworker, request)
    request.refresh_from_db()

    context = letter_context(request)
    html = render_to_string(LETTER_TEMPLATE, context)

    assert context["weighing"].request == request
    assert "How we weighed your objection" in html
    assert escape(PROCESSING) in html
    assert escape(COMPELLING) in html


# --- The pages ---------------------------------------------------------------------------------


def _weigh_form(**overrides):
    data = {
        "processing": PROCESSING,
        "basis": ProcessingBasis.LEGITIMATE_INTERESTS,
        "consent": "",
        "withdrawn_by": "",
        "objector_grounds": OBJECTOR_GROUNDS,
        "compelling_grounds": "",
        "outcome": ObjectionOutcome.STOP,
        "reasons": "No grounds of ours outweigh the objection.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def filed(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    grant(caseworker, house.dossier)
    return house, objection(caseworker, adult)


def test_the_handler_weighs_the_objection_on_its_page(client, caseworker, filed, adult):
    _, request = filed
    client.force_login(caseworker)
    detail = reverse("subject_rights:request_detail", args=[request.pk])
    page = reverse("subject_rights:objection_weigh", args=[request.pk])

    before = client.get(detail)
    assert page in before.content.decode()
    assert client.get(page).status_code == 200

    with at(WEIGHED):
        response = client.post(page, _weigh_form())
        after = client.get(detail).content.decode()

    assert response.status_code == 302
    weighing = ObjectionWeighing.objects.get(request=request)
    assert weighing.outcome == ObjectionOutcome.STOP
    assert PersonRestriction.objects.filter(person=adult, lifted_at__isnull=True).exists()
    assert "Weighing the objection" in after
    assert "No grounds of ours outweigh the objection." in after
    assert page not in after


def test_the_weighing_page_without_grounds_shows_errors_and_saves_nothing(client, caseworker, filed):
    _, request = filed
    client.force_login(caseworker)
    before = counts()

    response = client.post(
        reverse("subject_rights:objection_weigh", args=[request.pk]),
        _weigh_form(objector_grounds="", outcome=ObjectionOutcome.CONTINUE),
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Record the objector" in body
    assert counts() == before


def test_the_service_refusal_shows_on_the_weighing_form(client, caseworker, filed):
    _, request = filed
    client.force_login(caseworker)
    before = counts()

    response = client.post(
        reverse("subject_rights:objection_weigh", args=[request.pk]),
        _weigh_form(outcome=ObjectionOutcome.CONTINUE),
    )

    assert response.status_code == 200
    assert "art. 21(1)" in response.content.decode()
    assert counts() == before


def test_the_handler_adds_the_objectors_view(client, caseworker, filed):
    house, request = filed
    client.force_login(caseworker)
    page = reverse("subject_rights:objection_view", args=[request.pk])

    assert client.get(page).status_code == 200
    response = client.post(page, {"member": house.me.pk, "body": VIEW})

    assert response.status_code == 302
    assert request.dossier_entries.get().body == VIEW


@pytest.mark.parametrize("persona", ["colleague", "outsider"])
def test_the_uninvolved_and_other_organisations_get_404(client, request, filed, persona):
    house, objection_request = filed
    client.force_login(request.getfixturevalue(persona))
    weigh_page = reverse("subject_rights:objection_weigh", args=[objection_request.pk])
    view_page = reverse("subject_rights:objection_view", args=[objection_request.pk])
    before = counts()

    assert client.get(weigh_page).status_code == 404
    assert client.post(weigh_page, _weigh_form()).status_code == 404
    assert client.get(view_page).status_code == 404
    assert client.post(view_page, {"member": house.me.pk, "body": VIEW}).status_code == 404
    assert counts() == before


def test_the_pages_are_for_objections_only(client, caseworker, adult):
    access = request_in_progress(caseworker, adult, request_type=RequestType.ACCESS)
    client.force_login(caseworker)

    assert client.get(reverse("subject_rights:objection_weigh", args=[access.pk])).status_code == 404
