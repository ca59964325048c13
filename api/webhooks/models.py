"""Webhook subscriptions of API clients and the log of their deliveries.

A ``WebhookSubscription`` belongs to one API client (and so to one organisation): it names
a receiver URL, the event types it wants and a secret that signs every payload
(api/webhooks/signing.py). The secret is shown once, when the subscription is created or
its secret rotated. The server signs with it, so it cannot be hashed: it is stored
encrypted with WEBHOOK_SECRET_KEYS (api/webhooks/secret_box.py) and decrypted only to sign.

How to read the delivery log: a ``WebhookDelivery`` is one event for one subscription. It
is written in the same transaction as the domain event it reports (so a rolled-back change
leaves none) with the payload frozen as it will be sent. ``attempts`` counts the tries,
``status`` says where it stands (pending, delivered, failed = gave up after the maximum),
``next_attempt_at`` when the next try is due while pending. Each try is a
``WebhookAttempt`` row with the receiver's status code or the error.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.TextChoices):
    SUBJECT_REQUEST_STATUS_CHANGED = "subject_request.status_changed", _("Subject request status changed")
    # R-REC-4: the source system destroys (or anonymises) its own copy on these.
    ITEM_DESTROYED = "item.destroyed", _("Record or dossier destroyed")
    ITEM_ANONYMISED = "item.anonymised", _("Record or dossier anonymised")
    ITEM_TRANSFERRED = "item.transferred", _("Record or dossier transferred to an archive")
    HOLD_PLACED = "hold.placed", _("Legal hold placed")
    HOLD_RELEASED = "hold.released", _("Legal hold released")


class WebhookSubscription(models.Model):
    client = models.ForeignKey("api.ApiClient", on_delete=models.CASCADE, related_name="webhooks")
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+", editable=False
    )
    url = models.URLField(_("receiver URL"), max_length=500)
    # A list of WebhookEvent values; validated by the services.
    events = models.JSONField(_("events"), default=list)
    description = models.CharField(_("description"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # A Fernet token of the signing secret, never the secret itself (api/webhooks/secret_box.py).
    secret_encrypted = models.CharField(max_length=255, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("webhook subscription")

    def __str__(self) -> str:
        return f"{self.client}: {self.url}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed (gave up)")


class WebhookDelivery(models.Model):
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    event_type = models.CharField(max_length=40, choices=WebhookEvent.choices)
    # The domain event reported (a number, not a key: the delivery log is not audit).
    domain_event_id = models.BigIntegerField()
    payload = models.JSONField()
    status = models.CharField(max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "domain_event_id"], name="webhook_delivery_once_per_event"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.subscription_id} ({self.status})"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField()
    attempted_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"attempt {self.number} of delivery {self.delivery_id}"
