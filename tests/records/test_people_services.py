import datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from core.errors import DomainError
from core.models import DomainEvent
from records.models import IdentifierScheme
from records.services import PersonInput, person_create

pytestmark = pytest.mark.django_db


def test_it_creates_a_person_with_identifiers_a_domain_event_and_an_audit_entry(caseworker):
    person = person_create(
        acting_user=caseworker,
        organisation=caseworker.organisation,
        data=PersonInput(
            given_names=" Anna ",
            family_name=" de Vries ",
            date_of_birth=datetime.date(2015, 3, 4),
            identifiers={IdentifierScheme.PUPIL: " LL123456 ", IdentifierScheme.CASE: "  "},
        ),
    )

    assert (person.given_names, person.family_name, person.organisation) == (
        "Anna",
        "de Vries",
        caseworker.organisation,
    )
    assert person.created_by == caseworker
    # A blank identifier is not stored; values are trimmed.
    assert list(person.identifiers.values_list("scheme", "value")) == [("pupil", "LL123456")]
    event = DomainEvent.objects.get(verb="person.created", target_id=str(person.pk))
    assert event.actor == caseworker
    assert event.organisation == caseworker.organisation
    assert LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.CREATE).exists()


def test_it_accepts_a_person_known_only_by_family_name(caseworker):
    person = person_create(
        acting_user=caseworker, organisation=caseworker.organisation, data=PersonInput("", "Jansen")
    )

    assert person.full_name == "Jansen"
    assert person.date_of_birth is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (PersonInput(given_names=" ", family_name=""), "family_name"),
        (
            PersonInput("Anna", "de Vries", date_of_birth=timezone.localdate() + datetime.timedelta(days=1)),
            "date_of_birth",
        ),
        (PersonInput("Anna", "de Vries", identifiers={"passport": "X1"}), "identifiers"),
    ],
    ids=["no-name", "born-in-the-future", "unknown-identifier-scheme"],
)
def test_it_refuses_an_invalid_person_and_saves_nothing(caseworker, nothing_saved, data, field):
    with nothing_saved(), pytest.raises(DomainError) as refused:
        person_create(acting_user=caseworker, organisation=caseworker.organisation, data=data)

    assert refused.value.field == field
