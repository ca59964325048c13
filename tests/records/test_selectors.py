"""Reads: searching dossiers and records, people by involvement (R-ACC-5), query counts."""

import datetime

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from access_control.models import Role
from access_control.services import involvement_grant
from records.models import DossierStatus, MemberRole, RecordCategory, SubjectRole
from records.selectors import (
    dossier_detail,
    dossier_get_for_user,
    dossier_list,
    people_for_organisation,
    record_get_for_user,
    record_list,
    records_visible_to,
)
from tests.factories import (
    DossierFactory,
    DossierMemberFactory,
    PersonFactory,
    RecordFactory,
    RecordSubjectFactory,
    UserFactory,
    grant,
)

pytestmark = pytest.mark.django_db


def _dossier(user, *, reference, household, status=DossierStatus.OPEN, members=()):
    dossier = DossierFactory(
        organisation=user.organisation, reference=reference, household_name=household, status=status
    )
    for given, family, born in members:
        DossierMemberFactory(
            dossier=dossier,
            role=MemberRole.CHILD,
            person__given_names=given,
            person__family_name=family,
            person__date_of_birth=born,
        )
    grant(user, dossier)
    return dossier


@pytest.fixture
def dossiers(caseworker):
    return {
        "devries": _dossier(
            caseworker,
            reference="VT-2024-00001",
            household="Familie de Vries",
            members=[("Daan", "de Vries", datetime.date(2015, 3, 4)), ("Lotte", "de Vries", None)],
        ),
        "jansen": _dossier(
            caseworker,
            reference="VT-2023-00017",
            household="Familie Jansen",
            status=DossierStatus.CLOSED,
            members=[("Sem", "Bakker", datetime.date(2012, 11, 30))],
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("VT-2024", ["devries"]),
        ("vt-2023-00017", ["jansen"]),
        ("jansen", ["jansen"]),
        ("Bakker", ["jansen"]),
        ("sem bakker", ["jansen"]),
        ("lotte", ["devries"]),
        ("04-03-2015", ["devries"]),
        ("2015-03-04", ["devries"]),
        ("30/11/2012", ["jansen"]),
        ("familie", ["devries", "jansen"]),
        ("nobody", []),
    ],
)
def test_it_searches_dossiers_by_reference_household_member_and_birth_date(
    caseworker, dossiers, query, expected
):
    found = dossier_list(user=caseworker, query=f"  {query} ")

    assert sorted(d.reference for d in found) == sorted(dossiers[key].reference for key in expected)


def test_it_lists_a_dossier_once_when_several_members_match(caseworker, dossiers):
    found = list(dossier_list(user=caseworker, query="de Vries"))

    assert found == [dossiers["devries"]]
    assert found[0].member_count == 2


def test_it_filters_dossiers_by_status(caseworker, dossiers):
    assert list(dossier_list(user=caseworker, status=DossierStatus.CLOSED)) == [dossiers["jansen"]]
    assert list(dossier_list(user=caseworker, status=DossierStatus.OPEN, query="familie")) == [
        dossiers["devries"]
    ]


def test_it_searches_only_what_the_user_may_see(caseworker, colleague, outsider, dossiers):
    _dossier(outsider, reference="VT-2024-00099", household="Familie Jansen")

    assert [d.reference for d in dossier_list(user=caseworker, query="jansen")] == ["VT-2023-00017"]
    assert list(dossier_list(user=colleague, query="jansen")) == []


def test_it_keeps_the_dossier_list_query_count_constant(caseworker, unit):
    def list_queries(count):
        for _ in range(count):
            dossier = DossierFactory(organisation=caseworker.organisation, unit=unit)
            DossierMemberFactory.create_batch(2, dossier=dossier)
            grant(caseworker, dossier)
        with CaptureQueriesContext(connection) as queries:
            rows = [(d.reference, d.unit.name, d.member_count) for d in dossier_list(user=caseworker)]
        return len(rows), len(queries)

    # The authorisation matrix is read once per user object, i.e. once per request (R-ACC-1).
    records_visible_to(caseworker).exists()
    three = list_queries(3)
    thirty = list_queries(27)

    assert (three[0], thirty[0]) == (3, 30)
    assert three[1] == thirty[1]


# --- records ---------------------------------------------------------------------------


@pytest.fixture
def records(caseworker):
    burglary = RecordFactory(
        organisation=caseworker.organisation, reference="HDP-2019-00042", title="Burglary dwelling"
    )
    RecordSubjectFactory(
        record=burglary,
        role=SubjectRole.SUSPECT,
        person__given_names="Rhys",
        person__family_name="Evans",
        person__date_of_birth=datetime.date(1990, 1, 2),
    )
    invoices = RecordFactory(
        organisation=caseworker.organisation,
        reference="HDP-2020-00001",
        title="Supplier invoices FY 2020/21",
        category=RecordCategory.BUSINESS,
    )
    for record in (burglary, invoices):
        grant(caseworker, record)
    return {"burglary": burglary, "invoices": invoices}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("HDP-2019", ["burglary"]),
        ("invoices", ["invoices"]),
        ("rhys evans", ["burglary"]),
        ("02-01-1990", ["burglary"]),
        ("1990-01-02", ["burglary"]),
        ("HDP", ["burglary", "invoices"]),
        ("Jones", []),
    ],
)
def test_it_searches_records_by_reference_title_subject_and_birth_date(caseworker, records, query, expected):
    found = record_list(user=caseworker, query=query)

    assert sorted(r.reference for r in found) == sorted(records[key].reference for key in expected)


def test_it_filters_records_by_category_r_rec_2(caseworker, records):
    assert list(record_list(user=caseworker, category=RecordCategory.BUSINESS)) == [records["invoices"]]
    assert list(record_list(user=caseworker, category=RecordCategory.POLICING_PURPOSE)) == [
        records["burglary"]
    ]


def test_it_keeps_the_record_list_query_count_constant(caseworker):
    def list_queries(count):
        for _ in range(count):
            grant(caseworker, RecordFactory(organisation=caseworker.organisation))
        with CaptureQueriesContext(connection) as queries:
            rows = [(r.reference, r.record_class.code, r.unit) for r in record_list(user=caseworker)]
        return len(rows), len(queries)

    # The authorisation matrix is read once per user object, i.e. once per request (R-ACC-1).
    records_visible_to(caseworker).exists()
    three = list_queries(3)
    thirty = list_queries(27)

    assert (three[0], thirty[0]) == (3, 30)
    assert three[1] == thirty[1]


# --- the single permission-checked lookups ---------------------------------------------


def test_it_gives_the_owner_a_dossier_and_refuses_colleague_and_outsider_with_404(
    caseworker, colleague, outsider, dossiers
):
    dossier = dossiers["devries"]

    assert dossier_get_for_user(user=caseworker, pk=dossier.pk) == dossier
    assert dossier_detail(user=caseworker, pk=dossier.pk).members.count() == 2
    for refused in (colleague, outsider):
        with pytest.raises(Http404):
            dossier_get_for_user(user=refused, pk=dossier.pk)
        with pytest.raises(Http404):
            dossier_detail(user=refused, pk=dossier.pk)


def test_it_gives_the_owner_a_record_and_refuses_colleague_and_outsider_with_404(
    caseworker, colleague, outsider, records
):
    record = records["burglary"]

    assert record_get_for_user(user=caseworker, pk=record.pk) == record
    for refused in (colleague, outsider):
        with pytest.raises(Http404):
            record_get_for_user(user=refused, pk=record.pk)


def test_it_lets_an_oversight_role_view_but_not_change_r_acc_3(organisation, dossiers):
    dpo = UserFactory(organisation=organisation, role=Role.DPO)
    dossier = dossiers["devries"]

    assert dossier_get_for_user(user=dpo, pk=dossier.pk) == dossier
    with pytest.raises(Http404):
        dossier_get_for_user(user=dpo, pk=dossier.pk, perm="change")


def test_it_says_404_for_an_id_that_does_not_exist(caseworker):
    with pytest.raises(Http404):
        dossier_get_for_user(user=caseworker, pk=987654)
    with pytest.raises(Http404):
        record_get_for_user(user=caseworker, pk=987654)


# --- people_for_organisation (R-ACC-5) -------------------------------------------------


@pytest.fixture
def people(caseworker, colleague, dossiers, records):
    """People the caseworker is involved with, and people they are not."""
    theirs = DossierFactory(organisation=caseworker.organisation, household_name="Familie Smit")
    grant(colleague, theirs)
    hidden = DossierMemberFactory(dossier=theirs, person__family_name="Smit").person
    unlinked = PersonFactory(organisation=caseworker.organisation, family_name="Visser")
    return {"hidden": hidden, "unlinked": unlinked}


def test_it_offers_a_caseworker_only_people_of_items_they_are_involved_in_r_acc_5(caseworker, people):
    names = set(people_for_organisation(user=caseworker).values_list("family_name", flat=True))

    assert names == {"de Vries", "Bakker", "Evans"}


def test_it_offers_people_of_a_team_grant_to_team_members(caseworker, unit, people):
    theirs = people["hidden"].memberships.get().dossier
    involvement_grant(acting_user=caseworker, obj=theirs, unit=unit)

    assert people["hidden"] in people_for_organisation(user=caseworker)


def test_it_offers_an_organisation_wide_role_every_person_of_the_organisation(organisation, outsider, people):
    officer = UserFactory(organisation=organisation, role=Role.RECORDS_OFFICER)
    PersonFactory(organisation=outsider.organisation, family_name="Buitenstaander")

    names = set(people_for_organisation(user=officer).values_list("family_name", flat=True))

    assert names == {"de Vries", "Bakker", "Evans", "Smit", "Visser"}


def test_it_never_offers_people_of_another_organisation(outsider, people):
    """Even an organisation-wide role sees only its own organisation's people."""
    outsider.role = Role.RECORDS_OFFICER
    outsider.save()
    own = PersonFactory(organisation=outsider.organisation)

    assert list(people_for_organisation(user=outsider)) == [own]


def test_it_narrows_people_by_name_or_birth_date(caseworker, people):
    assert [p.given_names for p in people_for_organisation(user=caseworker, query="daan")] == ["Daan"]
    assert [p.given_names for p in people_for_organisation(user=caseworker, query="30-11-2012")] == ["Sem"]
