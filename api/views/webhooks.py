"""Webhook subscriptions of the calling API client (scope ``webhooks:manage``) and their
delivery log. A client sees and changes only its own subscriptions; another client's id is
"not found". Payloads are signed: see api/webhooks/signing.py and the README."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from api import selectors
from api.filters import DeliveryFilter
from api.scopes import Scope
from api.serializers.webhooks import (
    WebhookDeliverySerializer,
    WebhookSubscriptionCreatedSerializer,
    WebhookSubscriptionInputSerializer,
    WebhookSubscriptionSerializer,
    WebhookSubscriptionUpdateSerializer,
)
from api.services.webhooks import (
    webhook_subscription_create,
    webhook_subscription_delete,
    webhook_subscription_rotate_secret,
    webhook_subscription_update,
)
from api.views.base import ApiViewSet, if_match
from api.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription

MANAGE = (Scope.WEBHOOKS_MANAGE,)


@extend_schema(tags=["webhooks"])
class WebhookSubscriptionViewSet(ApiViewSet):
    """Subscriptions to events: subject request status changes, items destroyed, anonymised or
    transferred (R-REC-4: destroy your own copy), legal holds placed and released."""

    serializer_class = WebhookSubscriptionSerializer
    filterset_class = None  # the delivery log has its own (on its action)
    required_scopes = {
        "list": MANAGE,
        "retrieve": MANAGE,
        "create": MANAGE,
        "partial_update": MANAGE,
        "destroy": MANAGE,
        "rotate_secret": MANAGE,
        "deliveries": MANAGE,
    }

    def _client(self):
        client = selectors.api_client_of(self.request.user)
        if client is None:
            raise PermissionDenied(_("Webhooks belong to an API client: call with its token."))
        return client

    def get_queryset(self):
        model = WebhookDelivery if self.action == "deliveries" else WebhookSubscription
        if getattr(self, "swagger_fake_view", False):
            return model.objects.none()  # the schema generator: no caller
        if model is WebhookDelivery:
            return WebhookDelivery.objects.filter(subscription__client=self._client())
        return WebhookSubscription.objects.filter(client=self._client())

    def _own(self, pk) -> WebhookSubscription:
        subscriptions = WebhookSubscription.objects.filter(client=self._client())
        return selectors.one_or_404(subscriptions.select_related("client", "organisation"), pk, "webhook")

    def list(self, request):
        return self.paginated(self.get_queryset(), WebhookSubscriptionSerializer)

    def retrieve(self, request, pk=None):
        subscription = self._own(pk)
        return self.with_etag(subscription, WebhookSubscriptionSerializer(subscription).data)

    @extend_schema(
        request=WebhookSubscriptionInputSerializer, responses={201: WebhookSubscriptionCreatedSerializer}
    )
    def create(self, request):
        """Subscribe; the answer holds the signing secret, shown this once."""
        client = self._client()
        data = self.input(WebhookSubscriptionInputSerializer)
        created = webhook_subscription_create(acting_user=request.user, client=client, **data)
        body = {**WebhookSubscriptionSerializer(created.subscription).data, "secret": created.secret}
        return self.with_etag(
            created.subscription, body, status=201, headers=self.location(created.subscription)
        )

    @extend_schema(request=WebhookSubscriptionUpdateSerializer, responses=WebhookSubscriptionSerializer)
    def partial_update(self, request, pk=None):
        subscription = self._own(pk)
        expected = if_match(request)
        changes = self.input(WebhookSubscriptionUpdateSerializer)
        subscription = webhook_subscription_update(
            acting_user=request.user, subscription=subscription, changes=dict(changes), expected=expected
        )
        return self.with_etag(subscription, WebhookSubscriptionSerializer(subscription).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        webhook_subscription_delete(acting_user=request.user, subscription=self._own(pk))
        return Response(status=204)

    @extend_schema(request=None, responses=WebhookSubscriptionCreatedSerializer)
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        """A new signing secret, shown this once; the old one stops at once."""
        rotated = webhook_subscription_rotate_secret(acting_user=request.user, subscription=self._own(pk))
        body = {**WebhookSubscriptionSerializer(rotated.subscription).data, "secret": rotated.secret}
        return self.with_etag(rotated.subscription, body)

    @extend_schema(responses=WebhookDeliverySerializer(many=True), filters=True)
    @action(detail=True, methods=["get"], filterset_class=DeliveryFilter)
    def deliveries(self, request, pk=None):
        """The delivery log: each delivery with its attempts, status code, error and next try."""
        subscription = self._own(pk)
        deliveries = (
            self.get_queryset()
            .filter(subscription=subscription)
            .prefetch_related(Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("number")))
        )
        return self.paginated(deliveries, WebhookDeliverySerializer)
