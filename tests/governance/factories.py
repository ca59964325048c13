"""Factories of the governance registers (the shared ones stay in tests/factories.py)."""

import datetime

import factory
from django.utils import timezone

from access_control.models import OrganisationKind, Role
from governance.models import (
    Breach,
    Concern,
    ConcernCategory,
    DslRole,
    Policy,
    PolicyKind,
    PolicyVersion,
    ProcessingAgreement,
    Processor,
    ReviewPeriod,
    SafeguardingDesignation,
)
from tests.factories import OrganisationFactory, PersonFactory, UserFactory


class SchoolFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"School {n}")
    slug = factory.Sequence(lambda n: f"school{n}")
    kind = OrganisationKind.SCHOOL
    jurisdiction = "GB-ENG"


class DesignationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafeguardingDesignation

    organisation = factory.SubFactory(SchoolFactory)
    user = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..organisation"))
    role = DslRole.LEAD


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concern
        skip_postgeneration_save = True

    organisation = factory.SubFactory(SchoolFactory)
    category = ConcernCategory.ONLINE_SAFETY
    summary = "Pupil shown a harmful video during break."
    reported_by = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..organisation"))

    @factory.post_generation
    def pupils(self, create, extracted, **kwargs):
        self.pupils.set(extracted or [PersonFactory(organisation=self.organisation)])


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    organisation = factory.SubFactory(SchoolFactory)
    title = factory.Sequence(lambda n: f"Policy {n}")
    kind = PolicyKind.ACCEPTABLE_USE
    owner = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..organisation"), role=Role.DPO
    )
    review_period = ReviewPeriod.ANNUAL
    created_by = factory.SelfAttribute("owner")


class PolicyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyVersion

    policy = factory.SubFactory(PolicyFactory)
    organisation = factory.SelfAttribute("policy.organisation")
    number = factory.Sequence(lambda n: n + 1)
    text = "Use the school's systems responsibly."
    created_by = factory.SelfAttribute("policy.owner")


class BreachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Breach

    organisation = factory.SubFactory(SchoolFactory)
    summary = "A class list was emailed to the wrong parent."
    discovered_at = factory.LazyFunction(timezone.now)
    aware_at = factory.SelfAttribute("discovered_at")
    reported_by = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..organisation"))


class ProcessorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Processor

    organisation = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Processor {n}")


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessingAgreement

    processor = factory.SubFactory(ProcessorFactory)
    organisation = factory.SelfAttribute("processor.organisation")
    parties = "The school and the processor"
    subject = "Hosting the learning platform"
    data_categories = "Pupil names, classes, work"
    starts_on = datetime.date(2024, 9, 1)
    created_by = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..organisation"))
