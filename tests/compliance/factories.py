"""Factories for the compliance tests: the rows the dashboard counts, with exact dates.

They build rows directly (not through the services) so a test can put a request, a review or
a disposal on the exact day a figure's boundary needs. Reuse tests.factories for the rest.
"""

import datetime

import factory
from django.utils import timezone

from access_control.models import BreakGlassAccess, Role
from core.models import AccessChannel, AccessKind, AccessLogEntry, AccessObject
from governance.models import Breach, Policy, ProcessingAgreement, Processor
from governance.models.policies import PolicyKind, ReviewPeriod
from retention.models import (
    DisposalAction,
    DisposalBatch,
    HoldAuthority,
    LegalHold,
    Review,
    ReviewStatus,
    Tombstone,
)
from subject_rights.capacity import Signatories
from subject_rights.models import (
    Channel,
    Consent,
    ConsentDirection,
    ConsentForm,
    CounterpartyKind,
    RequesterRole,
    RequestStatus,
    RequestType,
    SubjectRequest,
)
from tests.factories import OrganisationFactory, PersonFactory, UserFactory


def at_noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone())


class SubjectRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubjectRequest

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"SR-{n:05d}")
    request_type = RequestType.ACCESS
    subject = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..organisation"))
    requester_role = RequesterRole.SUBJECT
    requester_name = factory.LazyAttribute(lambda o: str(o.subject))
    received_on = datetime.date(2026, 5, 1)
    channel = Channel.LETTER
    status = RequestStatus.IN_PROGRESS
    signatories = Signatories.ALONE
    due_on = factory.LazyAttribute(lambda o: o.received_on + datetime.timedelta(days=30))


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    organisation = factory.SubFactory(OrganisationFactory)
    subject = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..organisation"))
    data_description = "School report"
    purpose = "Referral to youth care"
    direction = ConsentDirection.SHARE
    counterparty = "Youth care team"
    counterparty_kind = CounterpartyKind.CARE_WORKER
    why_necessary = "The care team needs the report to assess the referral."
    form = ConsentForm.ORAL
    given_on = datetime.date(2026, 1, 10)
    recorded_by = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..organisation"))


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    organisation = factory.SelfAttribute("record.organisation")
    record = None
    status = ReviewStatus.OPEN
    due_on = datetime.date(2026, 6, 1)


class LegalHoldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalHold
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    reason = "Pending prosecution"
    authority = HoldAuthority.CPIA
    placed_by = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..organisation"), role=Role.RECORDS_OFFICER
    )

    @factory.post_generation
    def records(self, create, extracted, **kwargs):
        if extracted:
            self.records.set(extracted)


class DisposalBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisposalBatch

    organisation = factory.SubFactory(OrganisationFactory)
    number = factory.Sequence(lambda n: f"DB-TEST-{n:05d}")
    action = DisposalAction.DESTROY


class TombstoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tombstone

    organisation = factory.SubFactory(OrganisationFactory)
    item_kind = "record"
    reference = factory.Sequence(lambda n: f"GONE-{n:05d}")
    action = DisposalAction.DESTROY
    disposed_at = factory.LazyFunction(lambda: at_noon(datetime.date(2026, 3, 10)))
    batch = factory.SubFactory(DisposalBatchFactory, organisation=factory.SelfAttribute("..organisation"))


class AccessLogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessLogEntry

    user = factory.SubFactory(UserFactory)
    organisation = factory.SelfAttribute("user.organisation")
    accessed_at = factory.LazyFunction(lambda: at_noon(datetime.date(2026, 5, 20)))
    channel = AccessChannel.WEB
    access = AccessKind.OPENED
    object_kind = AccessObject.RECORD
    object_id = 1


class BreakGlassAccessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BreakGlassAccess

    user = factory.SubFactory(UserFactory)
    organisation = factory.SelfAttribute("user.organisation")
    object_kind = "dossier"
    object_id = 1
    object_label = "D-000001"
    reason = "Child at risk tonight; the case worker is unreachable."
    opened_at = factory.LazyFunction(lambda: at_noon(datetime.date(2026, 5, 2)))
    expires_at = factory.LazyAttribute(lambda o: o.opened_at + datetime.timedelta(minutes=30))


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Policy {n}")
    kind = PolicyKind.ONLINE_SAFETY
    owner = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..organisation"))
    created_by = factory.SelfAttribute("owner")
    review_period = ReviewPeriod.ANNUAL
    next_review_on = datetime.date(2026, 5, 1)


class BreachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Breach

    organisation = factory.SubFactory(OrganisationFactory)
    summary = "A letter went to the wrong address."
    discovered_at = factory.LazyFunction(lambda: at_noon(datetime.date(2026, 6, 1)))
    aware_at = factory.SelfAttribute("discovered_at")
    reported_by = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..organisation"))


class ProcessingAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessingAgreement

    organisation = factory.SubFactory(OrganisationFactory)
    processor = factory.LazyAttribute(
        lambda o: Processor.objects.create(organisation=o.organisation, name=f"Processor for {o.subject}")
    )
    parties = "The organisation and the processor"
    subject = factory.Sequence(lambda n: f"Hosting {n}")
    data_categories = "Case files"
    starts_on = datetime.date(2024, 1, 1)
    ends_on = datetime.date(2026, 8, 1)
    created_by = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..organisation"))
