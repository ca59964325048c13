"""Fake people and dates for the demo. Every value comes from a seeded Random or Faker.

Faker has no Welsh locale, so the police force's people mix en_GB names with a short list
of common Welsh names.
"""

import datetime
import random

from faker import Faker

from records.services import PersonInput

WELSH_GIVEN_NAMES = (
    "Rhys", "Dafydd", "Gethin", "Iwan", "Owain", "Emyr", "Gareth", "Huw", "Aled", "Llŷr", "Osian",
    "Steffan", "Ioan", "Siân", "Cerys", "Nia", "Eleri", "Ffion", "Catrin", "Gwen", "Angharad",
    "Lowri", "Manon", "Seren", "Elin", "Mali",
)  # fmt: skip
WELSH_FAMILY_NAMES = (
    "Jones", "Davies", "Williams", "Evans", "Thomas", "Roberts", "Hughes", "Lewis", "Morgan",
    "Griffiths", "Price", "Jenkins", "Pritchard", "Llewellyn", "Powell", "Rees", "Owen", "Parry",
    "Lloyd", "Vaughan", "Pugh", "Bowen",
)  # fmt: skip


def seeded_random(seed: str) -> random.Random:
    return random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets


def new_faker(locale: str, seed: str) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return fake


def given_and_family_name(fake: Faker, rng: random.Random, *, welsh: bool = False) -> tuple[str, str]:
    if welsh and rng.random() < 0.5:
        return rng.choice(WELSH_GIVEN_NAMES), rng.choice(WELSH_FAMILY_NAMES)
    return fake.first_name(), fake.last_name()


def date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    """A day in [start, end]; ``end`` wins when the range is empty."""
    if end <= start:
        return end
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def person(
    fake: Faker,
    rng: random.Random,
    *,
    born_between: tuple[datetime.date, datetime.date] | None,
    family_name: str | None = None,
    welsh: bool = False,
    identifiers: dict[str, str] | None = None,
) -> PersonInput:
    given, family = given_and_family_name(fake, rng, welsh=welsh)
    return PersonInput(
        given_names=given,
        family_name=family_name or family,
        date_of_birth=date_between(rng, *born_between) if born_between else None,
        identifiers=identifiers or {},
    )


def pnc_number(rng: random.Random, year: int) -> str:
    """Shaped like a Police National Computer id (YY/NNNNNNNL); not a real one."""
    return f"{year % 100:02d}/{rng.randint(0, 9_999_999):07d}{rng.choice('ABCDEFGHJKLMNPQRTUVWXY')}"


def pupil_number(rng: random.Random, *, english: bool) -> str:
    if english:  # shaped like a Unique Pupil Number: a letter and twelve digits
        return f"{rng.choice('ABCDEFGHJKLMNPQRTUVWXYZ')}{rng.randint(0, 10**12 - 1):012d}"
    return f"LL{rng.randint(0, 999_999):06d}"
