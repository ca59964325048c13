"""Shared set-up for the records-unit pages (tests/web/test_retention_*.py).

Personas: two records-unit officers (four eyes needs two), a caseworker of the same
organisation (refused with 403: the pages are a role capability) and a records-unit officer
of another organisation (refused with 404: its ids reveal nothing).
"""

import datetime as dt

from django.utils import timezone

from access_control.models import OrganisationKind, Role
from records.models import CopyKind
from retention import engine
from retention.models import Review, ReviewStatus
from retention.services.reviews import reviews_open_due
from retention.services.schedules import schedules_install_defaults
from tests.factories import DEFAULT_PASSWORD, OrganisationFactory, UserFactory
from tests.retention.disposal_support import police_record

PASSWORD = DEFAULT_PASSWORD


def police_force(**kwargs):
    """A police force with the default schedules of RETENTION.md installed."""
    organisation = OrganisationFactory(kind=OrganisationKind.POLICE_FORCE, jurisdiction="GB-WLS", **kwargs)
    installer = UserFactory(organisation=organisation, role=Role.ASSET_OWNER)
    schedules_install_defaults(acting_user=installer, organisation=organisation)
    return organisation


def user(organisation, role=Role.RECORDS_OFFICER, **kwargs):
    return UserFactory(organisation=organisation, role=role, **kwargs)


def due_group3_record(organisation, *, copies=(CopyKind.ELECTRONIC,), **kwargs):
    """A MoPI group 3 record whose 6-year clear period ended in 2017: automatic destruction."""
    record = police_record(organisation, "MOPI-3", copies=copies, **kwargs)
    engine.recompute_records([record.pk])
    record.refresh_from_db()
    return record


def open_review(organisation, code: str = "MOPI-2", **kwargs) -> Review:
    """An open review of a police record of schedule ``code`` whose clear period has ended."""
    record = police_record(organisation, code, **kwargs)
    engine.recompute_records([record.pk])
    reviews_open_due(organisation=organisation, today=timezone.localdate())
    return Review.objects.get(record=record, status=ReviewStatus.OPEN)


def a_day(year: int, month: int = 1, day: int = 1) -> str:
    return dt.date(year, month, day).isoformat()


def content(response) -> str:
    return response.content.decode()
