"""Users, teams and involvement grants for the access benchmarks (issues 5 and 7).

On top of ``bench/data.py`` (records, people, dossiers): ``users`` users split between the
police force and Veilig Thuis, each in one of ``units`` teams per organisation (every
twentieth a team leader, the rest caseworkers). Every record and dossier is put in a team
and granted (view and change, as ``involvement_grant`` does) to one caseworker of its
organisation, so a caseworker is involved in about records/2,500 records and
dossiers/2,500 dossiers: the case the involvement filter (R-ACC-5) must answer fast.
All in SQL (INSERT … SELECT); idempotent for users and teams, grants are rebuilt.
"""

import time

from django.db import connection

UNITS_PER_ORGANISATION = 50


def _units(cur, organisation, units: int) -> None:
    slug = organisation.slug
    cur.execute(
        "INSERT INTO auth_group (name) SELECT %(slug)s || '-unit-' || i FROM generate_series(1, %(n)s) AS i "
        "ON CONFLICT (name) DO NOTHING",
        {"slug": slug, "n": units},
    )
    cur.execute(
        """
        INSERT INTO access_control_unit (name, group_id, organisation_id)
        SELECT 'Team ' || i, g.id, %(org)s FROM generate_series(1, %(n)s) AS i
        JOIN auth_group g ON g.name = %(slug)s || '-unit-' || i
        ON CONFLICT DO NOTHING
        """,
        {"slug": slug, "n": units, "org": organisation.pk},
    )


def _users(cur, organisation, users: int) -> None:
    cur.execute(
        """
        INSERT INTO access_control_user (password, is_superuser, username, first_name, last_name, email,
            is_staff, is_active, date_joined, role, preferred_language, organisation_id)
        SELECT '!', false, %(slug)s || '-user-' || i, 'Bench', 'User ' || i, '', false, true, now(),
               CASE WHEN i %% 20 = 0 THEN 'team_leader' ELSE 'caseworker' END, '', %(org)s
        FROM generate_series(1, %(n)s) AS i
        ON CONFLICT (username) DO NOTHING
        """,
        {"slug": organisation.slug, "n": users, "org": organisation.pk},
    )
    # User i is in team 1 + i mod units (and its auth group, which carries team grants).
    ranked_units = (
        "SELECT id, group_id, row_number() OVER (ORDER BY id) - 1 AS k FROM access_control_unit "
        "WHERE organisation_id = %(org)s"
    )
    ranked_users = (
        "SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM access_control_user "
        "WHERE username LIKE %(prefix)s"
    )
    params = {"org": organisation.pk, "prefix": f"{organisation.slug}-user-%", "n": UNITS_PER_ORGANISATION}
    cur.execute(
        f"""
        INSERT INTO access_control_user_units (user_id, unit_id)
        SELECT u.id, t.id FROM ({ranked_users}) u JOIN ({ranked_units}) t ON t.k = u.k %% %(n)s
        ON CONFLICT DO NOTHING
        """,
        params,
    )
    cur.execute(
        f"""
        INSERT INTO access_control_user_groups (user_id, group_id)
        SELECT u.id, t.group_id FROM ({ranked_users}) u JOIN ({ranked_units}) t ON t.k = u.k %% %(n)s
        ON CONFLICT DO NOTHING
        """,
        params,
    )


def _assign_and_grant(
    cur, organisation, table: str, grant_table: str, model: str, spread: int | None
) -> None:
    """Row i goes to team i mod units and is granted to the organisation's caseworker i mod n
    (n: its number of caseworkers, or ``spread`` if smaller)."""
    params = {
        "org": organisation.pk,
        "prefix": f"{organisation.slug}-user-%",
        "units": UNITS_PER_ORGANISATION,
        "codenames": [f"view_{model}", f"change_{model}"],
    }
    cur.execute(
        f"""
        UPDATE {table} r SET unit_id = t.id
        FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM access_control_unit
              WHERE organisation_id = %(org)s) t
        WHERE r.organisation_id = %(org)s AND t.k = r.id %% %(units)s
          AND r.unit_id IS DISTINCT FROM t.id
        """,
        params,
    )
    cur.execute(f"TRUNCATE {grant_table}")
    cur.execute(
        "SELECT count(*) FROM access_control_user WHERE username LIKE %(prefix)s AND role = 'caseworker'",
        params,
    )
    (params["workers"],) = cur.fetchone()
    params["workers"] = min(params["workers"], spread or params["workers"])
    # The modulus is a constant, so the join is a hash join on k (not a nested loop).
    cur.execute(
        f"""
        WITH workers AS (
            SELECT id, row_number() OVER (ORDER BY id) - 1 AS k
            FROM access_control_user WHERE username LIKE %(prefix)s AND role = 'caseworker'
        )
        INSERT INTO {grant_table} (content_object_id, permission_id, user_id)
        SELECT r.id, p.id, w.id
        FROM {table} r
        JOIN workers w ON w.k = r.id %% %(workers)s
        CROSS JOIN (SELECT id FROM auth_permission WHERE codename = ANY(%(codenames)s)
                    AND content_type_id = (SELECT id FROM django_content_type
                                           WHERE app_label = 'records' AND model = '{model}')) p
        WHERE r.organisation_id = %(org)s
        """,
        params,
    )


def build_people(*, users: int, police, vt, spread: int | None = None, out=print) -> None:
    """``spread=1`` grants every row to the first caseworker (the small query-count run)."""
    started = time.perf_counter()
    with connection.cursor() as cur:
        for organisation, share in ((police, users // 2), (vt, users - users // 2)):
            _units(cur, organisation, UNITS_PER_ORGANISATION)
            _users(cur, organisation, share)
        _assign_and_grant(
            cur, police, "records_record", "records_recorduserobjectpermission", "record", spread
        )
        _assign_and_grant(
            cur, vt, "records_dossier", "records_dossieruserobjectpermission", "dossier", spread
        )
        cur.execute("ANALYZE")
        cur.execute("SELECT count(*) FROM access_control_user WHERE username LIKE 'bench-%%-user-%%'")
        (count,) = cur.fetchone()
    out(
        f"built {count:,} users in {2 * UNITS_PER_ORGANISATION} teams with involvement grants "
        f"in {time.perf_counter() - started:.1f} s"
    )
