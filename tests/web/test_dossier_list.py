"""The dossier list: who sees what, search, status filter, htmx partial, query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from records.models import DossierStatus
from tests.factories import DossierFactory, DossierMemberFactory, PersonFactory, grant

pytestmark = pytest.mark.django_db

URL = reverse("dossiers:list")


def test_it_lists_only_the_dossiers_the_user_is_involved_in(login, owner, colleague, dossier):
    """R-ACC-5: access by involvement."""
    assert dossier.reference in login(owner).get(URL).content.decode()
    assert dossier.reference not in login(colleague).get(URL).content.decode()


def test_it_never_lists_another_organisations_dossiers(login, outsider, dossier):
    response = login(outsider).get(URL)

    assert response.context["page"].paginator.count == 0
    assert dossier.reference not in response.content.decode()


@pytest.mark.parametrize("query", ["VT-2024-00001", "jansen", "Sam", "04-05-2015"])
def test_it_finds_a_dossier_by_reference_household_member_or_birth_date(login, owner, dossier, query):
    other = DossierFactory(organisation=owner.organisation, household_name="Bakker household")
    grant(owner, other)

    response = login(owner).get(URL, {"q": query})

    assert list(response.context["page"].object_list) == [dossier]


def test_it_filters_on_status(login, owner, dossier):
    closed = DossierFactory(
        organisation=owner.organisation, status=DossierStatus.CLOSED, closed_on=datetime.date(2024, 9, 1)
    )
    grant(owner, closed)

    response = login(owner).get(URL, {"status": "closed"})

    assert list(response.context["page"].object_list) == [closed]


def test_it_answers_htmx_with_the_results_table_only(login, owner, dossier):
    response = login(owner).get(URL, {"q": "Jansen"}, headers={"HX-Request": "true"})

    content = response.content.decode()
    assert response.templates[0].name == "dossiers/_results.html"
    assert "<html" not in content
    assert dossier.reference in content
    assert "HX-Request" in response["Vary"]


def test_it_answers_an_htmx_history_restore_with_the_whole_page(login, owner, dossier):
    response = login(owner).get(URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})

    assert response.templates[0].name == "dossiers/list.html"


def test_it_wires_the_search_form_to_htmx_and_keeps_it_working_without(login, owner):
    content = login(owner).get(URL).content.decode()

    assert f'action="{URL}"' in content
    assert f'hx-get="{URL}"' in content
    assert 'hx-push-url="true"' in content
    assert 'hx-target="#dossier-results"' in content


def test_it_pages_by_twenty_five(login, owner):
    for _ in range(26):
        grant(owner, DossierFactory(organisation=owner.organisation))

    first = login(owner).get(URL)
    second = login(owner).get(URL, {"page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 1
    assert "?page=2" in first.content.decode()


def _queries_for_list(client, owner, count: int) -> int:
    for _ in range(count):
        dossier = DossierFactory(organisation=owner.organisation)
        DossierMemberFactory(dossier=dossier, person=PersonFactory(organisation=owner.organisation))
        grant(owner, dossier)
    client.force_login(owner)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_it_reads_the_list_in_a_fixed_number_of_queries(client, owner):
    few = _queries_for_list(client, owner, 3)
    many = _queries_for_list(client, owner, 27)  # 30 in all

    assert many == few
