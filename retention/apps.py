from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = "Retention"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from retention.models import RecordClass

        auditlog.register(RecordClass)
