import pytest

from records.selectors import dossiers_visible_to
from tests.factories import DossierFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


def test_it_shows_a_caseworker_only_the_dossiers_they_are_involved_in():
    alice = UserFactory()
    bob = UserFactory(organisation=alice.organisation)
    mine = DossierFactory(organisation=alice.organisation)
    DossierFactory(organisation=alice.organisation)
    grant(alice, mine)

    assert list(dossiers_visible_to(alice)) == [mine]
    assert list(dossiers_visible_to(bob)) == []
