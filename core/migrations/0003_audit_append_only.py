"""PostgreSQL only: triggers that refuse UPDATE and DELETE on the audit tables.

See core/audit_append_only.py. The scrub after a sanctioned destruction may UPDATE
auditlog entries while it has switched on ``retentie.audit_scrub`` in its transaction.
Other databases (the SQLite development default) get no trigger; the hash chain still
reveals tampering there.
"""

from django.db import migrations

from core import audit_append_only

# table -> whether the sanctioned scrub may UPDATE it (fixed here, as of this migration).
TABLES = {
    "auditlog_logentry": True,
    "core_domainevent": False,
    "core_auditseal": False,
    "core_auditscrubrecord": False,
}


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        audit_append_only.install(schema_editor.connection, TABLES)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        audit_append_only.uninstall(schema_editor.connection, TABLES)


class Migration(migrations.Migration):

    dependencies = [
        ("auditlog", "0017_add_actor_email"),
        ("core", "0002_auditseal_accesslogentry_auditscrubrecord"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
