from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Compliance oversight"

    def ready(self) -> None:
        from compliance import audit  # noqa: F401  (registers models with auditlog)
