"""``manage.py install_default_schedules``: the RETENTION.md defaults for one organisation."""

from django.core.management.base import BaseCommand, CommandError

from retention import engine
from retention.defaults import DEFAULT_SCHEDULES
from retention.management.commands._organisation import organisation_by_slug
from retention.services.schedules import schedules_install_defaults


class Command(BaseCommand):
    help = (
        "Install the default retention schedules for the organisation's kind and link record "
        "classes with the same code, then recompute its dates. Existing schedules are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", metavar="SLUG", required=True)

    def handle(self, *args, organisation: str, **options):
        org = organisation_by_slug(organisation)
        if not DEFAULT_SCHEDULES.get(org.kind):
            raise CommandError(f"There are no default schedules for a {org.get_kind_display().lower()}.")
        schedules = schedules_install_defaults(acting_user=None, organisation=org)
        # Newly linked classes change their items' dates at once, not at the next sweep.
        result = engine.recompute_all(organisation_id=org.pk)
        for schedule in schedules:
            self.stdout.write(f"  {schedule.code}  v{schedule.current_version.number}  {schedule.name}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{org.name}: {len(schedules)} schedules in place; recomputed {result.records} records "
                f"and {result.dossiers} dossiers."
            )
        )
