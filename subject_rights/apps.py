from django.apps import AppConfig


class SubjectRightsConfig(AppConfig):
    name = "subject_rights"
    verbose_name = "Data-subject rights"
