"""manage.py api_token issue|rotate|revoke --client <id>: the plaintext is printed once."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api.models import ApiClient
from api.services import api_token_issue, api_token_revoke, api_token_rotate
from core.errors import DomainError


class Command(BaseCommand):
    help = "Issue, rotate or revoke the tokens of an API client. A new token is printed once."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["issue", "rotate", "revoke"])
        parser.add_argument("--client", type=int, required=True, help="The API client's id.")
        parser.add_argument(
            "--expires-in-days",
            type=int,
            help="Lifetime of a new token (default: API_TOKEN_LIFETIME_DAYS).",
        )

    def handle(self, *args, action: str, client: int, expires_in_days: int | None, **options):
        found = ApiClient.objects.filter(pk=client).first()
        if found is None:
            raise CommandError(f"There is no API client with id {client}.")
        expires_at = None
        if expires_in_days is not None:
            if expires_in_days < 1:
                raise CommandError("--expires-in-days must be 1 or more.")
            expires_at = timezone.now() + datetime.timedelta(days=expires_in_days)
        try:
            if action == "revoke":
                count = api_token_revoke(acting_user=None, client=found)
                self.stdout.write(f"Revoked {count} token(s) of {found}.")
                return
            service = api_token_issue if action == "issue" else api_token_rotate
            issued = service(acting_user=None, client=found, expires_at=expires_at)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stderr.write(f"New token for {found} (shown once; store it now):")
        self.stdout.write(issued.plaintext)
