"""R-ACC-5 through the API: a member of staff signed in to the browser may name, as the
pupil of a concern or a confiscated device, only a person the web form would offer them
(``people_for_organisation``: access by involvement). Otherwise the 201 answer, which shows
the pupil's name and date of birth, would reveal any person of the organisation by id."""

import pytest
from rest_framework.test import APIClient

from governance.models import Concern, ConfiscatedDevice
from records.selectors import people_for_organisation
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

CONCERNS = "/api/v1/safeguarding-concerns/"
DEVICES = "/api/v1/confiscated-devices/"


def _session(user) -> APIClient:
    http = APIClient()
    http.force_login(user)
    return http


@pytest.fixture
def stranger(school, reporter):
    """A person of the school the reporter is not involved with."""
    person = PersonFactory(organisation=school, given_names="Hidden", family_name="Person")
    assert not people_for_organisation(user=reporter).filter(pk=person.pk).exists()
    return person


def test_a_device_about_a_person_the_user_may_not_see_is_refused_without_their_name(reporter, stranger):
    response = _session(reporter).post(
        DEVICES,
        {"pupil": stranger.pk, "description": "Phone", "reason": "Filming.", "location": "Safe"},
        format="json",
    )

    assert response.status_code == 400
    assert "pupil" in response.json()["errors"]
    assert "Hidden" not in response.content.decode()
    assert ConfiscatedDevice.objects.count() == 0


def test_a_concern_about_a_person_the_user_may_not_see_is_refused(reporter, stranger):
    response = _session(reporter).post(
        CONCERNS, {"category": "conduct", "summary": "Seen.", "pupils": [stranger.pk]}, format="json"
    )

    assert response.status_code == 400
    assert "pupils" in response.json()["errors"]
    assert Concern.objects.count() == 0
