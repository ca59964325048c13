"""Webhook signing secrets are encrypted at rest with WEBHOOK_SECRET_KEYS: the database never
holds the plain secret, deliveries are still signed with it, an old key keeps decrypting
after a new one is put first (and re-encryption retires it), and a key that decrypts
nothing leaves a clear line in the delivery log instead of crashing the worker."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from api.services.webhooks import ERROR_UNDECRYPTABLE
from api.webhooks import signing
from api.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from api.webhooks.secret_box import SecretUndecryptable, secret_decrypt
from tests.api.test_webhooks import _eager_retries_run_again, place_hold, subscribe  # noqa: F401
from tests.api.test_webhooks import receiver as receiver  # noqa: F401 - a fixture, used by name

pytestmark = pytest.mark.django_db

URL = "/api/v1/webhooks/"
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def _stored_row(pk: int) -> dict:
    """Every column of the subscription's row, as the database holds it (no ORM decoding)."""
    table = connection.ops.quote_name(WebhookSubscription._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608 - our own table name
        names = [column[0] for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def _assert_not_stored(pk: int, secret: str) -> None:
    row = _stored_row(pk)
    assert "secret" not in row  # the plain column is gone
    assert all(secret not in str(value) for value in row.values()), row
    assert secret_decrypt(row["secret_encrypted"]) == secret


def test_the_database_never_holds_the_plain_secret_on_create_or_rotate(owner, receiver):
    created = subscribe(owner, receiver.url)
    _assert_not_stored(created["id"], created["secret"])

    rotated = owner.post(f"{URL}{created['id']}/rotate-secret/").json()

    assert rotated["secret"] != created["secret"]
    _assert_not_stored(created["id"], rotated["secret"])
    # Shown once: reading the subscription again gives neither the secret nor its ciphertext.
    shown = owner.get(f"{URL}{created['id']}/").json()
    assert "secret" not in shown and "secret_encrypted" not in shown


def test_a_delivery_is_signed_with_the_rotated_secret(
    owner, record, receiver, django_capture_on_commit_callbacks
):
    created = subscribe(owner, receiver.url)
    rotated = owner.post(f"{URL}{created['id']}/rotate-secret/").json()

    with django_capture_on_commit_callbacks(execute=True):
        assert place_hold(owner, record).status_code == 201

    (sent,) = receiver.received
    header = sent["headers"]["Retentie-Signature"]
    assert signing.signature_verify(rotated["secret"], header, sent["body"])
    assert not signing.signature_verify(created["secret"], header, sent["body"])


def test_an_old_key_still_decrypts_after_a_new_key_is_put_first(
    owner, record, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_SECRET_KEYS = [OLD_KEY]
    created = subscribe(owner, receiver.url)
    encrypted_with_old = WebhookSubscription.objects.get().secret_encrypted

    settings.WEBHOOK_SECRET_KEYS = [NEW_KEY, OLD_KEY]
    with django_capture_on_commit_callbacks(execute=True):
        assert place_hold(owner, record).status_code == 201

    (sent,) = receiver.received
    assert signing.signature_verify(created["secret"], sent["headers"]["Retentie-Signature"], sent["body"])
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED
    # Signing does not rewrite the stored token: only re-encryption does.
    assert WebhookSubscription.objects.get().secret_encrypted == encrypted_with_old


def test_reencrypting_moves_every_secret_to_the_new_key_so_the_old_one_can_go(owner, receiver, settings):
    settings.WEBHOOK_SECRET_KEYS = [OLD_KEY]
    first, second = subscribe(owner, receiver.url), subscribe(owner, receiver.url)
    before = WebhookSubscription.objects.get(pk=first["id"])

    settings.WEBHOOK_SECRET_KEYS = [NEW_KEY, OLD_KEY]
    call_command("webhook_secrets_reencrypt", stdout=io.StringIO())

    settings.WEBHOOK_SECRET_KEYS = [NEW_KEY]  # the old key removed
    for created in (first, second):
        _assert_not_stored(created["id"], created["secret"])
    after = WebhookSubscription.objects.get(pk=first["id"])
    assert after.updated_at == before.updated_at  # the secret itself is unchanged: ETags stay valid


def test_reencrypting_reports_secrets_no_key_decrypts_and_leaves_them(owner, receiver, settings):
    settings.WEBHOOK_SECRET_KEYS = [OLD_KEY]
    created = subscribe(owner, receiver.url)
    stored = WebhookSubscription.objects.get().secret_encrypted

    settings.WEBHOOK_SECRET_KEYS = [NEW_KEY]
    with pytest.raises(CommandError, match=str(created["id"])):
        call_command("webhook_secrets_reencrypt", stdout=io.StringIO())

    assert WebhookSubscription.objects.get().secret_encrypted == stored


def test_a_wrong_key_is_logged_on_the_delivery_and_nothing_is_sent(
    owner, record, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_SECRET_KEYS = [OLD_KEY]
    created = subscribe(owner, receiver.url)
    settings.WEBHOOK_SECRET_KEYS = [NEW_KEY]  # the key that encrypted it is gone
    settings.WEBHOOK_MAX_ATTEMPTS = 2

    with django_capture_on_commit_callbacks(execute=True):
        response = place_hold(owner, record)

    # The change itself went through; the worker did not crash.
    assert response.status_code == 201
    assert receiver.received == []
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.FAILED, 2, None)
    assert delivery.last_error == ERROR_UNDECRYPTABLE
    assert "WEBHOOK_SECRET_KEYS" in delivery.last_error
    log = owner.get(f"{URL}{created['id']}/deliveries/").json()["results"]
    assert [attempt["error"] for attempt in log[0]["attempt_log"]] == [ERROR_UNDECRYPTABLE] * 2


def test_a_restored_key_lets_a_pending_delivery_go_out(
    owner, record, receiver, settings, django_capture_on_commit_callbacks
):
    from api.services.webhooks import webhook_delivery_attempt

    settings.WEBHOOK_SECRET_KEYS = [OLD_KEY]
    created = subscribe(owner, receiver.url)
    settings.WEBHOOK_SECRET_KEYS = [NEW_KEY]
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=False):
        place_hold(owner, record)  # the delivery is written; its task is not run
    delivery = WebhookDelivery.objects.get()

    failed = webhook_delivery_attempt(delivery_id=delivery.pk)
    settings.WEBHOOK_SECRET_KEYS = [NEW_KEY, OLD_KEY]
    sent = webhook_delivery_attempt(delivery_id=delivery.pk)

    assert (failed.status, failed.retry, failed.error) == (DeliveryStatus.PENDING, True, ERROR_UNDECRYPTABLE)
    assert sent.status == DeliveryStatus.DELIVERED
    (received,) = receiver.received
    assert signing.signature_verify(
        created["secret"], received["headers"]["Retentie-Signature"], received["body"]
    )


def test_a_token_from_another_key_or_a_plain_secret_does_not_decrypt(settings):
    settings.WEBHOOK_SECRET_KEYS = [NEW_KEY]
    foreign = Fernet(OLD_KEY).encrypt(b"whsec_x").decode()

    for token in (foreign, "whsec_plain-secret-from-before", ""):
        with pytest.raises(SecretUndecryptable):
            secret_decrypt(token)


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_plain_secrets_and_reverses(make_caller, org, receiver, settings):
    """api 0003 run backwards (tokens decrypted into the plain column) and forwards again
    (encrypted, plain column dropped) on a real row. Tests run without migrations, so the
    migration's own operations are applied to the test schema here."""
    settings.MIGRATION_MODULES = {}  # let the loader see the migrations pytest-django hides
    loader = MigrationLoader(None, ignore_no_migrations=True)
    migration = loader.get_migration("api", "0003_webhook_secret_encrypted")

    def before():  # a fresh state before 0003 for each call (apply and unapply change it)
        return loader.project_state(("api", "0002_webhooks"), at_end=True)

    created = subscribe(make_caller(org, ["webhooks:manage"], name="Case system"), receiver.url)
    table = connection.ops.quote_name(WebhookSubscription._meta.db_table)

    with connection.schema_editor(atomic=migration.atomic) as editor:
        migration.unapply(before(), editor)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT secret FROM {table} WHERE id = %s", [created["id"]])  # noqa: S608
        plain = cursor.fetchone()
    with connection.schema_editor(atomic=migration.atomic) as editor:
        migration.apply(before(), editor)

    assert plain == (created["secret"],)
    _assert_not_stored(created["id"], created["secret"])
