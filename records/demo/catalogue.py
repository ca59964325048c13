"""What the demo contains: the four organisations of the seeds and their record classes.

Kept as data so the retention engine (schedules per record class) and the tests read the
same list the seed writes.
"""

from dataclasses import dataclass

from access_control.models import OrganisationKind
from records.models import RecordCategory

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed on purpose: demo logins only
DEMO_EMAIL_DOMAIN = "demo.test"
ADMINISTRATORS_GROUP = "Administrators"


@dataclass(frozen=True)
class AssetSpec:
    key: str
    name: str
    description: str


@dataclass(frozen=True)
class OrganisationSpec:
    slug: str
    name: str
    kind: str
    jurisdiction: str
    language: str
    faker_locale: str
    # Prefix of generated record references (dossiers are numbered by the service).
    reference_prefix: str
    units: tuple[str, ...]
    assets: tuple[AssetSpec, ...]
    financial_year_end: tuple[int, int] = (3, 31)


ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    OrganisationSpec(
        slug="heddlu",
        name="Heddlu Dyfed-Powys (demo)",
        kind=OrganisationKind.POLICE_FORCE,
        jurisdiction="GB-WLS",
        language="cy",
        faker_locale="en_GB",
        reference_prefix="HDP",
        units=(
            "Adran Ymchwiliadau Troseddol / Criminal Investigation Department",
            "Uned Diogelu'r Cyhoedd / Public Protection Unit",
        ),
        assets=(
            AssetSpec(
                "crime",
                "Niche RMS — troseddau a chudd-wybodaeth / crime and intelligence",
                "Crime reports, custody, intelligence and case files (nominal records).",
            ),
            AssetSpec(
                "paper",
                "Ffeiliau achos papur / Paper case files",
                "Paper case files kept for CPIA disclosure, registered here so review applies (R-REC-3).",
            ),
            AssetSpec("finance", "Cyllid / Finance system", "Purchase ledger, invoices, claims."),
            AssetSpec("hr", "Ffeiliau personél / Personnel files", "Officer and staff personnel files."),
            AssetSpec("policy", "Llyfrgell polisïau / Policy library", "Force policies and procedures."),
        ),
    ),
    OrganisationSpec(
        slug="vt",
        name="Veilig Thuis Zuidoost-Brabant (demo)",
        kind=OrganisationKind.VEILIG_THUIS,
        jurisdiction="NL",
        language="nl",
        faker_locale="nl_NL",
        reference_prefix="VT",
        units=("Team Onderzoek Eindhoven", "Team Veiligheid Helmond"),
        assets=(
            AssetSpec(
                "dossiers",
                "Registratiesysteem Veilig Thuis",
                "Huishouddossiers: meldingen, veiligheidsbeoordelingen, onderzoeken en besluiten.",
            ),
        ),
        financial_year_end=(12, 31),
    ),
    OrganisationSpec(
        slug="swv",
        name="Samenwerkingsverband PO Helmond-Peelland (demo)",
        kind=OrganisationKind.SCHOOL_PARTNERSHIP,
        jurisdiction="NL",
        language="nl",
        faker_locale="nl_NL",
        reference_prefix="SWV",
        units=("Commissie van Toelaatbaarheid", "Ondersteuningsteam"),
        assets=(
            AssetSpec(
                "applications",
                "Digitale omgeving aanvragen TLV",
                "Aanvragen toelaatbaarheidsverklaring SBO/SO en thuiszittersregistratie.",
            ),
            AssetSpec(
                "consent", "Toestemmingen ouders en leerlingen", "Vastgelegde toestemmingen (R-CON-1)."
            ),
            AssetSpec("policy", "Beleidsdocumenten SWV", "Privacyprotocol en reglementen."),
        ),
        financial_year_end=(12, 31),
    ),
    OrganisationSpec(
        slug="school",
        name="Goldwyn School (demo)",
        kind=OrganisationKind.SCHOOL,
        jurisdiction="GB-ENG",
        language="en",
        faker_locale="en_GB",
        reference_prefix="GS",
        units=("Designated Safeguarding Lead team", "Pastoral team"),
        assets=(
            AssetSpec(
                "safeguarding",
                "Safeguarding and online-safety log",
                "Concerns, filtering alerts and the DSL's recorded decisions (R-SAF-1).",
            ),
            AssetSpec("consent", "Parental consent forms", "Photo, video and project consents (R-CON-5)."),
            AssetSpec("policy", "School policies", "Online safety and acceptable-use policies (R-POL-1)."),
        ),
        financial_year_end=(8, 31),
    ),
)


@dataclass(frozen=True)
class RecordClassSpec:
    code: str
    name: str
    category: str
    description: str


_POLICING = RecordCategory.POLICING_PURPOSE
_BUSINESS = RecordCategory.BUSINESS

# Named after the default schedules of RETENTION.md; the retention engine attaches a
# schedule to each code.
POLICE_CLASSES = (
    RecordClassSpec(
        "MOPI-1",
        "MoPI group 1 — certain public protection matters",
        _POLICING,
        "MAPPA-managed offenders, serious specified offences, potentially dangerous persons.",
    ),
    RecordClassSpec(
        "MOPI-2",
        "MoPI group 2 — other sexual, violent or serious offences",
        _POLICING,
        "10-year clear period, reviewed against the national retention assessment criteria.",
    ),
    RecordClassSpec("MOPI-3", "MoPI group 3 — all other offences", _POLICING, "6-year clear period."),
    RecordClassSpec(
        "MOPI-4", "MoPI group 4 — undetected crime", _POLICING, "Reviewed from the offence date."
    ),
    RecordClassSpec(
        "MOPI-MISC",
        "MoPI miscellaneous — intelligence and non-crime records",
        _POLICING,
        "6 years from the last event, then review.",
    ),
    RecordClassSpec(
        "CORP-FIN", "Corporate — finance records", _BUSINESS, "6 years from the end of the financial year."
    ),
    RecordClassSpec("CORP-HR", "Corporate — personnel files", _BUSINESS, "6 years after employment ends."),
    RecordClassSpec(
        "CORP-POLICY",
        "Corporate — policy documents",
        _BUSINESS,
        "Reviewed when superseded, then transferred to the archive.",
    ),
)
VEILIG_THUIS_CLASSES = (
    RecordClassSpec(
        "VT-DOSSIER",
        "Veilig Thuis household dossier",
        _BUSINESS,
        "15 years from the closing year, at least until the youngest child turns 18 (R-WMO-1/2).",
    ),
)
_SCHOOL_COMMON = (
    RecordClassSpec(
        "SCH-CONSENT", "Consent records", _BUSINESS, "Kept while valid plus a period after withdrawal."
    ),
    RecordClassSpec(
        "SCH-SAFEGUARDING",
        "Safeguarding concern records",
        _BUSINESS,
        "Concerns, filtering breaches and the DSL's decisions (R-SAF-1).",
    ),
    RecordClassSpec("SCH-POLICY", "Policies", _BUSINESS, "Reviewed annually (R-POL-1)."),
)
PARTNERSHIP_CLASSES = (
    RecordClassSpec(
        "SWV-PUPIL-FILE",
        "Partnership pupil file",
        _BUSINESS,
        "Applications for an admissibility statement (TLV) and home-sitter registrations.",
    ),
    *_SCHOOL_COMMON,
)

RECORD_CLASSES_BY_KIND: dict[str, tuple[RecordClassSpec, ...]] = {
    OrganisationKind.POLICE_FORCE: POLICE_CLASSES,
    OrganisationKind.VEILIG_THUIS: VEILIG_THUIS_CLASSES,
    OrganisationKind.SCHOOL_PARTNERSHIP: PARTNERSHIP_CLASSES,
    OrganisationKind.SCHOOL: _SCHOOL_COMMON,
}
