from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Records and dossiers"

    def ready(self) -> None:
        from records import audit  # noqa: F401  (registers models with auditlog)
