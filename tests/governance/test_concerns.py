"""Safeguarding concerns (R-SAF-1, R-ACC-5): logged by any staff, seen only by the DSL team
and by the reporter (their own), every read access-logged (R-ACC-4)."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from core.errors import DomainError, InvalidTransition, NotAllowed
from core.models import AccessLogEntry, AccessObject, DomainEvent
from governance import selectors
from governance.models import Concern, ConcernEntry, ConcernStatus
from governance.services.safeguarding import (
    concern_close,
    concern_entry_add,
    concern_report,
    dsl_designate,
    dsl_designation_end,
)
from records.models import IdentifierScheme, PersonIdentifier
from tests.factories import PersonFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def concern(reporter, pupil, dsl):
    return concern_report(
        acting_user=reporter, category="filtering_breach", summary="Blocked site reached.", pupils=[pupil]
    )


def test_it_logs_a_concern_routed_to_the_dsl_team(
    reporter, pupil, dsl, deputy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        concern = concern_report(
            acting_user=reporter, category="contact", summary="Adult messaging a pupil.", pupils=[pupil]
        )

    assert list(concern.pupils.all()) == [pupil]
    assert concern.record_class.code == "SCH-SAFEGUARDING"
    assert DomainEvent.objects.filter(
        verb="safeguarding.concern_reported", target_id=str(concern.pk)
    ).exists()
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([dsl.email, deputy.email])
    assert "Adult messaging" not in mail.outbox[0].body  # no details by mail


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"pupils": []}, "pupils"),
        ({"summary": "  "}, "summary"),
        ({"category": "gossip"}, "category"),
        ({"occurred_on": dt.date(2999, 1, 1)}, "occurred_on"),
    ],
)
def test_it_refuses_a_concern_without_what_it_needs(reporter, pupil, kwargs, field):
    arguments = {"category": "conduct", "summary": "Something happened.", "pupils": [pupil], **kwargs}

    with pytest.raises(DomainError) as refused:
        concern_report(acting_user=reporter, **arguments)

    assert refused.value.field == field
    assert Concern.objects.count() == 0
    assert not DomainEvent.objects.filter(verb__startswith="safeguarding.").exists()


def test_it_refuses_a_pupil_of_another_organisation(reporter, other_school):
    with pytest.raises(DomainError):
        concern_report(
            acting_user=reporter,
            category="conduct",
            summary="x",
            pupils=[PersonFactory(organisation=other_school)],
        )
    assert Concern.objects.count() == 0


def test_escalation_visibility_only_the_dsl_team_and_the_reporter(
    concern, dsl, deputy, reporter, colleague, dpo, outsider
):
    """Done-when: only the DSL team sees a concern; the reporter sees their own; an
    uninvolved colleague, the DPO and another organisation's DSL see nothing."""
    other = concern_report(
        acting_user=colleague, category="conduct", summary="Other.", pupils=list(concern.pupils.all())
    )

    assert set(selectors.concerns_visible_to(dsl)) == {concern, other}
    assert set(selectors.concerns_visible_to(deputy)) == {concern, other}
    assert list(selectors.concerns_visible_to(reporter)) == [concern]
    assert list(selectors.concerns_visible_to(colleague)) == [other]
    assert list(selectors.concerns_visible_to(dpo)) == []
    assert list(selectors.concerns_visible_to(outsider)) == []


def test_an_ended_designation_no_longer_sees_concerns(concern, dsl, administrator):
    designation = selectors.dsl_team(organisation_id=dsl.organisation_id).get(user=dsl)

    dsl_designation_end(acting_user=administrator, designation=designation)

    assert list(selectors.concerns_visible_to(dsl)) == []


def test_the_dsl_team_records_an_escalation_with_date_who_and_reference(concern, deputy):
    entry = concern_entry_add(
        acting_user=deputy,
        concern=concern,
        kind="escalation",
        text="Referred to the LADO.",
        agency="lado",
        agency_contact="J. Smith",
        agency_reference="LADO-2026-14",
        escalated_on=dt.date(2026, 1, 5),
    )

    assert (entry.agency, entry.agency_contact, entry.agency_reference) == (
        "lado",
        "J. Smith",
        "LADO-2026-14",
    )


def test_an_escalation_without_agency_date_or_contact_is_refused(concern, dsl):
    for missing, field in (
        ("agency", "agency"),
        ("escalated_on", "escalated_on"),
        ("agency_contact", "agency_contact"),
    ):
        arguments = {
            "kind": "escalation",
            "text": "Called the police.",
            "agency": "police",
            "agency_contact": "PC Jones",
            "escalated_on": dt.date(2026, 1, 5),
        }
        arguments[missing] = None if missing == "escalated_on" else ""
        with pytest.raises(DomainError) as refused:
            concern_entry_add(acting_user=dsl, concern=concern, **arguments)
        assert refused.value.field == field
    assert ConcernEntry.objects.count() == 0


def test_only_the_dsl_team_records_actions_and_closes(concern, reporter, colleague):
    for user in (reporter, colleague):
        with pytest.raises(NotAllowed):
            concern_entry_add(acting_user=user, concern=concern, kind="note", text="x")
        with pytest.raises(NotAllowed):
            concern_close(acting_user=user, concern=concern, outcome="x")
    assert ConcernEntry.objects.count() == 0


def test_a_closed_concern_takes_no_more_entries(concern, dsl):
    concern_close(acting_user=dsl, concern=concern, outcome="Parents informed; education session held.")

    with pytest.raises(InvalidTransition):
        concern_entry_add(acting_user=dsl, concern=concern, kind="note", text="Late note")
    with pytest.raises(InvalidTransition):
        concern_close(acting_user=dsl, concern=concern, outcome="again")
    assert Concern.objects.get().status == ConcernStatus.CLOSED


def test_only_an_administrator_designates_and_only_in_their_organisation(
    administrator, dpo, colleague, outsider
):
    with pytest.raises(NotAllowed):
        dsl_designate(acting_user=dpo, user=colleague, role="lead")
    with pytest.raises(DomainError):
        dsl_designate(acting_user=administrator, user=outsider, role="lead")
    dsl_designate(acting_user=administrator, user=colleague, role="deputy")
    with pytest.raises(DomainError):
        dsl_designate(acting_user=administrator, user=colleague, role="lead")


# --- Pages -------------------------------------------------------------------------------


def _detail(concern):
    return reverse("governance:concern_detail", args=[concern.pk])


def test_it_shows_the_concern_to_the_dsl_with_its_retention_and_logs_the_read(client, concern, dsl, pupil):
    client.force_login(dsl)

    response = client.get(_detail(concern))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Blocked site reached." in body
    # SCH-SAFEGUARDING: until the pupil is 25 (born 14-03-2012), then review.
    assert "14 March 2037" in body
    assert "25 years from the date of birth (14-03-2012)" in body
    entry = AccessLogEntry.objects.get(user=dsl)
    assert (entry.object_kind, entry.object_id) == (AccessObject.PERSON, pupil.pk)
    assert concern.reference in entry.detail


@pytest.mark.parametrize("persona", ["colleague", "dpo", "outsider"])
def test_the_concern_page_is_refused_to_the_uninvolved(client, concern, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(_detail(concern)).status_code == 404
    assert AccessLogEntry.objects.count() == 0


def test_the_reporter_reads_their_own_concern(client, concern, reporter):
    client.force_login(reporter)

    response = client.get(_detail(concern))

    assert response.status_code == 200
    assert "Record an action" not in response.content.decode()


def test_the_list_shows_the_dsl_everything_and_a_teacher_only_their_own(client, concern, dsl, colleague):
    client.force_login(dsl)
    assert concern.reference in client.get(reverse("governance:concern_list")).content.decode()
    client.force_login(colleague)
    assert concern.reference not in client.get(reverse("governance:concern_list")).content.decode()


def test_a_teacher_logs_a_concern_by_pupil_number(client, reporter, pupil, dsl):
    PersonIdentifier.objects.create(person=pupil, scheme=IdentifierScheme.PUPIL, value="P-1234")
    client.force_login(reporter)

    response = client.post(
        reverse("governance:concern_create"),
        {"category": "online_safety", "summary": "Saw a harmful video.", "pupil_numbers": "P-1234"},
    )

    concern = Concern.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(concern)
    assert list(concern.pupils.all()) == [pupil]


def test_a_teacher_chooses_among_the_pupils_they_are_involved_with(client, reporter, pupil, dsl):
    from tests.factories import DossierFactory, DossierMemberFactory

    dossier = DossierFactory(organisation=reporter.organisation)
    DossierMemberFactory(dossier=dossier, person=pupil)
    grant(reporter, dossier)
    client.force_login(reporter)

    response = client.post(
        reverse("governance:concern_create"),
        {"category": "conduct", "summary": "Sent an explicit image.", "pupils": [pupil.pk]},
    )

    assert response.status_code == 302
    assert list(Concern.objects.get().pupils.all()) == [pupil]


def test_a_concern_with_no_pupil_is_refused_clearly(client, reporter):
    client.force_login(reporter)

    response = client.post(
        reverse("governance:concern_create"),
        {"category": "conduct", "summary": "Sent an explicit image.", "pupil_numbers": "NOPE-1"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "No pupil has the number NOPE-1." in body
    assert Concern.objects.count() == 0
    response = client.post(reverse("governance:concern_create"), {"category": "conduct", "summary": "x"})
    assert "Choose at least one pupil the concern is about." in response.content.decode()
    assert Concern.objects.count() == 0


def test_the_dsl_records_an_escalation_in_the_browser(client, concern, dsl):
    client.force_login(dsl)

    response = client.post(
        reverse("governance:concern_entry", args=[concern.pk]),
        {
            "entry-kind": "escalation",
            "entry-text": "Reported to police on 101.",
            "entry-agency": "police",
            "entry-agency_contact": "PC Jones",
            "entry-agency_reference": "101-55",
            "entry-escalated_on": "2026-01-05",
        },
    )

    assert response.status_code == 302
    assert ConcernEntry.objects.get().agency_reference == "101-55"


def test_an_escalation_without_a_date_is_shown_as_an_error(client, concern, dsl):
    client.force_login(dsl)

    response = client.post(
        reverse("governance:concern_entry", args=[concern.pk]),
        {
            "entry-kind": "escalation",
            "entry-text": "Called.",
            "entry-agency": "police",
            "entry-agency_contact": "PC",
        },
    )

    assert response.status_code == 200
    assert "Enter the date of the referral." in response.content.decode()
    assert ConcernEntry.objects.count() == 0


@pytest.mark.parametrize("persona", ["reporter", "colleague"])
def test_entries_are_refused_to_others_than_the_dsl_team(client, concern, persona, request):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(
        reverse("governance:concern_entry", args=[concern.pk]), {"entry-kind": "note", "entry-text": "x"}
    )

    assert response.status_code in (403, 404)
    assert ConcernEntry.objects.count() == 0


def test_the_dsl_team_page_is_for_administrators(client, administrator, colleague, dsl):
    client.force_login(colleague)
    assert client.get(reverse("governance:dsl_team")).status_code == 403
    client.force_login(administrator)
    response = client.post(reverse("governance:dsl_team"), {"user": colleague.pk, "role": "deputy"})
    assert response.status_code == 302
    assert selectors.dsl_team(organisation_id=administrator.organisation_id).filter(user=colleague).exists()


def test_the_list_costs_the_same_queries_however_many_concerns(client, dsl, reporter, school):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(dsl)

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("governance:concern_list")).status_code == 200
        return len(captured)

    concern_report(
        acting_user=reporter, category="conduct", summary="One.", pupils=[PersonFactory(organisation=school)]
    )
    few = queries_for_list()
    for n in range(4):
        concern_report(
            acting_user=reporter,
            category="conduct",
            summary=f"More {n}.",
            pupils=[PersonFactory(organisation=school)],
        )
    assert queries_for_list() == few
