"""Write the shipped authorisation matrix (R-ACC-1) out as every existing organisation's own
rules, so administrators see and edit a complete grid. New organisations get theirs from
``access_control.matrix_rules.matrix_install_defaults`` (admin, seed_demo); an organisation
without rows still behaves as the defaults say."""

from django.db import migrations


def install(apps, schema_editor):
    from access_control.matrix import default_scope, grid_cells
    from access_control.models import Role

    Organisation = apps.get_model("access_control", "Organisation")
    MatrixRule = apps.get_model("access_control", "MatrixRule")
    for organisation in Organisation.objects.all():
        existing = set(
            MatrixRule.objects.filter(organisation=organisation, record_class__isnull=True).values_list(
                "role", "action", "category"
            )
        )
        MatrixRule.objects.bulk_create(
            MatrixRule(
                organisation=organisation,
                role=role,
                action=action,
                category=category,
                scope=default_scope(role, action, category),
            )
            for category, action in grid_cells()
            for role in Role.values
            if (role, action, category) not in existing
        )


class Migration(migrations.Migration):
    dependencies = [("access_control", "0003_registers")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
