"""Bad input is a clear answer, never a server error: the R-DSR-8 page reads the request it
comes from out of the query string, which anyone can edit."""

import pytest
from django.urls import reverse

from access_control.models import Role
from tests.factories import UserFactory, grant
from tests.subject_rights.effects_factories import household

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["²", "99999999999999999999999", "-1", "abc", ""])
def test_an_unusable_request_id_in_the_query_string_is_no_server_error(client, caseworker, adult, value):
    house = household(caseworker.organisation, adult, author=caseworker)
    leader = UserFactory(organisation=caseworker.organisation, role=Role.TEAM_LEADER)
    grant(leader, house.dossier)
    client.force_login(leader)
    url = reverse("subject_rights:effects_representative_limit", args=[house.dossier.pk])

    response = client.get(url, {"request": value})

    # No such request: the page without the link (or 404 for an id that names nothing).
    assert response.status_code in (200, 404)
