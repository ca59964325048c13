"""Veilig Thuis: one household whose members exercise their rights (R-DSR-1..9, R-CON-1..7).

The household "Familie Bakker-de Vries" is seeded with fixed names so that the demo's
requests, redaction proposals and consents always have the same, recognisable people: a
mother and a father who both hold parental authority, Lotte (9, so her parents act for
her) and Daan (14, so he acts together with a parent: R-DSR-7), a grandmother who is
mentioned in the dossier, and the neighbour who reported.
"""

import datetime

from access_control.models import Role
from records.demo.common import acting_as
from records.demo.setup import DemoOrganisation
from records.models import Dossier, DossierEntry, DossierMember, EntryKind, EntryNature, MemberRole
from records.services import MemberInput, PersonInput, dossier_create, dossier_entry_add
from subject_rights.demo import steps
from subject_rights.demo.steps import DemoRequest
from subject_rights.models import Channel, Decision, IdentityMethod, RequesterRole, RequestType
from subject_rights.services import subject_request_decide
from subject_rights.services.disclosure import redactions_propose
from subject_rights.services.effects import rectification_entry_apply

HOUSEHOLD = "Familie Bakker-de Vries"
MOTHER, FATHER = ("Sanne", "Bakker"), ("Mark", "de Vries")
LOTTE, DAAN = ("Lotte", "de Vries"), ("Daan", "de Vries")
GRANDMOTHER, NEIGHBOUR = ("Ineke", "Bakker"), ("Petra", "Smits")
WRONG_JOB = "Sanne Bakker werkt als verpleegkundige in het Catharina Ziekenhuis"
RIGHT_JOB = "Sanne Bakker werkt als doktersassistente bij een huisartsenpraktijk"


def _born(today: datetime.date, years: int, days: int) -> datetime.date:
    return today.replace(year=today.year - years, day=min(today.day, 28)) - datetime.timedelta(days=days)


def household_ensure(ctx: DemoOrganisation, *, today: datetime.date) -> tuple[Dossier, dict]:
    """The demo household's dossier and its members by (given, family) name."""
    dossier = Dossier.objects.filter(organisation=ctx.organisation, household_name=HOUSEHOLD).first()
    if dossier is None:
        dossier = _household_create(ctx, today=today)
    members = {
        (m.person.given_names, m.person.family_name): m
        for m in DossierMember.objects.filter(dossier=dossier).select_related("person")
    }
    return dossier, members


def _household_create(ctx: DemoOrganisation, *, today: datetime.date) -> Dossier:
    actor = ctx.users[Role.CASEWORKER]
    people = (
        (MemberRole.PARENT_CARER, MOTHER, _born(today, 38, 40)),
        (MemberRole.PARENT_CARER, FATHER, _born(today, 41, 200)),
        (MemberRole.CHILD, LOTTE, _born(today, 9, 60)),
        (MemberRole.CHILD, DAAN, _born(today, 14, 100)),
        (MemberRole.OTHER_INVOLVED, GRANDMOTHER, _born(today, 67, 10)),
        # R-DOS-1: the reporter only as far as needed — a name, no date of birth.
        (MemberRole.REPORTER, NEIGHBOUR, None),
    )
    with acting_as(actor):
        dossier = dossier_create(
            acting_user=actor,
            household_name=HOUSEHOLD,
            report_date=today - datetime.timedelta(days=120),
            members=[
                MemberInput(role, new_person=PersonInput(given, family, date_of_birth=born))
                for role, (given, family), born in people
            ],
            report_text=(
                "De buurvrouw, Petra Smits, hoort 's avonds vaak geschreeuw uit de woning; Lotte en Daan "
                "zouden daarbij aanwezig zijn."
            ),
            report_source="Buurvrouw",
            unit=ctx.units[0],
            record_class=ctx.classes["VT-DOSSIER"],
        )
        members = {
            (m.person.given_names, m.person.family_name): m
            for m in DossierMember.objects.filter(dossier=dossier).select_related("person")
        }
        mother, father, lotte, daan = (members[k] for k in (MOTHER, FATHER, LOTTE, DAAN))
        grandmother = members[GRANDMOTHER]
        entries = (
            (
                EntryKind.INVESTIGATION,
                EntryNature.FACT,
                f"Gesprek met Sanne Bakker en Mark de Vries op kantoor. {WRONG_JOB}. Mark de Vries "
                "bevestigt ruzies waarbij Lotte en Daan aanwezig waren.",
                [mother, father],
            ),
            (
                EntryKind.INVESTIGATION,
                EntryNature.FACT,
                "Gesprek met Lotte op school. Lotte vertelt dat Daan haar meeneemt naar oma Ineke Bakker "
                "als papa Mark boos is.",
                [lotte, daan],
            ),
            (
                EntryKind.SAFETY_ASSESSMENT,
                EntryNature.OPINION,
                "Veiligheidsbeoordeling: geen acute onveiligheid voor Lotte en Daan; wel structurele zorgen. "
                "Oma Ineke Bakker is een belangrijke steun.",
                [mother, father, lotte, daan, grandmother],
            ),
            (
                EntryKind.STEP_AGREEMENT,
                EntryNature.FACT,
                "Veiligheidsafspraak met Mark de Vries en Sanne Bakker: bij oplopende spanning gaan Lotte en "
                "Daan naar Ineke Bakker.",
                [mother, father, lotte, daan],
            ),
        )
        for kind, nature, body, concerns in entries:
            dossier_entry_add(
                acting_user=actor, dossier=dossier, kind=kind, nature=nature, body=body, concerns=concerns
            )
        dossier_entry_add(
            acting_user=actor,
            dossier=dossier,
            kind=EntryKind.SHARED_WITH_THIRD_PARTY,
            nature=EntryNature.FACT,
            body="Samenvatting van de veiligheidsbeoordeling en de afspraken gedeeld met het wijkteam.",
            concerns=[mother, father, lotte, daan],
            recipient="Wijkteam Helmond-Noord",
        )
    return dossier


def requests_ensure(ctx: DemoOrganisation, members: dict, *, today: datetime.date) -> int:
    """The household's requests, each in the state a queue would show it (R-DSR-1..9)."""
    caseworker, leader = ctx.users[Role.CASEWORKER], ctx.users[Role.TEAM_LEADER]
    org_id = ctx.organisation.pk
    person = {key: member.person for key, member in members.items()}
    added = 0

    # A parent for a child under 12: the legal representative acts alone (R-DSR-7); the
    # third parties in Lotte's entries get redaction proposals (R-DSR-14).
    lotte = DemoRequest(
        RequestType.ACCESS,
        person[LOTTE],
        "Inzage in en afschrift van alles wat over Lotte is vastgelegd.",
        12,
        Channel.LETTER,
        requester_role=RequesterRole.REPRESENTATIVE,
        requester_name="Sanne Bakker",
        requester_relationship="Moeder, met ouderlijk gezag",
    )
    if not steps.demo_request_exists(org_id, lotte.details):
        request = steps.received(caseworker, lotte, today=today)
        request = steps.verified(
            caseworker, request, method=IdentityMethod.PHOTO_ID_SEEN, note="Paspoort gezien aan de balie."
        )
        with acting_as(caseworker):
            redactions_propose(acting_user=caseworker, request=request)
        added += 1

    # A 14-year-old and a parent together (R-DSR-7), received today.
    daan = DemoRequest(
        RequestType.ACCESS,
        person[DAAN],
        "Daan wil samen met zijn moeder lezen wat Veilig Thuis over hem heeft opgeschreven.",
        0,
        Channel.EMAIL,
        requester_role=RequesterRole.JOINT,
        requester_name="Daan de Vries en Sanne Bakker",
        requester_relationship="Daan zelf, samen met zijn moeder (ouderlijk gezag)",
    )
    if not steps.demo_request_exists(org_id, daan.details):
        steps.received(caseworker, daan, today=today)
        added += 1

    # A household member asks for her data to be destroyed (R-DSR-5: destroy by + 3 months).
    destruction = DemoRequest(
        RequestType.DESTRUCTION,
        person[GRANDMOTHER],
        "Ik ben alleen genoemd als oma en wil dat mijn gegevens uit het dossier worden vernietigd.",
        6,
        Channel.LETTER,
    )
    if not steps.demo_request_exists(org_id, destruction.details):
        request = steps.received(caseworker, destruction, today=today)
        steps.verified(caseworker, request, method=IdentityMethod.ID_COPY, note="Kopie ID-kaart ontvangen.")
        added += 1

    # Rectification of a wrong fact, granted and carried out (R-DSR-3), then fulfilled.
    rectification = DemoRequest(
        RequestType.RECTIFICATION,
        person[MOTHER],
        "In het gespreksverslag staat een verkeerd beroep: ik ben doktersassistente, geen verpleegkundige.",
        14,
        Channel.WEB_FORM,
    )
    if not steps.demo_request_exists(org_id, rectification.details):
        request = steps.received(caseworker, rectification, today=today)
        request = steps.verified(caseworker, request, method=IdentityMethod.KNOWN_CONTACT)
        with acting_as(caseworker):
            request = subject_request_decide(
                acting_user=caseworker,
                request=request,
                decision=Decision.GRANT,
                reasons="Het beroep is een feit en was onjuist vastgelegd; het verslag wordt gecorrigeerd.",
            )
            entry = DossierEntry.objects.get(dossier=members[MOTHER].dossier, body__contains=WRONG_JOB)
            rectification_entry_apply(
                acting_user=caseworker,
                request=request,
                entry=entry,
                body=entry.body.replace(WRONG_JOB, RIGHT_JOB),
            )
        steps.fulfilled(caseworker, request)
        added += 1

    # An objection to sharing with the neighbourhood team, awaiting its weighing (R-CON-7).
    objection = DemoRequest(
        RequestType.OBJECTION,
        person[FATHER],
        "Ik maak bezwaar tegen het delen van de veiligheidsbeoordeling met het wijkteam.",
        5,
        Channel.LETTER,
    )
    if not steps.demo_request_exists(org_id, objection.details):
        request = steps.received(leader, objection, today=today)
        steps.verified(leader, request, method=IdentityMethod.KNOWN_CONTACT)
        added += 1
    return added
