from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        # drf-spectacular finds the Bearer scheme through this extension's registration.
        from api import schema  # noqa: F401
        from api.webhooks import dispatch

        # Domain events become webhook deliveries in their own transaction.
        dispatch.connect()
