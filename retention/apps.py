from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = "Retention"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.backends.signals import connection_created

        from retention import models
        from retention.dates import register_sqlite_functions

        # SQLite (the embedded default) gets the engine's date functions as SQL functions.
        connection_created.connect(register_sqlite_functions, dispatch_uid="retention_sqlite_functions")
        for model in (
            models.RecordClass,
            models.RetentionSchedule,
            models.ScheduleVersion,
            models.RetentionExtension,
            models.Review,
            models.DisposalBatch,
            models.DisposalItem,
            models.BatchApproval,
            models.CopyDestructionTask,
            models.DestructionCertificate,
        ):
            auditlog.register(model)
        auditlog.register(models.LegalHold, m2m_fields={"records", "dossiers", "people"})
