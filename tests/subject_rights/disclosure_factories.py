"""A household with several subjects, for the disclosure tests (R-DSR-1, R-DSR-14).

The Jansen household: Eva (the mother, who asks for her data), Piet (the father, with a
BSN) and Sam (the child). One entry concerns Eva and Sam and names Piet; one concerns Piet
only; one concerns Sam only. A police-style record links Eva (victim) and Piet (suspect).
The texts carry markers (``PIET-ONLY``, ``SAM-ONLY``) that must never reach Eva's pack.
"""

import datetime as dt
from types import SimpleNamespace

import factory

from access_control.models import Role
from records.models import EntryKind, EntryNature, IdentifierScheme, MemberRole, PersonIdentifier, SubjectRole
from subject_rights.models import RedactionProposal, RedactionReason, RedactionStatus
from subject_rights.services.disclosure import ReviewAction, redaction_review, redactions_propose
from tests.factories import (
    DossierEntryFactory,
    DossierFactory,
    DossierMemberFactory,
    PersonFactory,
    RecordFactory,
    RecordSubjectFactory,
    SubjectEventFactory,
    UserFactory,
)

SHARED_TEXT = (
    "Eva Jansen reported that Piet hit Sam on 3 March. Piet Jansen (BSN 123456782, born "
    "14-02-1984) denies it. Eva was calm."
)
PIET_ONLY_TEXT = "PIET-ONLY: Piet says he was at work; his employer confirms."
SAM_ONLY_TEXT = "SAM-ONLY: Sam told the teacher he is scared at home."
RECORD_TEXT = (
    "Domestic incident at the home of Eva Jansen; suspect Piet Jansen arrested on 14 February 1984 warrant."
)


class RecordsOfficerFactory(UserFactory):
    role = Role.RECORDS_OFFICER


class PersonIdentifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonIdentifier

    person = factory.SubFactory(PersonFactory)
    scheme = IdentifierScheme.BSN
    value = factory.Sequence(lambda n: f"{100000000 + n}")


def household(organisation, author) -> SimpleNamespace:
    dossier = DossierFactory(organisation=organisation, reference="VT-2025-00007", household_name="Jansen")
    eva = PersonFactory(
        organisation=organisation, given_names="Eva", family_name="Jansen", date_of_birth=dt.date(1986, 5, 5)
    )
    piet = PersonFactory(
        organisation=organisation,
        given_names="Piet",
        family_name="Jansen",
        date_of_birth=dt.date(1984, 2, 14),
    )
    sam = PersonFactory(
        organisation=organisation, given_names="Sam", family_name="Jansen", date_of_birth=dt.date(2016, 5, 10)
    )
    PersonIdentifierFactory(person=piet, value="123456782")
    PersonIdentifierFactory(person=eva, value="111222333")
    members = SimpleNamespace(
        eva=DossierMemberFactory(dossier=dossier, person=eva, role=MemberRole.PARENT_CARER),
        piet=DossierMemberFactory(dossier=dossier, person=piet, role=MemberRole.PARENT_CARER),
        sam=DossierMemberFactory(dossier=dossier, person=sam, role=MemberRole.CHILD),
    )

    def entry(body, concerns, kind=EntryKind.INVESTIGATION):
        return DossierEntryFactory(
            dossier=dossier, kind=kind, nature=EntryNature.FACT, body=body, author=author, concerns=concerns
        )

    shared = entry(SHARED_TEXT, [members.eva, members.sam], kind=EntryKind.REPORT)
    piet_only = entry(PIET_ONLY_TEXT, [members.piet])
    sam_only = entry(SAM_ONLY_TEXT, [members.sam])
    record = RecordFactory(organisation=organisation, reference="POL-2025-0042", description=RECORD_TEXT)
    RecordSubjectFactory(record=record, person=eva, role=SubjectRole.VICTIM)
    RecordSubjectFactory(record=record, person=piet, role=SubjectRole.SUSPECT)
    event = SubjectEventFactory(person=eva, record=record, description="Statement taken from Eva.")
    # Someone else's record in the same organisation: not Eva's, never in scope.
    unrelated = RecordFactory(organisation=organisation, reference="POL-2025-0099", description="UNRELATED")
    RecordSubjectFactory(record=unrelated, person=piet, role=SubjectRole.SUSPECT)
    return SimpleNamespace(
        dossier=dossier,
        eva=eva,
        piet=piet,
        sam=sam,
        members=members,
        shared=shared,
        piet_only=piet_only,
        sam_only=sam_only,
        record=record,
        event=event,
        unrelated=unrelated,
    )


def review_all(user, request, action: str = ReviewAction.ACCEPT) -> int:
    """Review every open proposal of ``request`` the same way; the number reviewed."""
    redactions_propose(acting_user=user, request=request)
    pending = list(RedactionProposal.objects.filter(request=request, status=RedactionStatus.PROPOSED))
    for proposal in pending:
        kwargs = {"reason": RedactionReason.THIRD_PARTY_PRIVACY}
        if action == ReviewAction.REJECT:
            kwargs = {"note": "The requester already knows this."}
        redaction_review(acting_user=user, proposal=proposal, action=action, **kwargs)
    return len(pending)
