"""Shared argument parsing for the retention commands: one-line errors, non-zero exit."""

import datetime

from django.core.management.base import CommandError

from access_control.models import Organisation


def organisation_by_slug(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise CommandError(f"No organisation with the slug {slug!r}.")
    return organisation


def parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today must be a date as YYYY-MM-DD, not {value!r}.") from None
