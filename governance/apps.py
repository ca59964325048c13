from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Safeguarding and privacy governance"

    def ready(self):
        from governance import audit  # noqa: F401  (registers models with auditlog)
