"""Webhook subscriptions of the calling API client and their delivery log."""

from rest_framework import serializers

from api.serializers.common import StrictInputSerializer
from api.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookSubscription


class WebhookSubscriptionSerializer(serializers.ModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices), read_only=True
    )

    class Meta:
        model = WebhookSubscription
        fields = ["id", "url", "events", "description", "is_active", "created_at", "updated_at"]
        read_only_fields = fields


class WebhookSubscriptionCreatedSerializer(WebhookSubscriptionSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text="The signing secret, shown only in this answer: store it now (see Retentie-Signature).",
    )

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = [*WebhookSubscriptionSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class WebhookSubscriptionInputSerializer(StrictInputSerializer):
    url = serializers.URLField(max_length=500, help_text="The receiver; https:// in production.")
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices), allow_empty=False
    )
    description = serializers.CharField(max_length=200, allow_blank=True, default="")


class WebhookSubscriptionUpdateSerializer(StrictInputSerializer):
    url = serializers.URLField(max_length=500, required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices), allow_empty=False, required=False
    )
    description = serializers.CharField(max_length=200, allow_blank=True, required=False)
    is_active = serializers.BooleanField(required=False)


class WebhookAttemptSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(read_only=True, min_value=1)
    status_code = serializers.IntegerField(read_only=True, allow_null=True, min_value=0)
    duration_ms = serializers.IntegerField(read_only=True, min_value=0)

    class Meta:
        model = WebhookAttempt
        fields = ["number", "attempted_at", "status_code", "error", "duration_ms"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    attempts = serializers.IntegerField(read_only=True, min_value=0)
    last_status_code = serializers.IntegerField(read_only=True, allow_null=True, min_value=0)
    payload = serializers.JSONField(read_only=True)
    attempt_log = WebhookAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event_type",
            "status",
            "attempts",
            "last_status_code",
            "last_error",
            "next_attempt_at",
            "delivered_at",
            "created_at",
            "payload",
            "attempt_log",
        ]
        read_only_fields = fields
