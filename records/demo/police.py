"""The police force's register: crime, intelligence and corporate records (R-REC-1..3).

Nominals (suspects, offenders, intelligence subjects) come back in later records, so a
person's events span several years and MoPI clear periods restart (RETENTION.md).
"""

import datetime
import random
from dataclasses import dataclass

from faker import Faker

from access_control.models import Role, Unit, User
from records.demo.common import ReferenceAllocator, acting_as
from records.demo.names import date_between, person, pnc_number, years_before
from records.demo.setup import DemoOrganisation
from records.models import (
    CopyKind,
    IdentifierScheme,
    Person,
    Record,
    RecordCategory,
    RecordFormat,
    RecordSubject,
    SubjectEventKind,
    SubjectRole,
)
from records.services import CopyInput, SubjectInput, record_create, subject_event_record

E = SubjectEventKind
S = SubjectRole
NOMINAL_ROLES = frozenset({S.SUSPECT, S.OFFENDER, S.SUBJECT})


@dataclass(frozen=True)
class CrimeTemplate:
    class_code: str
    title_en: str
    title_cy: str
    # The first role is the nominal the events are about; the others are linked too.
    roles: tuple[str, ...]
    events: tuple[str, ...]
    unit_index: int
    weight: int
    # Days between successive events about the nominal.
    event_gap: tuple[int, int] = (1, 120)
    closes: bool = True


CRIME_TEMPLATES = (
    CrimeTemplate(
        "MOPI-1",
        "Registered sex offender — ViSOR nominal file",
        "Troseddwr rhyw cofrestredig — ffeil enwol ViSOR",
        (S.OFFENDER,),
        (E.CONVICTION, E.INTELLIGENCE, E.INTELLIGENCE),
        1,
        2,
        (200, 1500),
        False,
    ),
    CrimeTemplate(
        "MOPI-1",
        "MAPPA category 2 offender — management file",
        "Troseddwr MAPPA categori 2 — ffeil rheoli",
        (S.OFFENDER,),
        (E.CONVICTION, E.INTELLIGENCE),
        1,
        1,
        (300, 1200),
        False,
    ),
    CrimeTemplate(
        "MOPI-1",
        "Potentially dangerous person — risk assessment",
        "Person a allai fod yn beryglus — asesiad risg",
        (S.SUBJECT,),
        (E.INTELLIGENCE, E.INTELLIGENCE),
        1,
        1,
        (200, 900),
        False,
    ),
    CrimeTemplate(
        "MOPI-2",
        "Wounding with intent (s.18) — crime file",
        "Clwyfo gyda bwriad (a.18) — ffeil trosedd",
        (S.SUSPECT, S.VICTIM, S.WITNESS),
        (E.ARREST, E.CHARGE, E.CONVICTION),
        0,
        3,
    ),
    CrimeTemplate(
        "MOPI-2",
        "Robbery — crime file",
        "Lladrad â thrais — ffeil trosedd",
        (S.SUSPECT, S.VICTIM),
        (E.ARREST, E.CHARGE, E.CONVICTION),
        0,
        3,
    ),
    CrimeTemplate(
        "MOPI-2",
        "Domestic abuse: assault occasioning actual bodily harm",
        "Cam-drin domestig: ymosod gan achosi gwir niwed corfforol",
        (S.SUSPECT, S.VICTIM),
        (E.ARREST, E.CHARGE, E.CONVICTION),
        1,
        4,
    ),
    CrimeTemplate(
        "MOPI-2",
        "Rape investigation — case file",
        "Ymchwiliad trais rhywiol — ffeil achos",
        (S.SUSPECT, S.COMPLAINANT),
        (E.ARREST, E.CHARGE, E.ACQUITTAL),
        1,
        2,
    ),
    CrimeTemplate(
        "MOPI-3",
        "Burglary dwelling — crime report",
        "Byrgleriaeth annedd — adroddiad trosedd",
        (S.SUSPECT, S.VICTIM),
        (E.ARREST, E.CHARGE, E.CONVICTION),
        0,
        8,
    ),
    CrimeTemplate(
        "MOPI-3",
        "Theft from motor vehicle",
        "Lladrad o gerbyd modur",
        (S.SUSPECT, S.VICTIM),
        (E.ARREST, E.CAUTION),
        0,
        7,
    ),
    CrimeTemplate(
        "MOPI-3", "Criminal damage", "Difrod troseddol", (S.SUSPECT, S.WITNESS), (E.ARREST, E.CAUTION), 0, 7
    ),
    CrimeTemplate("MOPI-3", "Shoplifting", "Dwyn o siop", (S.OFFENDER,), (E.ARREST, E.CONVICTION), 0, 7),
    CrimeTemplate(
        "MOPI-3",
        "Public order offence (s.4)",
        "Trosedd trefn gyhoeddus (a.4)",
        (S.SUSPECT, S.WITNESS),
        (E.ARREST, E.CHARGE, E.CONVICTION),
        0,
        5,
    ),
    CrimeTemplate(
        "MOPI-3", "Drink driving", "Yfed a gyrru", (S.OFFENDER,), (E.ARREST, E.CHARGE, E.CONVICTION), 0, 6
    ),
    CrimeTemplate(
        "MOPI-4",
        "Undetected burglary — crime report",
        "Byrgleriaeth heb ei datrys — adroddiad trosedd",
        (S.VICTIM,),
        (E.OFFENCE_REPORTED,),
        0,
        6,
    ),
    CrimeTemplate(
        "MOPI-4",
        "Undetected theft of pedal cycle",
        "Lladrad beic heb ei ddatrys",
        (S.VICTIM,),
        (E.OFFENCE_REPORTED,),
        0,
        4,
    ),
    CrimeTemplate(
        "MOPI-MISC",
        "Intelligence report — drug supply",
        "Adroddiad cudd-wybodaeth — cyflenwi cyffuriau",
        (S.SUBJECT,),
        (E.INTELLIGENCE,),
        0,
        8,
    ),
    CrimeTemplate(
        "MOPI-MISC",
        "Non-crime domestic incident",
        "Digwyddiad domestig nad yw'n drosedd",
        (S.SUBJECT, S.VICTIM),
        (E.INTELLIGENCE,),
        1,
        5,
    ),
    CrimeTemplate(
        "MOPI-MISC", "Missing person report", "Adroddiad person ar goll", (S.SUBJECT,), (E.OTHER,), 0, 4
    ),
    CrimeTemplate("MOPI-MISC", "Concern for welfare", "Pryder am les", (S.SUBJECT,), (E.OTHER,), 1, 3),
)

TOWNS = (
    "Aberystwyth",
    "Caerfyrddin",
    "Llanelli",
    "Hwlffordd",
    "Aberhonddu",
    "Y Drenewydd",
    "Llandrindod",
    "Aberteifi",
    "Doc Penfro",
    "Rhydaman",
    "Llandeilo",
    "Machynlleth",
)
PAPER_STORES = (
    "Pencadlys Llangynnwr — Ystafell gofnodion B / Records room B",
    "Gorsaf Heddlu Aberystwyth — Archif / Archive",
    "Gorsaf Heddlu Hwlffordd — Storfa eiddo / Property store",
    "Storfa allanol Llandrindod / Off-site records store",
)
RECORD_KINDS = (("crime", 78), ("finance", 7), ("hr", 10), ("policy", 5))
POLICIES = (
    "Records Management Policy",
    "Information Security Policy",
    "Review, Retention and Disposal Procedure",
)
POLICIES_CY = (
    "Polisi Rheoli Cofnodion",
    "Polisi Diogelwch Gwybodaeth",
    "Gweithdrefn Adolygu, Cadw a Gwaredu",
)
FIRST_DAY = datetime.date(2006, 1, 1)


class PoliceSeeder:
    def __init__(self, ctx: DemoOrganisation, *, rng: random.Random, fake: Faker, today: datetime.date):
        self.ctx = ctx
        self.rng = rng
        self.fake = fake
        self.today = today
        self.users = ctx.users
        self.references = ReferenceAllocator(ctx.organisation, ctx.spec.reference_prefix)
        self.nominals: list[Person] = list(
            Person.objects.filter(
                organisation=ctx.organisation, record_links__role__in=NOMINAL_ROLES
            ).distinct()
        )

    def run(self, count: int) -> int:
        kinds, weights = zip(*RECORD_KINDS, strict=True)
        makers = {"crime": self.crime, "finance": self.finance, "hr": self.personnel, "policy": self.policy}
        for _ in range(count):
            makers[self.rng.choices(kinds, weights)[0]]()
        return count

    # -- copies -----------------------------------------------------------------------

    def copies(self, fmt: str, year: int, *, system: str, spread: bool = False) -> list[CopyInput]:
        """The record's copies (R-REC-3); ``spread``: crime files also reach evidence stores and PND."""
        rng = self.rng
        copies = []
        if fmt in (RecordFormat.DIGITAL, RecordFormat.BOTH):
            copies.append(CopyInput(CopyKind.ELECTRONIC, system, self.users[Role.ASSET_OWNER].pk))
            if spread and rng.random() < 0.2:
                copies.append(
                    CopyInput(
                        CopyKind.CLOUD, "Digital evidence store (cloud)", self.users[Role.ASSET_OWNER].pk
                    )
                )
            if spread and rng.random() < 0.1:
                copies.append(
                    CopyInput(CopyKind.OTHER_SYSTEM, "PND extract", self.users[Role.RECORDS_OFFICER].pk)
                )
        if fmt in (RecordFormat.PAPER, RecordFormat.BOTH):
            location = (
                f"{rng.choice(PAPER_STORES)}, silff/shelf {rng.randint(1, 40)}, "
                f"bocs/box {year}/{rng.randint(1, 400):03d}"
            )
            copies.append(CopyInput(CopyKind.PAPER, location, self.users[Role.RECORDS_OFFICER].pk))
        return copies

    def _create(self, actor: User, **fields) -> Record:
        with acting_as(actor):
            return record_create(acting_user=actor, **fields)

    def _event(self, actor: User, person_: Person, kind: str, on: datetime.date, record: Record, text: str):
        with acting_as(actor):
            subject_event_record(
                acting_user=actor, person=person_, kind=kind, occurred_on=on, record=record, description=text
            )

    # -- crime and intelligence -------------------------------------------------------

    def crime(self) -> None:
        rng, today = self.rng, self.today
        template = rng.choices(CRIME_TEMPLATES, [t.weight for t in CRIME_TEMPLATES])[0]
        created_on = date_between(rng, FIRST_DAY, today)
        welsh = rng.random() < 0.3
        actor, unit = self._crime_owner(template)
        subjects = [self._subject(role, created_on, nominal=i == 0) for i, role in enumerate(template.roles)]
        fmt = rng.choices((RecordFormat.DIGITAL, RecordFormat.BOTH, RecordFormat.PAPER), (55, 30, 15))[0]
        events = self._event_dates(template, created_on)
        last_action = events[-1] if events else created_on
        closed_on = None
        if template.closes and (today - last_action).days > 60 and rng.random() < 0.85:
            closed_on = min(today, last_action + datetime.timedelta(days=rng.randint(7, 200)))
        town = rng.choice(TOWNS)
        record = self._create(
            actor,
            reference=self.references.next(created_on.year),
            title=f"{template.title_cy if welsh else template.title_en} — {town}",
            description=(
                f"Lleoliad / location: {self.fake.street_address()}, {town}. "
                f"OIC: {self.users[Role.CASEWORKER].get_full_name()}."
            ),
            category=RecordCategory.POLICING_PURPOSE,
            record_class=self.ctx.classes[template.class_code],
            information_asset=self.ctx.assets["paper" if fmt == RecordFormat.PAPER else "crime"],
            format=fmt,
            language="cy" if welsh else "en",
            unit=unit,
            created_on=created_on,
            closed_on=closed_on,
            last_action_on=last_action,
            subjects=subjects,
            copies=self.copies(fmt, created_on.year, system="Niche RMS", spread=True),
        )
        first = (
            RecordSubject.objects.filter(record=record, role=template.roles[0])
            .select_related("person")
            .first()
        )
        if template.roles[0] in NOMINAL_ROLES and first.person not in self.nominals:
            self.nominals.append(first.person)
        for kind, on in zip(template.events, events, strict=False):
            self._event(
                actor, first.person, kind, on, record, f"{SubjectEventKind(kind).label}: {record.title}"
            )

    def _crime_owner(self, template: CrimeTemplate) -> tuple[User, Unit]:
        units = self.ctx.units
        if template.unit_index == 1:
            return self.users[Role.TEAM_LEADER], units[1]
        if self.rng.random() < 0.25:
            return self.users[Role.RECORDS_OFFICER], units[0]
        return self.users[Role.CASEWORKER], units[0]

    def _subject(self, role: str, created_on: datetime.date, *, nominal: bool) -> SubjectInput:
        rng = self.rng
        adult_born = (years_before(created_on, 70), years_before(created_on, 14))
        if nominal and role in NOMINAL_ROLES:
            known = [p for p in self.nominals if p.date_of_birth and p.date_of_birth <= adult_born[1]]
            if known and rng.random() < 0.35:
                return SubjectInput(role=role, person=rng.choice(known))
            pnc = {IdentifierScheme.PNC: pnc_number(rng, created_on.year)}
            return SubjectInput(
                role=role,
                new_person=person(self.fake, rng, born_between=adult_born, welsh=True, identifiers=pnc),
            )
        born = (years_before(created_on, 85), years_before(created_on, 8))
        return SubjectInput(role=role, new_person=person(self.fake, rng, born_between=born, welsh=True))

    def _event_dates(self, template: CrimeTemplate, created_on: datetime.date) -> list[datetime.date]:
        dates, day = [], created_on
        for _ in template.events:
            if dates:
                day = day + datetime.timedelta(days=self.rng.randint(*template.event_gap))
            if day > self.today:
                break
            dates.append(day)
        return dates

    # -- corporate (R-REC-2: business records follow their own schedules) --------------

    def finance(self) -> None:
        rng = self.rng
        year = rng.randint(FIRST_DAY.year, self.today.year - 1)
        created_on = datetime.date(year, 4, 1)
        year_end = datetime.date(year + 1, 3, 31)
        fmt = RecordFormat.PAPER if rng.random() < 0.3 else RecordFormat.DIGITAL
        label = rng.choice(
            (
                "Purchase ledger",
                "Supplier invoices — Estates",
                "Overtime and expenses claims",
                "Fleet fuel cards",
            )
        )
        self._create(
            self.users[Role.RECORDS_OFFICER],
            reference=self.references.next(year),
            title=f"{label} FY {year}/{(year + 1) % 100:02d}",
            category=RecordCategory.BUSINESS,
            record_class=self.ctx.classes["CORP-FIN"],
            information_asset=self.ctx.assets["finance"],
            format=fmt,
            created_on=created_on,
            closed_on=year_end if year_end <= self.today else None,
            copies=self.copies(fmt, year, system="Finance system"),
        )

    def personnel(self) -> None:
        rng, today = self.rng, self.today
        started = date_between(rng, datetime.date(2000, 1, 1), today)
        employee = person(
            self.fake, rng, born_between=(years_before(started, 60), years_before(started, 18)), welsh=True
        )
        ended = None
        if (today - started).days > 400 and rng.random() < 0.45:
            ended = date_between(rng, started + datetime.timedelta(days=365), today)
        fmt = RecordFormat.BOTH if rng.random() < 0.5 else RecordFormat.DIGITAL
        welsh = rng.random() < 0.3
        name = f"{employee.given_names} {employee.family_name}"
        actor = self.users[Role.RECORDS_OFFICER]
        record = self._create(
            actor,
            reference=self.references.next(started.year),
            title=f"Ffeil bersonél — {name}" if welsh else f"Personnel file — {name}",
            category=RecordCategory.BUSINESS,
            record_class=self.ctx.classes["CORP-HR"],
            information_asset=self.ctx.assets["hr"],
            format=fmt,
            language="cy" if welsh else "en",
            created_on=started,
            closed_on=ended,
            last_action_on=ended,
            subjects=[SubjectInput(role=S.EMPLOYEE, new_person=employee)],
            copies=self.copies(fmt, started.year, system="HR system"),
        )
        if ended is not None:
            # The trigger of the personnel schedule: 6 years after employment ends.
            self._event(actor, record.subjects.get(), E.EMPLOYMENT_ENDED, ended, record, "Employment ended.")

    def policy(self) -> None:
        rng = self.rng
        index = rng.randrange(len(POLICIES))
        created_on = date_between(rng, datetime.date(2010, 1, 1), self.today)
        superseded = created_on + datetime.timedelta(days=rng.randint(700, 1500))
        welsh = rng.random() < 0.5
        version = rng.randint(1, 6)
        self._create(
            self.users[Role.RECORDS_OFFICER],
            reference=self.references.next(created_on.year),
            title=f"{(POLICIES_CY if welsh else POLICIES)[index]} v{version}",
            category=RecordCategory.BUSINESS,
            record_class=self.ctx.classes["CORP-POLICY"],
            information_asset=self.ctx.assets["policy"],
            format=RecordFormat.DIGITAL,
            language="cy" if welsh else "en",
            created_on=created_on,
            closed_on=superseded if superseded <= self.today else None,
            copies=self.copies(RecordFormat.DIGITAL, created_on.year, system="Policy library"),
        )
