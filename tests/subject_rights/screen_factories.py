"""Factories and helpers for the request and consent page tests (test_views_*)."""

import datetime as dt

import factory

from access_control.models import Role
from subject_rights.capacity import Signatories
from subject_rights.models import (
    Channel,
    Consent,
    ConsentDirection,
    ConsentForm,
    ConsentSignatory,
    CounterpartyKind,
    LegalRelation,
    RelationKind,
    RequesterRole,
    RequestStatus,
    RequestType,
    SignatoryCapacity,
    SubjectRequest,
)
from tests.factories import OrganisationFactory, PersonFactory, UserFactory


class SubjectRequestFactory(factory.django.DjangoModelFactory):
    """A request row as the intake service leaves it (for list pages: many rows quickly).
    Tests of behaviour build requests through the services (tests/subject_rights/support.py)."""

    class Meta:
        model = SubjectRequest

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"T-SR-{n:05d}")
    request_type = RequestType.ACCESS
    subject = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..organisation"))
    requester_role = RequesterRole.SUBJECT
    requester_name = factory.LazyAttribute(lambda o: o.subject.full_name)
    received_on = dt.date(2026, 3, 2)
    channel = Channel.LETTER
    status = RequestStatus.RECEIVED
    signatories = Signatories.ALONE
    clock_started_on = factory.SelfAttribute("received_on")
    due_on = dt.date(2026, 3, 30)
    handler = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..organisation"), role=Role.CASEWORKER
    )
    created_by = factory.SelfAttribute("handler")


class LegalRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalRelation

    child = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("child.organisation")
    adult = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..child.organisation"))
    kind = RelationKind.PARENT
    has_parental_authority = True
    recorded_by = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..organisation"))


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent
        skip_postgeneration_save = True

    subject = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("subject.organisation")
    data_description = "School report 2025-2026"
    purpose = "Application for extra reading support"
    direction = ConsentDirection.SHARE
    counterparty = "Ondersteuningsteam SWV Peelland"
    counterparty_kind = CounterpartyKind.OTHER
    why_necessary = "The support team assesses the application on the report."
    form = ConsentForm.ORAL
    given_on = dt.date(2026, 3, 2)
    recorded_by = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..organisation"))

    @factory.post_generation
    def given_by(self, create, extracted, **kwargs):
        for person in extracted or (self.subject,):
            ConsentSignatory.objects.create(
                consent=self,
                person=person,
                capacity=SignatoryCapacity.PUPIL if person == self.subject else SignatoryCapacity.PARENT,
            )


def involve(user, *people):
    """Make ``user`` involved with ``people`` (R-ACC-5): a household dossier with them as
    members, granted to the user."""
    from records.models import MemberRole
    from tests.factories import DossierFactory, DossierMemberFactory, grant

    dossier = DossierFactory(organisation=user.organisation)
    for person in people:
        DossierMemberFactory(dossier=dossier, person=person, role=MemberRole.CHILD)
    grant(user, dossier)
    return dossier


def page_text(response) -> str:
    """The page's text with runs of whitespace folded, for phrase assertions."""
    return " ".join(response.content.decode().split())
