"""``manage.py retention_sweep``: run the nightly retention sweep now (for operators and cron)."""

from django.core.management.base import BaseCommand, CommandError

from retention.management.commands._organisation import organisation_by_slug, parse_day
from retention.services.sweep import retention_sweep_run


class Command(BaseCommand):
    help = (
        "Recompute retention dates, open due reviews and build disposal batches, for one "
        "organisation or all. Safe to re-run; refuses to run beside another sweep."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", metavar="SLUG", help="only this organisation")
        parser.add_argument(
            "--today", metavar="YYYY-MM-DD", help="the date the sweep counts as today (default: today)"
        )

    def handle(self, *args, organisation: str | None, today: str | None, **options):
        day = parse_day(today) if today else None
        organisation_id = organisation_by_slug(organisation).pk if organisation else None
        summary = retention_sweep_run(organisation_id=organisation_id, today=day)
        if summary.already_running:
            raise CommandError(str(summary))
        if summary.failed:
            raise CommandError(str(summary))
        self.stdout.write(self.style.SUCCESS(str(summary)))
