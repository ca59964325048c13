"""manage.py webhook_secrets_reencrypt: after putting a new key first in WEBHOOK_SECRET_KEYS,
encrypt every stored webhook signing secret with it, so the old key can be removed.

Exits with an error (and changes nothing for them) when a secret decrypts with none of the
configured keys: removing a key before this has run leaves those subscriptions unable to sign.
"""

from django.core.management.base import BaseCommand, CommandError

from api.services.webhooks import webhook_secrets_reencrypt


class Command(BaseCommand):
    help = "Re-encrypt webhook signing secrets with the first key of WEBHOOK_SECRET_KEYS."

    def handle(self, *args, **options):
        reencrypted, undecryptable = webhook_secrets_reencrypt()
        self.stdout.write(f"Re-encrypted {reencrypted} webhook signing secret(s).")
        if undecryptable:
            ids = ", ".join(str(pk) for pk in undecryptable)
            raise CommandError(
                f"No key in WEBHOOK_SECRET_KEYS decrypts the secret of subscription(s) {ids}; "
                "restore the key that encrypted them, or rotate their secrets through the API."
            )
