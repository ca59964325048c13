"""Webhook signing secrets encrypted at rest: every plain ``secret`` becomes a Fernet token
in ``secret_encrypted`` (with the first key of WEBHOOK_SECRET_KEYS), then the plain column
is dropped. Reversible: going back decrypts the tokens into the plain column again (which
needs the keys that encrypted them).

The encryption is done here with cryptography directly, not through api/webhooks/secret_box.py,
so this migration keeps working whatever later becomes of that module.
"""

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import migrations, models


def _box() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.WEBHOOK_SECRET_KEYS])


def secrets_encrypt(apps, schema_editor):
    WebhookSubscription = apps.get_model("api", "WebhookSubscription")
    rows = WebhookSubscription.objects.exclude(secret="").only("pk", "secret")
    if not rows.exists():
        return
    box = _box()
    for subscription in rows.iterator():
        subscription.secret_encrypted = box.encrypt(subscription.secret.encode()).decode("ascii")
        subscription.save(update_fields=["secret_encrypted"])


def secrets_decrypt(apps, schema_editor):
    WebhookSubscription = apps.get_model("api", "WebhookSubscription")
    rows = WebhookSubscription.objects.exclude(secret_encrypted="").only("pk", "secret_encrypted")
    if not rows.exists():
        return
    box = _box()
    for subscription in rows.iterator():
        subscription.secret = box.decrypt(subscription.secret_encrypted.encode("ascii")).decode()
        subscription.save(update_fields=["secret"])


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_webhooks"),
    ]

    operations = [
        migrations.AddField(
            model_name="webhooksubscription",
            name="secret_encrypted",
            field=models.CharField(default="", editable=False, max_length=255),
            preserve_default=False,
        ),
        # A default for the plain column only so that running this backwards can re-add it
        # to existing rows (then filled by secrets_decrypt); no change to the database.
        migrations.AlterField(
            model_name="webhooksubscription",
            name="secret",
            field=models.CharField(default="", editable=False, max_length=80),
        ),
        migrations.RunPython(secrets_encrypt, secrets_decrypt),
        migrations.RemoveField(
            model_name="webhooksubscription",
            name="secret",
        ),
    ]
