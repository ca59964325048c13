"""Webhooks in the admin: an administrator sees the organisation's subscriptions and the
delivery log (attempts, status codes, errors, next try). Subscriptions are made by the
clients through the API (their secret is shown to them once); here they can be switched
off. The log is read only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from access_control.models import Role
from api.services.webhooks import webhook_subscription_update
from api.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from core.admin import OrganisationScopedAdmin


class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _administers(request) -> bool:
    return request.user.is_superuser or request.user.role == Role.ADMINISTRATOR


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(OrganisationScopedAdmin):
    list_display = ("url", "client", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("url", "client__name")
    readonly_fields = ("client", "url", "events", "description", "created_at", "updated_at")
    fields = ("client", "url", "events", "description", "is_active", "created_at", "updated_at")
    actions = ["deactivate"]

    def has_add_permission(self, request):
        return False  # the client subscribes through the API and is shown its secret there

    def has_change_permission(self, request, obj=None):
        return _administers(request) and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        webhook_subscription_update(
            acting_user=request.user,
            subscription=obj,
            changes={"is_active": form.cleaned_data["is_active"]},
            expected=frozenset({"*"}),
        )

    @admin.action(description=_("Stop sending to the selected subscriptions"))
    def deactivate(self, request, queryset):
        for subscription in queryset:
            webhook_subscription_update(
                acting_user=request.user,
                subscription=subscription,
                changes={"is_active": False},
                expected=frozenset({"*"}),
            )


class WebhookAttemptInline(_ReadOnly, admin.TabularInline):
    model = WebhookAttempt
    fields = ("number", "attempted_at", "status_code", "error", "duration_ms")
    readonly_fields = fields
    extra = 0


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(_ReadOnly, OrganisationScopedAdmin):
    list_display = (
        "id",
        "event_type",
        "subscription",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
    )
    list_filter = ("status", "event_type")
    readonly_fields = (
        "subscription",
        "event_type",
        "domain_event_id",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "delivered_at",
        "created_at",
        "payload",
    )
    fields = readonly_fields
    inlines = [WebhookAttemptInline]

    def has_view_permission(self, request, obj=None):
        return _administers(request) and super().has_view_permission(request, obj)
