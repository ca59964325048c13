"""R-DSR-1: a subject's request covers only what concerns them, within their organisation."""

from records.models import Dossier, ItemStatus
from subject_rights.models import SourceKind
from subject_rights.selectors.scope import disclosure_scope
from tests.factories import DossierEntryFactory, DossierFactory, DossierMemberFactory, PersonFactory
from tests.subject_rights.disclosure_factories import household
from tests.subject_rights.support import request_in_progress


def _keys(scope):
    return {(item.kind, item.pk) for item in scope.items}


def test_it_limits_a_household_dossier_to_the_entries_that_concern_the_subject_r_dsr_1(
    veilig_thuis, caseworker
):
    home = household(veilig_thuis, caseworker)
    scope = disclosure_scope(request=request_in_progress(caseworker, home.eva))

    assert _keys(scope) == {
        (SourceKind.ENTRY, home.shared.pk),
        (SourceKind.RECORD, home.record.pk),
        (SourceKind.EVENT, home.event.pk),
    }
    assert [m.pk for m in scope.memberships] == [home.members.eva.pk]
    assert scope.dossier_ids == [home.dossier.pk]
    assert scope.record_ids == [home.record.pk]
    assert {p.pk for p in scope.third_parties} == {home.piet.pk, home.sam.pk}


def test_it_gives_each_subject_of_the_same_dossier_their_own_parts_r_dsr_1(veilig_thuis, caseworker):
    home = household(veilig_thuis, caseworker)

    piet = disclosure_scope(request=request_in_progress(caseworker, home.piet))
    assert (SourceKind.ENTRY, home.piet_only.pk) in _keys(piet)
    assert (SourceKind.ENTRY, home.shared.pk) not in _keys(piet)
    assert (SourceKind.ENTRY, home.sam_only.pk) not in _keys(piet)
    # Piet's other record (not Eva's) is his.
    assert (SourceKind.RECORD, home.unrelated.pk) in _keys(piet)
    assert [m.pk for m in piet.memberships] == [home.members.piet.pk]


def test_it_never_reaches_into_another_organisation(veilig_thuis, police, caseworker):
    home = household(veilig_thuis, caseworker)
    # The same person's name in another organisation is another person there.
    elsewhere = DossierFactory(organisation=police)
    twin = PersonFactory(organisation=police, given_names="Eva", family_name="Jansen")
    member = DossierMemberFactory(dossier=elsewhere, person=twin)
    foreign_entry = DossierEntryFactory(dossier=elsewhere, concerns=[member])

    scope = disclosure_scope(request=request_in_progress(caseworker, home.eva))

    assert (SourceKind.ENTRY, foreign_entry.pk) not in _keys(scope)
    assert elsewhere.pk not in scope.dossier_ids


def test_it_leaves_out_dossiers_no_longer_held(veilig_thuis, caseworker):
    home = household(veilig_thuis, caseworker)
    Dossier.objects.filter(pk=home.dossier.pk).update(lifecycle=ItemStatus.TRANSFERRED)

    scope = disclosure_scope(request=request_in_progress(caseworker, home.eva))

    assert scope.memberships == []
    assert all(item.kind != SourceKind.ENTRY for item in scope.items)
