"""Finding third parties' personal data in disclosed text (R-DSR-2, R-DSR-14).

Pure functions, no database: given the other people linked to the subject's items and the
subject themself, build the patterns to look for (names, identifiers, dates of birth) and
find their spans in a text. Nothing that is also the subject's own data is proposed: a
family name the subject shares is only matched as part of another member's full name.

The search is deliberately generous (case-insensitive, flexible spacing, dates in the
numeric and written forms used in English, Dutch and Welsh records): a proposal the
reviewer rejects costs a click, a name that slips through harms a third party. People can
also be identifiable from context (R-DSR-14); that is what manual redactions are for.
"""

import datetime
import re
from dataclasses import dataclass

from subject_rights.models import RedactionCategory

MIN_TERM_LENGTH = 2

MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("January", "Jan", "januari", "jan", "Ionawr"),
    2: ("February", "Feb", "februari", "feb", "Chwefror"),
    3: ("March", "Mar", "maart", "mrt", "Mawrth"),
    4: ("April", "Apr", "april", "Ebrill"),
    5: ("May", "mei", "Mai"),
    6: ("June", "Jun", "juni", "Mehefin"),
    7: ("July", "Jul", "juli", "Gorffennaf"),
    8: ("August", "Aug", "augustus", "aug", "Awst"),
    9: ("September", "Sep", "Sept", "september", "sep", "Medi"),
    10: ("October", "Oct", "oktober", "okt", "Hydref"),
    11: ("November", "Nov", "november", "nov", "Tachwedd"),
    12: ("December", "Dec", "december", "dec", "Rhagfyr"),
}

# When two patterns match overlapping text, the more specific one wins.
_PRIORITY = {
    RedactionCategory.FULL_NAME: 0,
    RedactionCategory.IDENTIFIER: 1,
    RedactionCategory.DATE_OF_BIRTH: 2,
    RedactionCategory.FAMILY_NAME: 3,
    RedactionCategory.GIVEN_NAME: 4,
}


@dataclass(frozen=True)
class Term:
    pattern: re.Pattern
    category: str
    person_id: int | None


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    category: str
    person_id: int | None

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def _words(value: str) -> str:
    """A name as a pattern: each word escaped, any whitespace between them."""
    return r"\s+".join(re.escape(word) for word in value.split())


def _bounded(pattern: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){pattern}(?!\w)", re.IGNORECASE)


def _identifier_pattern(value: str) -> str:
    # "943 476 5919", "943-476-5919" and "9434765919" are the same NHS number.
    characters = [c for c in value if c.isalnum()]
    return r"[\s.\-]?".join(re.escape(c) for c in characters)


def date_patterns(day: datetime.date) -> list[str]:
    d, m, y = day.day, day.month, day.year
    numeric = rf"0?{d}[-/.]0?{m}[-/.]{y}"
    iso = rf"{y}-{m:02d}-{d:02d}"
    months = "|".join(re.escape(name) for name in MONTH_NAMES[m])
    written = rf"0?{d}(?:st|nd|rd|th|ed|fed|af|ain|eg)?\s+(?:{months})\.?,?\s+{y}"
    american = rf"(?:{months})\.?\s+0?{d}(?:st|nd|rd|th)?,?\s+{y}"
    return [numeric, iso, written, american]


def _own_words(subject) -> set[str]:
    return {w.casefold() for w in f"{subject.given_names} {subject.family_name}".split()}


def terms_for(third_parties, subject) -> list[Term]:
    """The patterns for every third party's names, identifiers and date of birth."""
    own_words = _own_words(subject)
    own_identifiers = {i.value.casefold() for i in subject.identifiers.all()}
    terms: list[Term] = []

    def add(pattern: str, category: str, person_id: int) -> None:
        terms.append(Term(_bounded(pattern), category, person_id))

    for person in third_parties:
        given, family = person.given_names.strip(), person.family_name.strip()
        if given and family:
            add(_words(f"{given} {family}"), RedactionCategory.FULL_NAME, person.pk)
            add(rf"{re.escape(given[0])}\.?\s+{_words(family)}", RedactionCategory.FULL_NAME, person.pk)
        if len(family) >= MIN_TERM_LENGTH and not set(family.casefold().split()) <= own_words:
            add(_words(family), RedactionCategory.FAMILY_NAME, person.pk)
        for word in given.split():
            if len(word) >= MIN_TERM_LENGTH and word.casefold() not in own_words:
                add(re.escape(word), RedactionCategory.GIVEN_NAME, person.pk)
        for identifier in person.identifiers.all():
            value = identifier.value.strip()
            if len(value) >= MIN_TERM_LENGTH and value.casefold() not in own_identifiers:
                add(_identifier_pattern(value), RedactionCategory.IDENTIFIER, person.pk)
        if person.date_of_birth and person.date_of_birth != subject.date_of_birth:
            for pattern in date_patterns(person.date_of_birth):
                add(pattern, RedactionCategory.DATE_OF_BIRTH, person.pk)
    return terms


def find_spans(text: str, terms: list[Term]) -> list[Span]:
    """Non-overlapping spans of ``text`` matching ``terms``, in text order.

    Overlaps are settled by specificity (a full name beats the given name inside it), then
    by length, then by position.
    """
    if not text:
        return []
    found = [
        Span(match.start(), match.end(), match.group(0), term.category, term.person_id)
        for term in terms
        for match in term.pattern.finditer(text)
    ]
    found.sort(key=lambda s: (_PRIORITY[s.category], -(s.end - s.start), s.start))
    chosen: list[Span] = []
    for span in found:
        if not any(span.overlaps(c.start, c.end) for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Every (start, end) of ``needle`` in ``text`` (exact, case-sensitive: what the reviewer typed)."""
    if not needle:
        return []
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)]
