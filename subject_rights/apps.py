from django.apps import AppConfig


class SubjectRightsConfig(AppConfig):
    name = "subject_rights"
    verbose_name = "Data-subject rights"

    def ready(self) -> None:
        from subject_rights import audit  # noqa: F401  (registers models with auditlog)
