from django.apps import AppConfig


class SubjectRightsConfig(AppConfig):
    name = "subject_rights"
    verbose_name = "Data-subject rights"

    def ready(self) -> None:
        from records.signals import personal_data_corrected
        from retention.services.scrub import personal_data_removed
        from subject_rights import audit  # noqa: F401  (registers models with auditlog)
        from subject_rights.services.disclosure.forget import (
            redactions_follow_correction,
            redactions_forget_removed_sources,
        )

        # R-DSR-14: the third parties' names a redaction proposal copied go with its source.
        personal_data_removed.connect(
            redactions_forget_removed_sources, weak=False, dispatch_uid="subject_rights.redactions_forget"
        )
        # R-DSR-3: a corrected entry's proposals do not keep its old text.
        personal_data_corrected.connect(
            redactions_follow_correction, weak=False, dispatch_uid="subject_rights.redactions_correct"
        )
