"""R-REC-10: the interface works in English, Welsh and Dutch.

The page tests switch the language the way a user does (POST /i18n/setlang/) and read the
visible text of each page: the chosen language's words must be there and the English
chrome must be gone. The catalogue tests read locale/*/LC_MESSAGES/django.po with a small
parser (no polib) and check that every message is translated, not fuzzy, keeps its
placeholders, and that the committed .mo says the same as the .po, so `make run` needs no
gettext and a .po edited without recompiling is caught.
"""

import ast
import datetime
import gettext
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
TRANSLATED = ("cy", "nl")

# --- reading pages -------------------------------------------------------------------


class _VisibleText(HTMLParser):
    """Text a reader sees or hears: text nodes and aria-labels, not markup, URLs or scripts."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts.extend(value for name, value in attrs if name == "aria-label" and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(response) -> str:
    parser = _VisibleText()
    parser.feed(response.content.decode())
    return " | ".join(parser.parts)


def contains_phrase(text: str, phrase: str) -> bool:
    """Whole words only, so "Records" does not match inside "Recordsregister"."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def switch_language(client, code: str) -> None:
    response = client.post("/i18n/setlang/", {"language": code, "next": reverse("dashboard")})
    assert response.status_code == 302


# The chrome of every page (header, navigation, footer), in each language. "Dashboard"
# and "Dossiers" are Dutch words too, so they are only checked where they differ.
CHROME = {
    "cy": ["Allgofnodi", "Dangosfwrdd", "Coflenni", "Cofnodion", "Neidio i'r prif gynnwys"],
    "nl": ["Uitloggen", "Archiefstukken", "Direct naar de hoofdinhoud", "Ingelogd als"],
}
ENGLISH_CHROME = {
    "cy": ["Sign out", "Signed in as", "Skip to main content", "Dashboard", "Dossiers", "Records"],
    "nl": ["Sign out", "Signed in as", "Skip to main content", "Records"],
}
ENGLISH_FOOTER = "Everyone who sees personal data here is bound to confidentiality."

# Per page: what must appear in Welsh and in Dutch, and the English it replaces.
PAGES = {
    "dashboard": {
        "cy": ["Eich gwaith", "Agor coflen", "Cofrestru cofnod", "Coflenni agored", "Pob cofnod"],
        "nl": ["Uw werk", "Een dossier openen", "Een archiefstuk registreren", "Alle archiefstukken"],
        "en": [
            "Your work",
            "Open a dossier",
            "Register a record",
            "Recently registered records",
            "All records",
        ],
    },
    "dossier_list": {
        "cy": ["Coflenni aelwydydd", "Chwilio coflenni", "Unrhyw statws", "1 coflen wedi'i chanfod"],
        "nl": ["Dossiers van huishoudens", "Dossiers zoeken", "Elke status", "1 dossier gevonden"],
        "en": ["Household dossiers", "Search dossiers", "Any status", "1 dossier found", "Search"],
    },
    "dossier_create": {
        "cy": ["Agor y goflen", "Enw'r aelwyd", "Dyddiad yr adroddiad", "Ychwanegu aelod arall", "Canslo"],
        "nl": ["Dossier openen", "Naam van het huishouden", "Datum van de melding", "Annuleren"],
        "en": ["Open the dossier", "Household name", "Date of the report", "Add another member", "Cancel"],
    },
    "dossier_detail": {
        "cy": ["Coflen VT-2024-00001", "Aelodau'r aelwyd", "Dyddiad geni", "Plentyn", "Cau'r goflen"],
        "nl": ["Dossier VT-2024-00001", "Gezinsleden", "Geboortedatum", "Kind", "Dossier afsluiten"],
        "en": ["Household members", "Date of birth", "Child", "Close the dossier", "Status history"],
    },
    "record_list": {
        "cy": ["Cofrestr cofnodion", "Chwilio cofnodion", "Unrhyw gategori", "Diben plismona"],
        "nl": ["Register van archiefstukken", "Archiefstukken zoeken", "Elke categorie", "Politiedoeleinde"],
        "en": ["Records register", "Search records", "Any category", "Policing purpose", "1 record found"],
    },
    "record_detail": {
        "cy": ["Cofnod REC-0001", "Ased gwybodaeth", "Cofrestru copi", "Cofnodi digwyddiad", "Gwrthrychau"],
        "nl": ["Archiefstuk REC-0001", "Informatiebron", "Een kopie registreren", "Betrokkenen"],
        "en": [
            "Information asset",
            "Register a copy",
            "Record an event",
            "Subjects",
            "No copies registered.",
        ],
    },
    # The subject-rights, oversight and governance screens (issue 6). Dates are in the
    # reader's language too: "4 mei 2015", "2 Mai 2026".
    "request_list": {
        "cy": [
            "Ceisiadau gwrthrychau",
            "Cofnodi cais",
            "Ceisiadau agored",
            "Unrhyw derfyn amser",
            "1 cais wedi'i ganfod",
        ],
        "nl": [
            "Verzoeken van betrokkenen",
            "Een verzoek registreren",
            "Openstaande verzoeken",
            "Elke termijn",
            "1 verzoek gevonden",
        ],
        "en": ["Subject requests", "Log a request", "Open requests", "Any deadline", "Due within 7 days"],
    },
    "request_detail": {
        "cy": [
            "Cais SR-2026-0001",
            "Pwy a beth",
            "Ceisydd",
            "Heb ei neilltuo",
            "Sam Jansen, ganwyd 4 Mai 2015",
            "1 Mai 2026 · Llythyr",
        ],
        "nl": [
            "Verzoek SR-2026-0001",
            "Wie en wat",
            "Verzoeker",
            "Niet toegewezen",
            "Sam Jansen, geboren 4 mei 2015",
            "1 mei 2026 · Brief",
        ],
        "en": [
            "Who and what",
            "Requester",
            "Not assigned",
            "Answer due",
            "Sam Jansen, born 4 May 2015",
            "1 May 2026 · Letter",
        ],
    },
    "request_create": {
        "cy": ["Cofnodi cais", "Math o gais", "Dyddiad derbyn", "Am bwy y mae'r cais?", "Ffurflen we"],
        "nl": [
            "Een verzoek registreren",
            "Soort verzoek",
            "Datum van ontvangst",
            "Over wie gaat het verzoek?",
            "Webformulier",
        ],
        "en": [
            "Log a request",
            "Type of request",
            "Date of receipt",
            "Who is the request about?",
            "Web form",
        ],
    },
    "consent_register": {
        "cy": [
            "Cofrestr caniatâd",
            "Ganwyd 4 Mai 2015.",
            "A gaiff y data hwn ei rannu?",
            "Cofnodi caniatâd",
            "Rhieni a gwarcheidwaid",
        ],
        "nl": [
            "Toestemmingsregister",
            "Geboren 4 mei 2015.",
            "Mogen deze gegevens worden gedeeld?",
            "Een toestemming vastleggen",
            "Ouders en voogden",
        ],
        "en": [
            "Consent register",
            "Born 4 May 2015.",
            "May this data be shared?",
            "Record a consent",
            "Parents and guardians",
        ],
    },
    "compliance_dashboard": {
        "cy": [
            "Dangosfwrdd cydymffurfiaeth",
            "Adroddiad chwarterol",
            "Dangos cyfnod",
            "Coflenni wedi'u cau",
            "Pobl wedi'u cofrestru",
        ],
        "nl": [
            "Nalevingsdashboard",
            "Kwartaalrapportage",
            "Periode tonen",
            "Afgesloten dossiers",
            "Geregistreerde personen",
        ],
        "en": [
            "Compliance dashboard",
            "Quarterly report",
            "Show period",
            "Closed dossiers",
            "People registered",
        ],
    },
    "governance_overview": {
        "cy": [
            "Cofrestrau llywodraethu",
            "Pryderon diogelu",
            "Cofnodi pryder diogelu",
            "Rhoi gwybod am dor data personol",
        ],
        "nl": ["Governanceregisters", "Zorgmeldingen", "Een zorgsignaal registreren", "Een datalek melden"],
        "en": [
            "Governance registers",
            "Safeguarding concerns",
            "Log a safeguarding concern",
            "Report a personal data breach",
        ],
    },
    "concern_log": {
        "cy": ["Pryderon diogelu", "Unrhyw gategori", "Diogelwch ar-lein", "1 pryder", "Cyfeirnod"],
        "nl": ["Zorgmeldingen", "Elke categorie", "Online veiligheid", "1 zorgsignaal", "Kenmerk"],
        "en": ["Safeguarding concerns", "Any category", "Online safety", "1 concern", "Reference"],
    },
    "break_glass_list": {
        "cy": ["Mynediad brys (break-glass)", "1 agoriad", "Rheswm", "tan 12:30", "2 Mai 2026 12:00"],
        "nl": ["Noodtoegang", "1 keer geopend", "Reden", "tot 12:30", "2 Mei 2026 12:00"],
        "en": ["Break-glass access", "1 opening", "Reason", "until 12:30", "2 May 2026 12:00"],
    },
    "break_glass_review": {
        "cy": [
            "Adolygu mynediad brys",
            "Agorwyd gan",
            "Rheswm a roddwyd",
            "Marcio fel wedi'i adolygu",
            "2 Mai 2026 12:00 – 12:30",
        ],
        "nl": [
            "Noodtoegang beoordelen",
            "Geopend door",
            "Opgegeven reden",
            "Markeren als beoordeeld",
            "2 mei 2026 12:00 – 12:30",
        ],
        "en": [
            "Review break-glass access",
            "Opened by",
            "Reason given",
            "Mark as reviewed",
            "2 May 2026 12:00 – 12:30",
        ],
    },
    "authorisation_matrix": {
        "cy": [
            "Matrics awdurdodi",
            "Dim mynediad",
            "Y sefydliad cyfan",
            "Lawrlwytho fel PDF",
            "Gweithiwr achos",
        ],
        "nl": [
            "Autorisatiematrix",
            "Geen toegang",
            "Hele organisatie",
            "Downloaden als pdf",
            "Casusbehandelaar",
        ],
        "en": ["Authorisation matrix", "No access", "Whole organisation", "Download as PDF", "Caseworker"],
    },
}

# The pages that need the ``screens`` objects (and are reached through their own URLs).
SCREEN_PAGES = frozenset(
    {
        "request_list",
        "request_detail",
        "request_create",
        "consent_register",
        "compliance_dashboard",
        "governance_overview",
        "concern_log",
        "break_glass_list",
        "break_glass_review",
        "authorisation_matrix",
    }
)

# Who opens each page (a fixture of tests/web/conftest.py); the caseworker unless named here.
PAGE_USER = {
    "request_list": "dpo",
    "request_detail": "dpo",
    "compliance_dashboard": "dpo",
    "break_glass_list": "dpo",
    "break_glass_review": "dpo",
    "authorisation_matrix": "dpo",
}


@pytest.fixture
def screens(org, owner, dossier):
    """A subject request, a safeguarding concern and a break-glass opening about the dossier's child."""
    from tests.compliance.factories import BreakGlassAccessFactory, SubjectRequestFactory
    from tests.governance.factories import ConcernFactory

    child = dossier.members.get(person__given_names="Sam").person
    subject_request = SubjectRequestFactory(
        organisation=org, subject=child, reference="SR-2026-0001", received_on=datetime.date(2026, 5, 1)
    )
    ConcernFactory(organisation=org, reported_by=owner, pupils=[child])
    opening = BreakGlassAccessFactory(
        organisation=org, user=owner, object_kind="dossier", object_id=dossier.pk
    )
    return {"request": subject_request, "child": child, "break_glass": opening}


def _open_as(request, page: str, client):
    """Sign in as the page's user; the objects the newer screens need are built only for them."""
    client.force_login(request.getfixturevalue(PAGE_USER.get(page, "owner")))
    return request.getfixturevalue("screens") if page in SCREEN_PAGES else None


def page_url(page: str, dossier, record, screens=None) -> str:
    if page in SCREEN_PAGES:
        return {
            "request_list": lambda: reverse("subject_rights:request_list"),
            "request_detail": lambda: reverse("subject_rights:request_detail", args=[screens["request"].pk]),
            "request_create": lambda: reverse("subject_rights:request_create"),
            "consent_register": lambda: reverse(
                "subject_rights:consent_register", args=[screens["child"].pk]
            ),
            "compliance_dashboard": lambda: reverse("compliance:dashboard"),
            "governance_overview": lambda: reverse("governance:overview"),
            "concern_log": lambda: reverse("governance:concern_list"),
            "break_glass_list": lambda: reverse("access:break_glass_list"),
            "break_glass_review": lambda: reverse(
                "access:break_glass_review", args=[screens["break_glass"].pk]
            ),
            "authorisation_matrix": lambda: reverse("access:matrix"),
        }[page]()
    return {
        "dashboard": reverse("dashboard"),
        "dossier_list": reverse("dossiers:list"),
        "dossier_create": reverse("dossiers:create"),
        "dossier_detail": reverse("dossiers:detail", args=[dossier.pk]),
        "record_list": reverse("records:list"),
        "record_detail": reverse("records:detail", args=[record.pk]),
    }[page]


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("page", list(PAGES))
def test_it_shows_each_page_in_the_chosen_language(request, client, dossier, record, page, language):
    """R-REC-10: after switching, the main screens speak Welsh or Dutch, not English."""
    screens = _open_as(request, page, client)
    switch_language(client, language)

    response = client.get(page_url(page, dossier, record, screens))

    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()
    text = visible_text(response)
    missing = [p for p in CHROME[language] + PAGES[page][language] if not contains_phrase(text, p)]
    assert missing == [], f"{language} text missing on {page}"
    english = [
        p for p in ENGLISH_CHROME[language] + [ENGLISH_FOOTER] + PAGES[page]["en"] if contains_phrase(text, p)
    ]
    assert english == [], f"English left on the {language} {page} page"


@pytest.mark.parametrize("page", list(PAGES))
def test_it_keeps_english_for_a_user_who_did_not_switch(request, client, dossier, record, page):
    """The English texts the language tests look for are really on the pages (no vacuous pass)."""
    screens = _open_as(request, page, client)

    text = visible_text(client.get(page_url(page, dossier, record, screens)))

    missing = [
        p for p in PAGES[page]["en"] + ["Sign out", "Records", ENGLISH_FOOTER] if not contains_phrase(text, p)
    ]
    assert missing == []
    assert not contains_phrase(text, "Allgofnodi")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("cy", "Ni all y dyddiad cau fod cyn dyddiad yr adroddiad."),
        ("nl", "De afsluitdatum kan niet vóór de meldingsdatum liggen."),
        ("en", "The closing date cannot be before the report date."),
    ],
)
def test_it_shows_a_service_refusal_in_the_chosen_language(login, owner, client, dossier, language, expected):
    """A DomainError raised by records.services reaches the form in the reader's language."""
    login(owner)
    switch_language(client, language)

    response = client.post(
        reverse("dossiers:close", args=[dossier.pk]),
        {
            "close-closed_on": (dossier.report_date - datetime.timedelta(days=1)).isoformat(),
            "close-reason": "",
        },
    )

    assert response.status_code == 200
    assert contains_phrase(visible_text(response), expected)
    dossier.refresh_from_db()
    assert dossier.closed_on is None


@pytest.mark.parametrize(
    ("language", "expected"),
    [("cy", "Gwarediadau, Mai 2026"), ("nl", "Vernietigingen, mei 2026"), ("en", "Disposals, May 2026")],
)
def test_it_names_a_month_in_the_readers_language(login, dpo, client, language, expected):
    """A month chosen on the compliance dashboard is named in the reader's language, not
    strftime's English ("mei 2026", not "May 2026", on a Dutch page)."""
    login(dpo)
    switch_language(client, language)

    response = client.get(reverse("compliance:list", args=["disposals"]) + "?month=2026-05")

    assert response.status_code == 200
    text = visible_text(response)
    assert contains_phrase(text, expected)
    assert language == "en" or not contains_phrase(text, "May 2026")


# --- reading catalogues --------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|\{\w*\}")
_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


@dataclass
class PoEntry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # 0 for a singular entry

    @property
    def label(self) -> str:
        return f"line {self.line}: {self.msgid[:60]!r}"


def read_po(path: Path) -> list[PoEntry]:
    """Entries of a .po file (the header first); obsolete (#~) entries are left out."""
    entries: list[PoEntry] = []
    current: PoEntry | None = None
    target: tuple[str, int] | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if target is not None:  # a comment after a message starts the next entry
                current, target = None, None
            if current is None:
                current = PoEntry(line=number)
                entries.append(current)
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        match = _LINE.match(line)
        if match:
            keyword, index, literal = match.groups()
            if current is None or (keyword in ("msgid", "msgctxt") and target and target[0] == "msgstr"):
                current = PoEntry(line=number)
                entries.append(current)
            text = ast.literal_eval(literal)
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(index or 0))
                current.msgstr[target[1]] = text
            else:
                target = (keyword, 0)
                setattr(current, keyword, text)
            continue
        if line.startswith('"') and current is not None and target is not None:
            text = ast.literal_eval(line)
            if target[0] == "msgstr":
                current.msgstr[target[1]] += text
            else:
                setattr(current, target[0], getattr(current, target[0]) + text)
            continue
        raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
    return entries


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def header_field(entries: list[PoEntry], name: str) -> str:
    header = entries[0]
    assert header.msgid == "", "the catalogue must start with its header"
    for line in header.msgstr[0].splitlines():
        key, _, value = line.partition(":")
        if key == name:
            return value.strip()
    raise AssertionError(f"header has no {name}")


def nplurals(entries: list[PoEntry]) -> int:
    return int(re.search(r"nplurals=(\d+)", header_field(entries, "Plural-Forms")).group(1))


@pytest.mark.parametrize("language", TRANSLATED)
def test_it_has_a_complete_header(language):
    entries = read_po(po_path(language))

    assert "fuzzy" not in entries[0].flags  # a fuzzy header is dropped by msgfmt, plural rules too
    assert header_field(entries, "Language") == language
    assert "charset=UTF-8" in header_field(entries, "Content-Type")
    assert nplurals(entries) == {"cy": 4, "nl": 2}[language]


@pytest.mark.parametrize("language", TRANSLATED)
def test_it_translates_every_message(language):
    entries = read_po(po_path(language))[1:]
    forms = nplurals(read_po(po_path(language)))

    assert len(entries) > 100
    fuzzy = [e.label for e in entries if "fuzzy" in e.flags]
    empty = [e.label for e in entries if not e.msgstr or any(not s.strip() for s in e.msgstr.values())]
    wrong_forms = [
        e.label for e in entries if e.msgid_plural is not None and sorted(e.msgstr) != list(range(forms))
    ]
    assert fuzzy == [], "fuzzy entries must be checked and unflagged"
    assert empty == [], "untranslated entries"
    assert wrong_forms == [], f"plural entries need {forms} forms"


@pytest.mark.parametrize("language", TRANSLATED)
def test_it_keeps_every_placeholder(language):
    entries = read_po(po_path(language))[1:]

    broken = []
    for entry in entries:
        for index, text in entry.msgstr.items():
            source = entry.msgid_plural if entry.msgid_plural is not None and index > 0 else entry.msgid
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                broken.append((entry.label, index))
    assert broken == []


def _number_for_form(translation: gettext.GNUTranslations, form: int) -> int:
    return next(n for n in range(200) if translation.plural(n) == form)


@pytest.mark.parametrize("language", TRANSLATED)
def test_it_ships_a_compiled_catalogue_that_matches_the_po(language):
    """The committed .mo holds exactly what the .po says (recompile after editing the .po)."""
    entries = read_po(po_path(language))
    mo = po_path(language).with_suffix(".mo")
    assert mo.exists(), f"run manage.py compilemessages: {mo} is missing"
    with mo.open("rb") as handle:
        translation = gettext.GNUTranslations(handle)

    assert translation.info().get("language") == language
    stale = []
    for entry in entries[1:]:
        for form, expected in entry.msgstr.items():
            if entry.msgid_plural is None:
                args = (entry.msgid,)
                actual = (
                    translation.pgettext(entry.msgctxt, *args)
                    if entry.msgctxt is not None
                    else translation.gettext(*args)
                )
            else:
                args = (entry.msgid, entry.msgid_plural, _number_for_form(translation, form))
                actual = (
                    translation.npgettext(entry.msgctxt, *args)
                    if entry.msgctxt is not None
                    else translation.ngettext(*args)
                )
            if actual != expected:
                stale.append((entry.label, form))
    assert stale == [], f"{mo} is out of date: run manage.py compilemessages"
