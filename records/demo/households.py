"""Veilig Thuis household dossiers (R-DOS-1..2): reports, assessments, decisions, closures.

Closing years run from 2008 to last year so every branch of R-WMO-1/2 is present: old
dossiers of teenagers, recent ones with babies, households without children, dossiers
still open and dossiers reopened after a new report (R-WMO-5).
"""

import datetime
import random

from faker import Faker

from access_control.models import Role, Unit, User
from records.demo.common import acting_as
from records.demo.names import date_between, person, years_before
from records.demo.setup import DemoOrganisation
from records.models import Dossier, DossierMember, EntryKind, EntryNature, MemberRole
from records.services import (
    MemberInput,
    PersonInput,
    dossier_close,
    dossier_create,
    dossier_entry_add,
    dossier_reopen,
)

# {child} is a child of the household; the midwife's report is used only for a newborn.
REPORT_SOURCES = (
    ("Huisarts", "De huisarts meldt zorgen over blauwe plekken bij {child} en spanningen tussen de ouders."),
    (
        "Politie Oost-Brabant (zorgmelding)",
        "Na een melding van huiselijk geweld was de politie op het adres; "
        "{child} was aanwezig tijdens het incident.",
    ),
    (
        "School (intern begeleider)",
        "{child} komt regelmatig zonder ontbijt en in vuile kleding op school en vertelt over ruzies thuis.",
    ),
    ("Buurvrouw", "De buurvrouw hoort 's avonds vaak geschreeuw en gehuil van kinderen uit de woning."),
    ("Wijkteam", "Het wijkteam ziet geen verbetering ondanks hulp en vraagt Veilig Thuis om onderzoek."),
)
NEWBORN_REPORT = (
    "Verloskundige",
    "De verloskundige maakt zich zorgen over de veiligheid van de pasgeborene {child}.",
)
CHILDLESS_REPORTS = (
    (
        "Politie Oost-Brabant (zorgmelding)",
        "Na een melding van geweld tussen partners was de politie op het adres.",
    ),
    ("Huisarts", "De huisarts maakt zich zorgen over letsel bij {parent} na ruzies met de partner."),
)
FOLLOW_UPS = (
    (
        EntryKind.SAFETY_ASSESSMENT,
        EntryNature.OPINION,
        "Veiligheidsbeoordeling: er is sprake van acute onveiligheid voor {child}; directe afspraken nodig.",
    ),
    (
        EntryKind.SAFETY_ASSESSMENT,
        EntryNature.OPINION,
        "Veiligheidsbeoordeling: geen acute onveiligheid, wel structurele zorgen over de opvoedsituatie.",
    ),
    (
        EntryKind.INVESTIGATION,
        EntryNature.FACT,
        "Gesprek met {parent} op kantoor. {parent} bevestigt ruzies waarbij {child} aanwezig was.",
    ),
    (
        EntryKind.INVESTIGATION,
        EntryNature.FACT,
        "Informatie opgevraagd bij de jeugdarts: groei en ontwikkeling van {child} zijn volgens de curve.",
    ),
    (
        EntryKind.INVESTIGATION,
        EntryNature.OPINION,
        "Hypothese: de spanningen hangen samen met schulden en het ontbreken van een netwerk.",
    ),
    (
        EntryKind.STEP_AGREEMENT,
        EntryNature.FACT,
        "Veiligheidsafspraak met {parent}: bij oplopende spanning verlaat {parent} de woning.",
    ),
    (
        EntryKind.DECISION,
        EntryNature.FACT,
        "Besluit: overdracht aan het wijkteam, omdat de ouders hulp accepteren en het veilig genoeg is.",
    ),
    (
        EntryKind.DECISION,
        EntryNature.FACT,
        "Besluit: verzoek tot onderzoek aan de Raad voor de Kinderbescherming; afspraken niet nagekomen.",
    ),
    (
        EntryKind.OWN_STATEMENT,
        EntryNature.OPINION,
        "Zienswijze van {parent}: het beeld in de veiligheidsbeoordeling klopt niet; de ruzie was eenmalig.",
    ),
)
RECIPIENTS = (
    "Wijkteam Helmond-Noord",
    "Raad voor de Kinderbescherming",
    "Politie Oost-Brabant",
    "Jeugdarts GGD",
)
CLOSING_REASONS = (
    "Onderzoek afgerond; overgedragen aan het wijkteam.",
    "Advies gegeven; geen verdere bemoeienis nodig.",
    "Melding niet bevestigd na onderzoek.",
    "Overgedragen aan de Raad voor de Kinderbescherming.",
)
FIRST_CLOSING_YEAR = 2008


class HouseholdSeeder:
    def __init__(self, ctx: DemoOrganisation, *, rng: random.Random, fake: Faker, today: datetime.date):
        self.ctx = ctx
        self.rng = rng
        self.fake = fake
        self.today = today

    def run(self, count: int) -> int:
        for index in range(count):
            self.household(index, count)
        return count

    def _owner(self) -> tuple[User, Unit]:
        users, units = self.ctx.users, self.ctx.units
        if self.rng.random() < 0.65:
            return users[Role.CASEWORKER], units[0]
        return users[Role.TEAM_LEADER], units[-1]

    def _plan(self, index: int, count: int) -> tuple[datetime.date, datetime.date | None, str]:
        """Report date, first closing date and fate: mostly closed, the closing years spread
        in order of ``index``; some still open, some reopened."""
        rng, today = self.rng, self.today
        roll = rng.random()
        if roll < 0.15:
            return date_between(rng, today - datetime.timedelta(days=300), today), None, "open"
        last_year = today.year - 1
        closing_year = FIRST_CLOSING_YEAR + index * (last_year - FIRST_CLOSING_YEAR + 1) // max(count, 1)
        closing_day = date_between(
            rng, datetime.date(closing_year, 1, 1), datetime.date(closing_year, 12, 31)
        )
        report = closing_day - datetime.timedelta(days=rng.randint(20, 300))
        return report, closing_day, "reopened" if roll < 0.27 else "closed"

    def _members(self, report: datetime.date, family: str) -> list[MemberInput]:
        rng, fake = self.rng, self.fake
        count = rng.choices((0, 1, 2, 3, 4), (8, 30, 35, 18, 9))[0]
        recent = report > years_before(self.today, 3)
        children = []
        for number in range(count):
            # The eldest may be a teenager; in recent reports the youngest is often a baby.
            oldest = 17 if number == 0 else 10
            if recent and number == count - 1 and rng.random() < 0.5:
                oldest = 1
            child = person(fake, rng, born_between=(years_before(report, oldest), report), family_name=family)
            children.append(MemberInput(MemberRole.CHILD, new_person=child))
        # Parents were adults when their eldest child was born.
        eldest = min((c.new_person.date_of_birth for c in children), default=report)
        adult = (years_before(eldest, 45), min(years_before(eldest, 18), years_before(report, 19)))
        parents = [
            MemberInput(
                MemberRole.PARENT_CARER, new_person=person(fake, rng, born_between=adult, family_name=family)
            )
        ]
        if rng.random() < 0.7:
            parents.append(
                MemberInput(MemberRole.PARENT_CARER, new_person=person(fake, rng, born_between=adult))
            )
        members = parents + children
        if rng.random() < 0.3:
            grandparent = (years_before(report, 85), years_before(report, 45))
            members.append(
                MemberInput(MemberRole.OTHER_INVOLVED, new_person=person(fake, rng, born_between=grandparent))
            )
        if rng.random() < 0.25:
            # R-DOS-1: the reporter only as far as needed — a name, no date of birth.
            members.append(
                MemberInput(MemberRole.REPORTER, new_person=PersonInput(fake.first_name(), fake.last_name()))
            )
        return members

    def _report(self, report: datetime.date, members: list[MemberInput]) -> tuple[str, str]:
        """The report's source and text, fitting the household (a newborn, no children)."""
        children = sorted(
            (m.new_person for m in members if m.role == MemberRole.CHILD), key=lambda p: p.date_of_birth
        )
        parent = members[0].new_person.given_names
        if not children:
            source, text = self.rng.choice(CHILDLESS_REPORTS)
            return source, text.format(parent=parent)
        youngest = children[-1]
        if (report - youngest.date_of_birth).days < 365 and self.rng.random() < 0.5:
            source, text = NEWBORN_REPORT
            return source, text.format(child=youngest.given_names)
        source, text = self.rng.choice(REPORT_SOURCES)
        return source, text.format(child=self.rng.choice(children).given_names)

    def household(self, index: int, count: int) -> Dossier:
        report, closed_on, fate = self._plan(index, count)
        family = self.fake.last_name()
        members = self._members(report, family)
        actor, unit = self._owner()
        source, text = self._report(report, members)
        with acting_as(actor):
            dossier = dossier_create(
                acting_user=actor,
                household_name=f"Familie {family}",
                report_date=report,
                members=members,
                report_text=text,
                report_source=source,
                unit=unit,
                record_class=self.ctx.classes["VT-DOSSIER"],
            )
            self._entries(actor, dossier)
            if closed_on is not None:
                self._close(actor, dossier, closed_on, reopen=fate == "reopened")
        return dossier

    def _entries(self, actor: User, dossier: Dossier) -> None:
        rng = self.rng
        members = list(DossierMember.objects.filter(dossier=dossier).select_related("person"))
        children = [m for m in members if m.role == MemberRole.CHILD]
        parents = [m for m in members if m.role == MemberRole.PARENT_CARER]
        names = {
            "child": children[0].person.given_names if children else "",
            "parent": parents[0].person.given_names,
        }
        follow_ups = FOLLOW_UPS if children else [f for f in FOLLOW_UPS if "{child}" not in f[2]]
        for kind, nature, text in rng.sample(follow_ups, rng.randint(2, 5)):
            concerns = members if rng.random() < 0.4 else parents[:1] + children[:1]
            if kind == EntryKind.OWN_STATEMENT:
                concerns = parents[:1]
            dossier_entry_add(
                acting_user=actor,
                dossier=dossier,
                kind=kind,
                nature=nature,
                body=text.format(**names),
                concerns=concerns,
                source=f"{names['parent']} (ouder)" if kind == EntryKind.OWN_STATEMENT else "",
                not_current_contact=rng.random() < 0.1,
            )
        if rng.random() < 0.5:
            dossier_entry_add(
                acting_user=actor,
                dossier=dossier,
                kind=EntryKind.SHARED_WITH_THIRD_PARTY,
                nature=EntryNature.FACT,
                body="Samenvatting van de veiligheidsbeoordeling en de gemaakte afspraken gedeeld.",
                concerns=parents[:1] + children,
                recipient=rng.choice(RECIPIENTS),
            )

    def _close(self, actor: User, dossier: Dossier, closed_on: datetime.date, *, reopen: bool) -> None:
        rng, today = self.rng, self.today
        dossier = dossier_close(
            acting_user=actor, dossier=dossier, closed_on=closed_on, reason=rng.choice(CLOSING_REASONS)
        )
        if not reopen:
            return
        dossier = dossier_reopen(
            acting_user=actor, dossier=dossier, reason="Nieuwe melding over hetzelfde huishouden."
        )
        if rng.random() < 0.5:
            # Closed a second time later; the WMO clock runs from this closing year (R-WMO-1).
            last_day = min(today, datetime.date(today.year - 1, 12, 31))
            again = date_between(rng, closed_on + datetime.timedelta(days=200), last_day)
            dossier_close(
                acting_user=actor, dossier=dossier, closed_on=again, reason=rng.choice(CLOSING_REASONS)
            )
