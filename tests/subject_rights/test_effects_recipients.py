"""GDPR art. 19 recipients and letters; R-DSR-10 rights information; R-DSR-8 representatives."""

import datetime as dt

import pytest

from core.errors import DomainError, InvalidTransition, NotAllowed
from records.models import (
    DossierEntry,
    EntryKind,
    LimitationExtent,
    Person,
    PersonRestriction,
    RightsInformation,
)
from subject_rights.models import RequestType
from subject_rights.selectors.effects_people import dossier_members_not_informed
from subject_rights.selectors.recipients import recipients_for_subject
from subject_rights.services.effects import (
    recipient_letters_prepare,
    recipient_notification_sent,
    rectification_person_apply,
    representative_rights_limit,
    restriction_apply,
    rights_information_record,
    subject_data_destroy,
)
from tests.factories import DossierEntryFactory, grant
from tests.subject_rights.conftest import at
from tests.subject_rights.effects_factories import DECIDED, counts, decided, household

pytestmark = pytest.mark.django_db


def test_the_recipients_list_comes_from_shared_entries_about_the_subject(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    DossierEntryFactory(
        dossier=house.dossier,
        author=caseworker,
        kind=EntryKind.SHARED_WITH_THIRD_PARTY,
        recipient="Politie Oost-Brabant",
        concerns=[house.kid],
    )

    rows = list(recipients_for_subject(person_id=adult.pk, organisation_id=caseworker.organisation_id))

    assert [row["recipient"] for row in rows] == ["GGD Brabant-Zuidoost"]
    assert rows[0]["times"] == 1


@pytest.mark.parametrize("request_type", [RequestType.RECTIFICATION, RequestType.RESTRICTION])
def test_letters_are_prepared_per_recipient_and_sending_is_recorded(caseworker, adult, request_type):
    household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, request_type)
    with at(DECIDED):
        if request_type == RequestType.RECTIFICATION:
            rectification_person_apply(acting_user=caseworker, request=request, family_name="Janssen")
        else:
            restriction_apply(acting_user=caseworker, request=request, reason="Accuracy contested.")
        (letter,) = recipient_letters_prepare(acting_user=caseworker, request=request)

        assert letter.recipient == "GGD Brabant-Zuidoost"
        assert letter.effect == request_type
        assert letter.letter.read(4) == b"%PDF"
        sent = recipient_notification_sent(
            acting_user=caseworker, notification=letter, sent_on=DECIDED, how="Post"
        )

    assert (sent.sent_on, sent.sent_how, sent.sent_by) == (DECIDED, "Post", caseworker)
    with at(DECIDED), pytest.raises(InvalidTransition):
        recipient_notification_sent(acting_user=caseworker, notification=sent, sent_on=DECIDED, how="Post")


def test_after_an_erasure_the_recipients_are_still_told(caseworker, adult):
    household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.ERASURE)
    with at(DECIDED):
        subject_data_destroy(acting_user=caseworker, request=request)
        (letter,) = recipient_letters_prepare(acting_user=caseworker, request=request)

    assert letter.recipient == "GGD Brabant-Zuidoost"
    assert letter.letter


def test_letters_wait_until_the_decision_is_carried_out(caseworker, adult):
    household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.RESTRICTION)

    with at(DECIDED), pytest.raises(InvalidTransition, match="Carry out the decision first"):
        recipient_letters_prepare(acting_user=caseworker, request=request)


def test_recording_a_letter_sent_needs_date_and_how(caseworker, colleague, adult):
    household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.RESTRICTION)
    with at(DECIDED):
        restriction_apply(acting_user=caseworker, request=request, reason="Accuracy contested.")
        (letter,) = recipient_letters_prepare(acting_user=caseworker, request=request)
    before = counts()

    with at(DECIDED):
        with pytest.raises(DomainError):
            recipient_notification_sent(acting_user=caseworker, notification=letter, sent_on=DECIDED, how="")
        with pytest.raises(DomainError):
            recipient_notification_sent(acting_user=caseworker, notification=letter, sent_on=None, how="Post")
        with pytest.raises(DomainError):
            recipient_notification_sent(
                acting_user=caseworker, notification=letter, sent_on=dt.date(2027, 1, 1), how="Post"
            )
        with pytest.raises(NotAllowed):
            recipient_notification_sent(
                acting_user=colleague, notification=letter, sent_on=DECIDED, how="Post"
            )

    assert counts() == before


def test_informing_of_rights_is_recorded_with_a_letter_and_the_dossier_shows_who_is_left(caseworker, adult):
    """R-DSR-10."""
    house = household(caseworker.organisation, adult, author=caseworker)
    grant(caseworker, house.dossier)
    assert set(dossier_members_not_informed(house.dossier)) == {house.me, house.partner, house.kid}

    with at(DECIDED):
        information = rights_information_record(
            acting_user=caseworker, member=house.me, informed_on=DECIDED, how="in_person"
        )

    assert (information.person, information.informed_by, information.how) == (adult, caseworker, "in_person")
    assert information.letter.read(4) == b"%PDF"
    assert set(dossier_members_not_informed(house.dossier)) == {house.partner, house.kid}


def test_informing_of_rights_refuses_bad_input_and_the_uninvolved(caseworker, colleague, outsider, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    grant(caseworker, house.dossier)
    before = counts()

    with at(DECIDED):
        for bad in ({"informed_on": None}, {"how": "pigeon"}, {"informed_on": dt.date(2027, 1, 1)}):
            values = {"informed_on": DECIDED, "how": "post", **bad}
            with pytest.raises(DomainError):
                rights_information_record(acting_user=caseworker, member=house.me, **values)
        for intruder in (colleague, outsider):
            with pytest.raises(DomainError):
                rights_information_record(
                    acting_user=intruder, member=house.me, informed_on=DECIDED, how="post"
                )

    assert counts() == before
    assert not RightsInformation.objects.exists()


REASONS = "Sam told us he is afraid his father will punish him for what he said to us."


def test_a_team_leader_limits_a_representatives_rights_in_the_dossier_and_in_writing(
    caseworker, team_leader, adult
):
    """R-DSR-8: recorded in the dossier as a decision entry with reasons, and a letter."""
    house = household(caseworker.organisation, adult, author=caseworker)
    grant(team_leader, house.dossier)

    with at(DECIDED):
        limitation = representative_rights_limit(
            acting_user=team_leader,
            young_person=house.kid,
            representative=house.partner,
            extent=LimitationExtent.REFUSED,
            reasons=REASONS,
        )

    entry = DossierEntry.objects.get(pk=limitation.entry_id)
    assert entry.kind == EntryKind.DECISION
    assert REASONS in entry.body
    assert set(entry.concerns.all()) == {house.kid, house.partner}
    assert limitation.decided_by == team_leader
    assert limitation.letter.read(4) == b"%PDF"


def test_only_a_team_leader_limits_a_representative(caseworker, dpo, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    grant(caseworker, house.dossier)
    before = counts()

    for user in (caseworker, dpo):
        with at(DECIDED), pytest.raises(NotAllowed, match="team leader"):
            representative_rights_limit(
                acting_user=user,
                young_person=house.kid,
                representative=house.partner,
                extent=LimitationExtent.LIMITED,
                reasons=REASONS,
            )

    assert counts() == before


def test_limiting_needs_reasons_and_the_right_members(caseworker, team_leader, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    grant(team_leader, house.dossier)
    before = counts()

    cases = [
        {"reasons": ""},
        {"reasons": "Interests."},
        {"extent": "forever"},
        {"young_person": house.partner},
        {"representative": house.kid},
    ]
    for case in cases:
        values = {
            "young_person": house.kid,
            "representative": house.partner,
            "extent": LimitationExtent.LIMITED,
            "reasons": REASONS,
            **case,
        }
        with at(DECIDED), pytest.raises(DomainError):
            representative_rights_limit(acting_user=team_leader, **values)

    assert counts() == before


def test_being_informed_or_restricted_never_keeps_a_person_from_disposal(caseworker, adult):
    """The retention engine deletes people who appear nowhere else; these rows go with them."""
    house = household(caseworker.organisation, adult, author=caseworker)
    grant(caseworker, house.dossier)
    with at(DECIDED):
        rights_information_record(
            acting_user=caseworker, member=house.partner, informed_on=DECIDED, how="post"
        )
    person = house.partner.person
    PersonRestriction.objects.create(
        organisation=caseworker.organisation, person=person, reason="Contested.", restricted_by=caseworker
    )
    house.partner.delete()

    Person.objects.filter(pk=person.pk).delete()

    assert not RightsInformation.objects.filter(person_id=person.pk).exists()
    assert not PersonRestriction.objects.filter(person_id=person.pk).exists()
