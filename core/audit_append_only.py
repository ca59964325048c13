"""PostgreSQL triggers that make the audit tables append-only.

Rows of django-auditlog's ``auditlog_logentry``, of ``core_domainevent`` and of the chain
tables (``core_auditseal``, ``core_auditscrubrecord``) can be inserted, never updated or
deleted: the trigger raises ``audit entries are append-only``. The one exception is the
scrub of personal values after a sanctioned destruction (retention/services/scrub.py): it
switches on the transaction-local setting ``retentie.audit_scrub`` (``set_config(...,
true)``), and only then may ``auditlog_logentry`` rows be UPDATEd, never DELETEd. A
transaction-local setting ends with its transaction, so it cannot leak into the next one.

The hash chain (core/audit_chain.py) still catches what a database superuser can do
around a trigger (``session_replication_role``, ``DISABLE TRIGGER``); the trigger stops
the ordinary application and database users.

Installed by migration core 0003 on PostgreSQL; other databases have no such triggers.
"""

SCRUB_SETTING = "retentie.audit_scrub"
ERROR_MESSAGE = "audit entries are append-only"
FUNCTION = "retentie_audit_append_only"
TRIGGER = "audit_append_only"

# table -> whether the sanctioned scrub may UPDATE its rows.
TABLES: dict[str, bool] = {
    "auditlog_logentry": True,
    "core_domainevent": False,
    "core_auditseal": False,
    "core_auditscrubrecord": False,
}

_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND TG_ARGV[0] = 'scrubbable'
       AND coalesce(current_setting('{SCRUB_SETTING}', true), '') = 'on' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{ERROR_MESSAGE}'
        USING DETAIL = format('%s on %s refused', TG_OP, TG_TABLE_NAME);
END;
$$
"""


def install(connection, tables: dict[str, bool] | None = None) -> None:
    """Create the function and a BEFORE UPDATE OR DELETE trigger on each audit table.

    A migration passes its own ``tables``, so adding a table here later does not change
    what an old migration does.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(_FUNCTION_SQL)
        for table, scrubbable in (TABLES if tables is None else tables).items():
            argument = "scrubbable" if scrubbable else "strict"
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}")
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}('{argument}')"
            )


def uninstall(connection, tables: dict[str, bool] | None = None) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in TABLES if tables is None else tables:
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}")
        cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


def scrub_allow(connection) -> None:
    """Let this transaction UPDATE audit log entries (the sanctioned scrub only)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', true)", [SCRUB_SETTING])


def scrub_forbid(connection) -> None:
    """End the permission before the rest of the transaction runs."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'off', true)", [SCRUB_SETTING])
