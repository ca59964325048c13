"""The school partnership's and the school's registers: pupil files, consents, concerns, policies.

Consents name both parents with authority (R-CON-2); no BSN is ever stored for the
partnership (R-CON-6); the school's concerns carry the DSL's recorded decision (R-SAF-1).
"""

import datetime
import random

from faker import Faker

from access_control.models import OrganisationKind, Role, Unit, User
from records.demo.common import ReferenceAllocator, acting_as
from records.demo.names import date_between, person, pupil_number, years_before
from records.demo.setup import DemoOrganisation
from records.models import CopyKind, IdentifierScheme, Record, RecordCategory, RecordFormat, SubjectRole
from records.services import CopyInput, PersonInput, SubjectInput, record_create

PARTNERSHIP_APPLICATIONS = (
    "Aanvraag toelaatbaarheidsverklaring SBO",
    "Aanvraag toelaatbaarheidsverklaring SO cat. 1",
    "Verlenging toelaatbaarheidsverklaring SO",
    "Registratie thuiszitter",
)
PARTNERSHIP_CONSENTS = (
    "Toestemming ouders: informatie opvragen bij de jeugdarts",
    "Toestemming ouders: bespreking in het ondersteuningsteam",
    "Toestemming ouders en leerling: onderzoek door orthopedagoog",
)
PARTNERSHIP_POLICIES = ("Privacyprotocol SWV", "Reglement Commissie van Toelaatbaarheid")
SCHOOL_CONCERNS = (
    (
        "Filtering alert: attempted access to inappropriate website",
        "Filtering log reviewed; pupil spoken to; parents informed. DSL decision: no further action.",
    ),
    (
        "Online bullying reported by parent",
        "Messages in a class group chat. DSL decision: restorative meeting, monitoring for six weeks.",
    ),
    (
        "Contact from unknown adult via a gaming platform",
        "Pupil disclosed contact. DSL decision: referral to police (CEOP) and parents advised.",
    ),
    (
        "Sharing of nude or semi-nude images",
        "Device held securely, released to parents (R-SAF-2). DSL decision: referral to MASH.",
    ),
    (
        "Pupil disclosed self-harm content viewed online",
        "DSL decision: early help assessment; school nurse informed with parental consent.",
    ),
)
SCHOOL_CONSENTS = (
    "Parental consent: photographs on the school website and social media",
    "Parental consent: e-Twinning project participation",
    "Parental consent: video recording of school performance",
)
SCHOOL_POLICIES = ("Online Safety Policy", "Acceptable Use Policy")


class SchoolSeeder:
    """Records for a school or a school partnership; which depends on the organisation's kind."""

    def __init__(self, ctx: DemoOrganisation, *, rng: random.Random, fake: Faker, today: datetime.date):
        self.ctx = ctx
        self.rng = rng
        self.fake = fake
        self.today = today
        self.users = ctx.users
        self.english = ctx.organisation.kind == OrganisationKind.SCHOOL
        self.references = ReferenceAllocator(ctx.organisation, ctx.spec.reference_prefix)

    def run(self, count: int) -> int:
        if self.english:
            makers = ((self.concern, 50), (self.consent, 35), (self.policy, 15))
        else:
            makers = ((self.application, 55), (self.consent, 35), (self.policy, 10))
        functions, weights = zip(*makers, strict=True)
        for _ in range(count):
            self.rng.choices(functions, weights)[0]()
        return count

    def _pupil(self, on: datetime.date) -> tuple[PersonInput, str]:
        ages = (16, 5) if self.english else (12, 4)
        pupil = person(
            self.fake,
            self.rng,
            born_between=(years_before(on, ages[0]), years_before(on, ages[1])),
            identifiers={IdentifierScheme.PUPIL: pupil_number(self.rng, english=self.english)},
        )
        return pupil, f"{pupil.given_names} {pupil.family_name}"

    def _parents(self, on: datetime.date, family_name: str) -> list[SubjectInput]:
        adult = (years_before(on, 55), years_before(on, 22))
        count = 2 if self.rng.random() < 0.75 else 1  # R-CON-2: both parents with authority
        return [
            SubjectInput(
                role=SubjectRole.OTHER,
                new_person=person(
                    self.fake, self.rng, born_between=adult, family_name=family_name if i == 0 else None
                ),
            )
            for i in range(count)
        ]

    def _create(
        self,
        actor: User,
        *,
        class_code: str,
        asset: str,
        on: datetime.date,
        fmt: str = RecordFormat.DIGITAL,
        **fields,
    ) -> Record:
        copies = []
        if fmt in (RecordFormat.DIGITAL, RecordFormat.BOTH):
            copies.append(
                CopyInput(CopyKind.ELECTRONIC, self.ctx.assets[asset].name, self.users[Role.ASSET_OWNER].pk)
            )
        if fmt in (RecordFormat.PAPER, RecordFormat.BOTH):
            place = "School office — consent cabinet" if self.english else "Kantoor SWV Helmond — archiefkast"
            copies.append(
                CopyInput(
                    CopyKind.PAPER, f"{place} {self.rng.randint(1, 4)}", self.users[Role.RECORDS_OFFICER].pk
                )
            )
        with acting_as(actor):
            return record_create(
                acting_user=actor,
                reference=self.references.next(on.year),
                category=RecordCategory.BUSINESS,
                record_class=self.ctx.classes[class_code],
                information_asset=self.ctx.assets[asset],
                language="en" if self.english else "nl",
                format=fmt,
                created_on=on,
                copies=copies,
                **fields,
            )

    def _owner(self) -> tuple[User, Unit]:
        if self.rng.random() < 0.7:
            return self.users[Role.CASEWORKER], self.ctx.units[0]
        return self.users[Role.TEAM_LEADER], self.ctx.units[-1]

    def application(self) -> None:
        on = date_between(self.rng, datetime.date(2016, 8, 1), self.today)
        pupil, name = self._pupil(on)
        actor, unit = self._owner()
        decided = on + datetime.timedelta(days=self.rng.randint(20, 90))
        self._create(
            actor,
            class_code="SWV-PUPIL-FILE",
            asset="applications",
            on=on,
            title=f"{self.rng.choice(PARTNERSHIP_APPLICATIONS)} — {name}",
            description="Onderwijskundig rapport, thuissituatie en inzet jeugdhulp, bijgevoegd door school.",
            unit=unit,
            closed_on=decided if decided <= self.today else None,
            subjects=[
                SubjectInput(role=SubjectRole.PUPIL, new_person=pupil),
                *self._parents(on, pupil.family_name),
            ],
        )

    def concern(self) -> None:
        on = date_between(self.rng, datetime.date(2018, 9, 1), self.today)
        pupil, name = self._pupil(on)
        title, decision = self.rng.choice(SCHOOL_CONCERNS)
        actor, unit = self._owner()
        self._create(
            actor,
            class_code="SCH-SAFEGUARDING",
            asset="safeguarding",
            on=on,
            title=f"{title} — {name}",
            description=decision,
            unit=unit,
            subjects=[SubjectInput(role=SubjectRole.PUPIL, new_person=pupil)],
        )

    def consent(self) -> None:
        on = date_between(self.rng, datetime.date(2018, 9, 1), self.today)
        pupil, name = self._pupil(on)
        titles = SCHOOL_CONSENTS if self.english else PARTNERSHIP_CONSENTS
        actor, unit = self._owner()
        # About half the consents have ended (withdrawn, or the pupil left); the rest are valid.
        ended = on + datetime.timedelta(days=self.rng.randint(120, 1100))
        closed_on = ended if ended <= self.today and self.rng.random() < 0.5 else None
        self._create(
            actor,
            class_code="SCH-CONSENT",
            asset="consent",
            on=on,
            title=f"{self.rng.choice(titles)} — {name}",
            description="Signed consent form." if self.english else "Schriftelijke toestemming vastgelegd.",
            unit=unit,
            closed_on=closed_on,
            fmt=self.rng.choice((RecordFormat.PAPER, RecordFormat.BOTH, RecordFormat.DIGITAL)),
            subjects=[
                SubjectInput(role=SubjectRole.PUPIL, new_person=pupil),
                *self._parents(on, pupil.family_name),
            ],
        )

    def policy(self) -> None:
        # Reviewed annually (R-POL-1): one version per school year, the old one superseded.
        year = self.rng.randint(2018, self.today.year - 1)
        on = datetime.date(year, 9, 1) if self.english else datetime.date(year, 5, 1)
        superseded = datetime.date(year + 1, on.month, 1)
        title = self.rng.choice(SCHOOL_POLICIES if self.english else PARTNERSHIP_POLICIES)
        self._create(
            self.users[Role.RECORDS_OFFICER],
            class_code="SCH-POLICY",
            asset="policy",
            on=on,
            title=f"{title} {year}-{(year + 1) % 100:02d}",
            closed_on=superseded if superseded <= self.today else None,
        )
