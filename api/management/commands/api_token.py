"""manage.py api_token: API clients and their tokens from the shell.

    api_token create --organisation vt --name "Case system" --scopes dossiers:read,dsr:write
    api_token list [--organisation vt]
    api_token issue|rotate --client <id> [--expires-in-days N]
    api_token revoke --client <id> [--token <prefix>]

A new token's plaintext is printed once, alone on stdout (the rest goes to stderr), so it
can be piped into a secret store.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from access_control.models import Organisation
from api.models import ApiClient, ApiToken
from api.scopes import Scope
from api.services import api_client_create, api_token_issue, api_token_revoke, api_token_rotate
from core.errors import DomainError

ACTIONS = ["create", "list", "issue", "rotate", "revoke"]


class Command(BaseCommand):
    help = "Create and list API clients; issue, rotate or revoke their tokens. A new token is printed once."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=ACTIONS)
        parser.add_argument("--client", type=int, help="The API client's id (issue, rotate, revoke).")
        parser.add_argument("--organisation", help="The organisation's slug (create, list).")
        parser.add_argument("--name", help="The new client's name (create).")
        parser.add_argument(
            "--scopes", default="", help=f"Comma-separated scopes (create): {', '.join(Scope.values)}."
        )
        parser.add_argument(
            "--token",
            help="Revoke only the token with this 8-character prefix; write --token=<prefix>, as a "
            "prefix may start with '-'.",
        )
        parser.add_argument(
            "--expires-in-days",
            type=int,
            help="Lifetime of a new token (default: API_TOKEN_LIFETIME_DAYS).",
        )

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except DomainError as error:
            raise CommandError(error.message) from error

    def _organisation(self, slug: str | None) -> Organisation:
        if not slug:
            raise CommandError("Give --organisation <slug>.")
        found = Organisation.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(f"There is no organisation {slug!r}.")
        return found

    def _client(self, pk: int | None) -> ApiClient:
        if pk is None:
            raise CommandError("Give --client <id> (see: api_token list).")
        found = ApiClient.objects.select_related("organisation").filter(pk=pk).first()
        if found is None:
            raise CommandError(f"There is no API client with id {pk}.")
        return found

    def _expiry(self, days: int | None) -> datetime.datetime | None:
        if days is None:
            return None
        if days < 1:
            raise CommandError("--expires-in-days must be 1 or more.")
        return timezone.now() + datetime.timedelta(days=days)

    def _print_token(self, client: ApiClient, issued) -> None:
        expires = issued.token.expires_at.date().isoformat() if issued.token.expires_at else "never"
        self.stderr.write(
            f"New token for {client} (id {client.pk}, expires {expires}; shown once, store it now):"
        )
        self.stdout.write(issued.plaintext)

    def _create(self, *, organisation, name, scopes, expires_in_days, **_options):
        scopes = [scope.strip() for scope in scopes.split(",") if scope.strip()]
        client = api_client_create(
            acting_user=None, organisation=self._organisation(organisation), name=name or "", scopes=scopes
        )
        issued = api_token_issue(acting_user=None, client=client, expires_at=self._expiry(expires_in_days))
        self._print_token(client, issued)

    def _list(self, *, organisation, **_options):
        clients = ApiClient.objects.select_related("organisation").order_by("organisation__slug", "name")
        if organisation:
            clients = clients.filter(organisation=self._organisation(organisation))
        now = timezone.now()
        for client in clients:
            live = [
                token.prefix
                for token in ApiToken.objects.filter(client=client, revoked_at__isnull=True)
                if token.expires_at is None or token.expires_at > now
            ]
            state = "active" if client.is_active else "inactive"
            self.stdout.write(
                f"{client.pk}\t{client.organisation.slug}\t{client.name}\t{state}\t"
                f"{','.join(client.scopes) or '-'}\tlive tokens: {', '.join(live) or 'none'}"
            )

    def _issue(self, *, client, expires_in_days, **_options):
        found = self._client(client)
        self._print_token(
            found, api_token_issue(acting_user=None, client=found, expires_at=self._expiry(expires_in_days))
        )

    def _rotate(self, *, client, expires_in_days, **_options):
        found = self._client(client)
        self._print_token(
            found, api_token_rotate(acting_user=None, client=found, expires_at=self._expiry(expires_in_days))
        )

    def _revoke(self, *, client, token, **_options):
        found = self._client(client)
        one = None
        if token:
            one = ApiToken.objects.filter(client=found, prefix=token, revoked_at__isnull=True).first()
            if one is None:
                raise CommandError(f"{found} has no live token starting {token!r}.")
        count = api_token_revoke(acting_user=None, client=found, token=one)
        self.stdout.write(f"Revoked {count} token(s) of {found}.")
