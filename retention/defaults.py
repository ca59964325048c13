"""The default schedules of RETENTION.md, shipped as data and installed per organisation.

Values are the commonly published defaults; each organisation checks and edits them (a
change creates a new version). Codes match the record classes the demo data creates.
"""

from access_control.models import OrganisationKind
from records.models import RecordCategory

MOPI = "APP Information Management (MoPI) review and retention"

POLICE = [
    dict(
        code="MOPI-1",
        name="MoPI group 1 — certain public protection matters",
        category=RecordCategory.POLICING_PURPOSE,
        trigger="subject_birth",
        period_years=100,
        action="destroy",
        review_interval_years=10,
        automation="human_review",
        police_group="1",
        legal_basis=f"{MOPI}: retain until the subject is 100, review every 10 years (R-REC-5, R-REC-7).",
    ),
    dict(
        code="MOPI-2",
        name="MoPI group 2 — other sexual, violent or serious offences",
        category=RecordCategory.POLICING_PURPOSE,
        trigger="last_event",
        period_years=10,
        action="review",
        review_interval_years=10,
        automation="human_review",
        police_group="2",
        legal_basis=f"{MOPI}: 10-year clear period, review with the national retention assessment criteria.",
    ),
    dict(
        code="MOPI-3",
        name="MoPI group 3 — all other offences",
        category=RecordCategory.POLICING_PURPOSE,
        trigger="last_event",
        period_years=6,
        action="destroy",
        automation="automatic",
        police_group="3",
        legal_basis=f"{MOPI}: 6-year clear period; automated deletion allowed below group 2 (R-REC-7).",
    ),
    dict(
        code="MOPI-4",
        name="MoPI group 4 — undetected crime",
        category=RecordCategory.POLICING_PURPOSE,
        trigger="last_event",
        period_years=6,
        action="review",
        review_interval_years=6,
        automation="human_review",
        police_group="4",
        legal_basis=(
            f"{MOPI}: 6 years from the offence (100 years for a serious specified offence), then review."
        ),
    ),
    dict(
        code="MOPI-MISC",
        name="Intelligence and non-crime records",
        category=RecordCategory.POLICING_PURPOSE,
        trigger="last_event",
        period_years=6,
        action="review",
        review_interval_years=6,
        automation="human_review",
        police_group="misc",
        legal_basis=f"{MOPI}: 6 years from the last event, then review.",
    ),
    dict(
        code="CORP-FIN",
        name="Finance records",
        category=RecordCategory.BUSINESS,
        trigger="created",
        period_years=6,
        rounding="financial_year",
        action="destroy",
        automation="automatic",
        legal_basis=(
            "NPCC minimum standards for retention and disposal: 6 years from the end of the financial year."
        ),
    ),
    dict(
        code="CORP-HR",
        name="Personnel files",
        category=RecordCategory.BUSINESS,
        trigger="event",
        trigger_event_kind="employment_ended",
        period_years=6,
        action="destroy",
        automation="human_review",
        legal_basis="NPCC minimum standards for retention and disposal: 6 years after employment ends.",
    ),
    dict(
        code="CORP-POLICY",
        name="Policy documents",
        category=RecordCategory.BUSINESS,
        trigger="closed",
        period_years=0,
        period_days=1,
        action="transfer",
        automation="human_review",
        legal_basis="NPCC minimum standards: review when superseded, then transfer to the archive (R-REC-6).",
    ),
]

VEILIG_THUIS = [
    dict(
        code="VT-DOSSIER",
        name="Household dossier (WMO)",
        category=RecordCategory.BUSINESS,
        trigger="closed",
        period_years=15,
        rounding="calendar_year",
        extend_until_youngest_child_age=18,
        action="destroy",
        automation="human_review",
        legal_basis="WMO 2015; Veilig Thuis privacy regulation art. 9 (R-WMO-1, R-WMO-2, R-WMO-5).",
    ),
]

SCHOOL = [
    dict(
        code="SCH-CONSENT",
        name="Consent records",
        category=RecordCategory.BUSINESS,
        trigger="closed",
        period_years=2,
        rounding="calendar_year",
        action="destroy",
        automation="automatic",
        legal_basis="School policy: kept while valid plus two years after withdrawal or expiry (R-CON-1).",
    ),
    dict(
        code="SCH-SAFEGUARDING",
        name="Safeguarding concern records",
        category=RecordCategory.BUSINESS,
        trigger="subject_birth",
        period_years=25,
        action="review",
        review_interval_years=5,
        automation="human_review",
        legal_basis="Safeguarding guidance: until the pupil is 25, then review (R-SAF-1).",
    ),
    dict(
        code="SCH-POLICY",
        name="School policies",
        category=RecordCategory.BUSINESS,
        trigger="created",
        period_years=1,
        action="review",
        review_interval_years=1,
        automation="human_review",
        legal_basis="Policies are reviewed annually (R-POL-1).",
    ),
]

PARTNERSHIP = SCHOOL + [
    dict(
        code="SWV-PUPIL-FILE",
        name="Pupil support file",
        category=RecordCategory.BUSINESS,
        trigger="closed",
        period_years=5,
        rounding="calendar_year",
        action="destroy",
        automation="human_review",
        legal_basis="School partnership privacy protocol: 5 years after support ends.",
    ),
]

DEFAULT_SCHEDULES = {
    OrganisationKind.POLICE_FORCE: POLICE,
    OrganisationKind.VEILIG_THUIS: VEILIG_THUIS,
    OrganisationKind.SCHOOL: SCHOOL,
    OrganisationKind.SCHOOL_PARTNERSHIP: PARTNERSHIP,
}
