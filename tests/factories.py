"""factory_boy factories. Build data through these, never through fixture files."""

import datetime

import factory
from django.contrib.auth.models import Group

from access_control.models import Organisation, OrganisationKind, Role, Unit, User
from records.models import (
    CopyKind,
    Dossier,
    DossierEntry,
    DossierMember,
    EntryKind,
    EntryNature,
    InformationAsset,
    MemberRole,
    Person,
    Record,
    RecordCategory,
    RecordCopy,
    RecordFormat,
    RecordSubject,
    SubjectEvent,
    SubjectEventKind,
    SubjectRole,
)
from retention.models import RecordClass

DEFAULT_PASSWORD = "correct horse battery staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org{n}")
    kind = OrganisationKind.VEILIG_THUIS
    jurisdiction = "NL"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    group = factory.LazyAttribute(lambda o: Group.objects.create(name=f"unit:{o.organisation.slug}:{o.name}"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CASEWORKER
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        for unit in extracted or ():
            self.units.add(unit)
            self.groups.add(unit.group)
        if create:
            self.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    given_names = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=1, maximum_age=80)


class RecordClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordClass

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"RC-{n}")
    name = factory.Sequence(lambda n: f"Record class {n}")
    category = RecordCategory.POLICING_PURPOSE


class InformationAssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationAsset

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Asset {n}")
    owner = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..organisation"), role=Role.ASSET_OWNER
    )


class RecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Record

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"REC-{n:06d}")
    title = factory.Faker("sentence", nb_words=4)
    category = RecordCategory.POLICING_PURPOSE
    record_class = factory.SubFactory(
        RecordClassFactory,
        organisation=factory.SelfAttribute("..organisation"),
        category=factory.SelfAttribute("..category"),
    )
    information_asset = factory.SubFactory(
        InformationAssetFactory, organisation=factory.SelfAttribute("..organisation")
    )
    format = RecordFormat.DIGITAL
    created_on = datetime.date(2020, 5, 1)


class RecordSubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordSubject

    record = factory.SubFactory(RecordFactory)
    person = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..record.organisation"))
    role = SubjectRole.SUBJECT


class RecordCopyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordCopy

    record = factory.SubFactory(RecordFactory)
    kind = CopyKind.ELECTRONIC
    location = "Records system"
    custodian = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..record.organisation"))


class SubjectEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubjectEvent

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("person.organisation")
    kind = SubjectEventKind.ARREST
    occurred_on = datetime.date(2020, 5, 1)


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"D-{n:06d}")
    household_name = factory.Faker("last_name")
    report_date = datetime.date(2020, 3, 1)


class DossierMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DossierMember

    dossier = factory.SubFactory(DossierFactory)
    person = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..dossier.organisation"))
    role = MemberRole.CHILD


class DossierEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DossierEntry
        skip_postgeneration_save = True

    dossier = factory.SubFactory(DossierFactory)
    kind = EntryKind.REPORT
    nature = EntryNature.FACT
    body = factory.Faker("paragraph")
    author = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..dossier.organisation"))

    @factory.post_generation
    def concerns(self, create, extracted, **kwargs):
        if extracted:
            self.concerns.set(extracted)


def grant(user, obj) -> None:
    """Make ``user`` involved in ``obj`` (view and change), as the services do."""
    from access_control.services import involvement_grant

    involvement_grant(acting_user=user, obj=obj, user=user)
