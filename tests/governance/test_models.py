"""Every governance model belongs to one organisation and keeps its history in auditlog."""

import pytest
from auditlog.registry import auditlog
from django.apps import apps

from governance.services.safeguarding import concern_report

pytestmark = pytest.mark.django_db

MODELS = list(apps.get_app_config("governance").get_models())


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_has_an_organisation_and_an_audit_history(model):
    assert model._meta.get_field("organisation").related_model._meta.label == "access_control.Organisation"
    assert auditlog.contains(model)


def test_logging_a_concern_writes_its_field_history(reporter, pupil):
    from auditlog.models import LogEntry

    concern = concern_report(acting_user=reporter, category="content", summary="x", pupils=[pupil])

    assert LogEntry.objects.get_for_object(concern).exists()
