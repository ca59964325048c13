"""``manage.py seed_demo``: the demo organisations, their users and registers (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from records.demo import DEFAULT_DOSSIERS, DEFAULT_RECORDS, DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = (
        "Create the four demo organisations (police force, Veilig Thuis, school partnership, "
        "school) with a user per role, record classes, assets, records and household dossiers. "
        "Running it again adds only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--records",
            type=int,
            default=DEFAULT_RECORDS,
            help=f"records of the police force; each school gets an eighth (default {DEFAULT_RECORDS})",
        )
        parser.add_argument(
            "--dossiers",
            type=int,
            default=DEFAULT_DOSSIERS,
            help=f"household dossiers of Veilig Thuis (default {DEFAULT_DOSSIERS})",
        )
        parser.add_argument(
            "--url", default="http://localhost:8000/", help="where the site runs, for the hint"
        )

    def handle(self, *args, records: int, dossiers: int, url: str, **options):
        if records < 0 or dossiers < 0:
            raise CommandError("--records and --dossiers cannot be negative.")
        results = seed_demo(records=records, dossiers=dossiers)
        write = self.stdout.write
        for result in results:
            added = ", ".join(f"{count} {label} added" for label, count in result.added.items())
            write(f"{result.organisation.name} ({result.organisation.slug}): {added}")
        write("")
        write(self.style.SUCCESS(f"Demo ready. Every demo login has the password: {DEMO_PASSWORD}"))
        write(f"Log in at {url}  (Django admin for administrators: {url.rstrip('/')}/admin/)")
        write(
            "Records officers, DPOs and administrators also enter a code from an authenticator app; "
            "for the demo users print it with: python manage.py demo_totp <username>"
        )
        write("")
        rows = [("username", "role", "organisation", "units")]
        for result in results:
            for user in result.users:
                units = ", ".join(unit.name for unit in user.units.all()) or "—"
                rows.append((user.username, user.get_role_display(), result.organisation.slug, units))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            write(
                "  ".join(value.ljust(width) for value, width in zip(row[:3], widths, strict=True))
                + "  "
                + row[3]
            )
