"""Bulk data for the benchmarks, generated inside PostgreSQL with generate_series.

Python only creates the handful of reference rows (organisations, users, schedules) through
the services; the million rows are INSERT … SELECT so building them takes seconds.
"""

import time

from django.db import connection

from access_control.models import Organisation, OrganisationKind, Role, User
from records.models import InformationAsset
from retention.models import RecordClass
from retention.services.schedules import schedules_install_defaults

POLICE_CLASS_WEIGHTS = [
    ("MOPI-1", 2),
    ("MOPI-2", 10),
    ("MOPI-3", 55),
    ("MOPI-4", 8),
    ("MOPI-MISC", 15),
    ("CORP-FIN", 10),
]


def _reference_rows():
    police, _ = Organisation.objects.get_or_create(
        slug="bench-police", defaults={"name": "Bench police force", "kind": OrganisationKind.POLICE_FORCE}
    )
    vt, _ = Organisation.objects.get_or_create(
        slug="bench-vt",
        defaults={"name": "Bench Veilig Thuis", "kind": OrganisationKind.VEILIG_THUIS, "jurisdiction": "NL"},
    )
    officer, _ = User.objects.get_or_create(
        username="bench-officer", defaults={"organisation": police, "role": Role.RECORDS_OFFICER}
    )
    vt_leader, _ = User.objects.get_or_create(
        username="bench-vt-leader", defaults={"organisation": vt, "role": Role.TEAM_LEADER}
    )
    schedules_install_defaults(acting_user=officer, organisation=police)
    schedules_install_defaults(acting_user=vt_leader, organisation=vt)
    asset, _ = InformationAsset.objects.get_or_create(
        organisation=police, name="Bench RMS", defaults={"owner": officer}
    )
    return police, vt, officer, asset


def _class_case(organisation) -> str:
    """A SQL CASE choosing a record class by weight from a random number r in [0, 100)."""
    ids = dict(RecordClass.objects.filter(organisation=organisation).values_list("code", "pk"))
    parts, upper = [], 0
    for code, weight in POLICE_CLASS_WEIGHTS:
        upper += weight
        parts.append(f"WHEN r < {upper} THEN {ids[code]}")
    return "CASE " + " ".join(parts) + f" ELSE {ids['MOPI-3']} END"


def build(*, records: int, people: int, dossiers: int, events: int, out=print) -> dict:
    if connection.vendor != "postgresql":
        raise SystemExit("The benchmarks need PostgreSQL: set DATABASE_URL=postgres://…")
    started = time.perf_counter()
    police, vt, officer, asset = _reference_rows()
    vt_class = RecordClass.objects.get(organisation=vt, code="VT-DOSSIER").pk
    police_people = people * 3 // 4
    vt_people = people - police_people
    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE records_dossiermember, records_dossier, records_subjectevent, records_recordsubject, "
            "records_recordcopy, records_record, records_person RESTART IDENTITY CASCADE"
        )
        cur.execute(
            """
            INSERT INTO records_person (organisation_id, given_names, family_name, date_of_birth,
                                        created_at, updated_at)
            SELECT CASE WHEN i <= %(police_people)s THEN %(police)s ELSE %(vt)s END,
                   'Given' || i, 'Family' || (i %% 5000),
                   DATE '1940-01-01' + ((i * 7919) %% 30000)::int,
                   now(), now()
            FROM generate_series(1::bigint, %(people)s) AS i
            """,
            {"police_people": police_people, "police": police.pk, "vt": vt.pk, "people": people},
        )
        cur.execute(
            f"""
            INSERT INTO records_record (organisation_id, reference, title, description, category,
                record_class_id, information_asset_id, format, language, created_on, status,
                created_at, updated_at, retention_action, retention_basis)
            SELECT %(police)s, 'R-' || i, 'Record ' || i, '', 'policing', {_class_case(police)},
                   %(asset)s, 'digital', 'en', DATE '1995-01-01' + ((i * 104729) %% 11000)::int, 'live',
                   now(), now(), '', ''
            FROM (SELECT i, (i * 37) %% 100 AS r FROM generate_series(1::bigint, %(records)s) AS i) AS g
            """,
            {"police": police.pk, "asset": asset.pk, "records": records},
        )
        # One subject per record, a second on every third record; people ids are 1..police_people.
        cur.execute(
            """
            INSERT INTO records_recordsubject (record_id, person_id, role)
            SELECT i, 1 + ((i * 7919) %% %(pp)s), 'subject' FROM generate_series(1::bigint, %(records)s) AS i
            UNION ALL
            SELECT i, 1 + ((i * 104723 + 11) %% %(pp)s), 'victim' FROM generate_series(3::bigint, %(records)s, 3) AS i
            ON CONFLICT DO NOTHING
            """,
            {"pp": police_people, "records": records},
        )
        cur.execute(
            """
            INSERT INTO records_subjectevent (organisation_id, person_id, kind, occurred_on, description,
                                              created_at)
            SELECT %(police)s, 1 + ((i * 15485863) %% %(pp)s), 'arrest',
                   DATE '2000-01-01' + ((i * 31) %% 9000)::int, '', now()
            FROM generate_series(1::bigint, %(events)s) AS i
            """,
            {"police": police.pk, "pp": police_people, "events": events},
        )
        cur.execute(
            """
            INSERT INTO records_dossier (organisation_id, reference, household_name, report_date, status,
                closed_on, summary, record_class_id, lifecycle, created_at, updated_at,
                retention_action, retention_basis)
            SELECT %(vt)s, 'D-' || i, 'Household ' || i, DATE '2000-01-01' + (i %% 8000)::int,
                   CASE WHEN i %% 10 = 0 THEN 'open' ELSE 'closed' END,
                   CASE WHEN i %% 10 = 0 THEN NULL ELSE DATE '2000-01-01' + (i %% 8000)::int + 200 END,
                   '', %(cls)s, 'live', now(), now(), '', ''
            FROM generate_series(1::bigint, %(dossiers)s) AS i
            """,
            {"vt": vt.pk, "cls": vt_class, "dossiers": dossiers},
        )
        # Three members per dossier from the VT people: two parents and a child.
        cur.execute(
            """
            INSERT INTO records_dossiermember (dossier_id, person_id, role, added_at)
            SELECT d, %(first)s + ((d * 3 + k) %% %(vp)s),
                   CASE WHEN k = 2 THEN 'child' ELSE 'parent_carer' END, now()
            FROM generate_series(1::bigint, %(dossiers)s) AS d, generate_series(0, 2) AS k
            ON CONFLICT DO NOTHING
            """,
            {"first": police_people + 1, "vp": vt_people, "dossiers": dossiers},
        )
        cur.execute("ANALYZE")
    seconds = time.perf_counter() - started
    out(
        f"built {records:,} records, {people:,} people, {dossiers:,} dossiers, {events:,} events in {seconds:.1f} s"
    )
    return {"police": police, "vt": vt, "officer": officer}
