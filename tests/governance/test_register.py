"""The register of processors, agreements and processing activities (GDPR arts. 28, 30)."""

import datetime as dt

import pytest
from django.urls import reverse

from core.errors import DomainError, NotAllowed
from governance import selectors
from governance.models import ProcessingActivity, ProcessingAgreement, Processor
from governance.services.register import activity_create, agreement_add, processor_create
from retention.models import RecordClass
from tests.governance.factories import AgreementFactory, ProcessorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def processor(dpo):
    return processor_create(acting_user=dpo, name="Learning platform Ltd", country="United Kingdom")


def test_agreements_ending_within_90_days_are_in_the_dashboard(processor, school):
    soon = AgreementFactory(processor=processor, ends_on=dt.date(2026, 8, 29))
    AgreementFactory(processor=processor, ends_on=dt.date(2026, 9, 1))  # 92 days
    AgreementFactory(processor=processor, ends_on=dt.date(2026, 5, 1))  # already ended
    AgreementFactory(processor=processor, ends_on=None)
    AgreementFactory(processor=ProcessorFactory(), ends_on=dt.date(2026, 6, 15))  # another organisation

    figures = selectors.dashboard_figures(school, dt.date(2026, 6, 1))

    assert list(figures["agreements_ending"]) == [soon]


def test_an_agreement_needs_a_start_and_cannot_end_before_it(processor, dpo):
    base = {"parties": "School; Ltd", "subject": "Hosting", "data_categories": "Names"}
    with pytest.raises(DomainError) as refused:
        agreement_add(acting_user=dpo, processor=processor, starts_on=None, **base)
    assert refused.value.field == "starts_on"
    with pytest.raises(DomainError) as refused:
        agreement_add(
            acting_user=dpo,
            processor=processor,
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2025, 1, 1),
            **base,
        )
    assert refused.value.field == "ends_on"
    assert ProcessingAgreement.objects.count() == 0


def test_an_activity_links_its_processors_and_retention_schedule(processor, dpo, school):
    record_class = RecordClass.objects.get(organisation=school, code="SCH-SAFEGUARDING")

    activity = activity_create(
        acting_user=dpo,
        name="Safeguarding records",
        purpose="Protect pupils from harm.",
        legal_basis="legal_obligation",
        subject_categories="Pupils, parents",
        data_categories="Concerns, referrals",
        recipients="Children's social care, police",
        processors=[processor],
        record_class=record_class,
    )

    assert list(activity.processors.all()) == [processor]
    assert activity.record_class == record_class


def test_organisations_are_sealed_and_teachers_do_not_keep_the_register(processor, dpo, colleague):
    foreign = ProcessorFactory()
    with pytest.raises(DomainError):
        activity_create(
            acting_user=dpo,
            name="X",
            purpose="x",
            legal_basis="public_task",
            subject_categories="x",
            data_categories="x",
            processors=[foreign],
        )
    with pytest.raises(NotAllowed):
        processor_create(acting_user=colleague, name="Other Ltd")
    assert ProcessingActivity.objects.count() == 0
    assert not Processor.objects.filter(name="Other Ltd").exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("dpo", 200), ("auditor", 200), ("colleague", 403), ("outsider", 404)]
)
def test_the_register_pages_by_persona(client, processor, persona, status, request):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("governance:processor_detail", args=[processor.pk])
    response = client.get(url)
    assert response.status_code == status
    if persona != "outsider":
        assert client.get(reverse("governance:register")).status_code == status


def test_the_auditor_reads_but_does_not_add(client, processor, auditor):
    client.force_login(auditor)
    response = client.post(
        reverse("governance:agreement_add", args=[processor.pk]),
        {
            "agreement-parties": "x",
            "agreement-subject": "x",
            "agreement-data_categories": "x",
            "agreement-starts_on": "2026-01-01",
        },
    )
    assert response.status_code == 403
    assert ProcessingAgreement.objects.count() == 0


def test_the_dpo_adds_an_agreement_and_an_activity_in_the_browser(client, processor, dpo):
    client.force_login(dpo)
    response = client.post(
        reverse("governance:agreement_add", args=[processor.pk]),
        {
            "agreement-parties": "Goldwyn School; Learning platform Ltd",
            "agreement-subject": "Hosting pupils' work",
            "agreement-data_categories": "Names, classes, work",
            "agreement-starts_on": "2025-09-01",
            "agreement-ends_on": "2027-08-31",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("governance:activity_create"),
        {
            "name": "Online learning",
            "purpose": "Teaching",
            "legal_basis": "public_task",
            "subject_categories": "Pupils",
            "data_categories": "Work",
            "processors": [processor.pk],
        },
    )
    assert response.status_code == 302
    assert ProcessingActivity.objects.get().processors.get() == processor
    response = client.post(reverse("governance:activity_create"), {"name": "No purpose"})
    assert response.status_code == 200 and "Describe the purpose." in response.content.decode()
