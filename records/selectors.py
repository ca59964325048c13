"""Reads on people, records and dossiers, always through the permission filter.

``*_get_for_user`` is the one permission-checked lookup per model: every view, API
endpoint and task uses it. It raises Http404 for both "does not exist" and "not yours",
so another organisation's ids reveal nothing.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from access_control.permissions import visible_to
from records.models import (
    Dossier,
    DossierEntry,
    DossierMember,
    Person,
    Record,
    RecordCopy,
    RecordSubject,
)


def dossiers_visible_to(user, *, perm: str = "view") -> QuerySet[Dossier]:
    return visible_to(user, Dossier.objects.all(), perm=perm)


def records_visible_to(user, *, perm: str = "view") -> QuerySet[Record]:
    return visible_to(user, Record.objects.all(), perm=perm)


def dossier_get_for_user(*, user, pk: int, perm: str = "view") -> Dossier:
    dossier = (
        dossiers_visible_to(user, perm=perm).select_related("unit", "record_class").filter(pk=pk).first()
    )
    if dossier is None:
        raise Http404("No such dossier.")
    return dossier


def record_get_for_user(*, user, pk: int, perm: str = "view") -> Record:
    record = (
        records_visible_to(user, perm=perm)
        .select_related("record_class", "information_asset__owner", "unit")
        .filter(pk=pk)
        .first()
    )
    if record is None:
        raise Http404("No such record.")
    return record


def _person_match(prefix: str, query: str) -> Q:
    """Match a person by name words or by date of birth (dd-mm-yyyy or yyyy-mm-dd)."""
    condition = Q()
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            born = datetime.datetime.strptime(query, fmt).date()  # noqa: DTZ007 - a date, not a time
        except ValueError:
            continue
        return Q(**{f"{prefix}date_of_birth": born})
    for word in query.split():
        condition &= Q(**{f"{prefix}given_names__icontains": word}) | Q(
            **{f"{prefix}family_name__icontains": word}
        )
    return condition


def dossier_list(*, user, query: str = "", status: str = "") -> QuerySet[Dossier]:
    """The dossiers a user may see, searchable by reference, household, person or birth date."""
    dossiers = dossiers_visible_to(user)
    if status:
        dossiers = dossiers.filter(status=status)
    query = query.strip()
    if query:
        member_match = DossierMember.objects.filter(dossier=OuterRef("pk")).filter(
            _person_match("person__", query)
        )
        dossiers = dossiers.filter(
            Q(reference__icontains=query) | Q(household_name__icontains=query) | Q(Exists(member_match))
        )
    return dossiers.select_related("unit").annotate(member_count=Count("members", distinct=True))


def record_list(*, user, query: str = "", category: str = "") -> QuerySet[Record]:
    records = records_visible_to(user)
    if category:
        records = records.filter(category=category)
    query = query.strip()
    if query:
        subject_match = RecordSubject.objects.filter(record=OuterRef("pk")).filter(
            _person_match("person__", query)
        )
        records = records.filter(
            Q(reference__icontains=query) | Q(title__icontains=query) | Q(Exists(subject_match))
        )
    return records.select_related("record_class", "unit")


def dossier_detail(*, user, pk: int) -> Dossier:
    """A dossier with its members and entries (and whom each entry concerns) prefetched."""
    dossier = dossier_get_for_user(user=user, pk=pk)
    members = DossierMember.objects.select_related("person").order_by("id")
    entries = (
        DossierEntry.objects.select_related("author")
        .prefetch_related(Prefetch("concerns", queryset=members), "attachments")
        .order_by("created_at", "id")
    )
    return (
        Dossier.objects.filter(pk=dossier.pk)
        .select_related("unit", "record_class", "created_by")
        .prefetch_related(
            Prefetch("members", queryset=members), Prefetch("entries", queryset=entries), "status_changes"
        )
        .get()
    )


def record_detail(*, user, pk: int) -> Record:
    record = record_get_for_user(user=user, pk=pk)
    return (
        Record.objects.filter(pk=record.pk)
        .select_related("record_class", "information_asset__owner", "unit", "created_by")
        .prefetch_related(
            Prefetch("subject_links", queryset=RecordSubject.objects.select_related("person")),
            Prefetch("copies", queryset=RecordCopy.objects.select_related("custodian")),
            "events",
        )
        .get()
    )


def people_for_organisation(*, user, query: str = "") -> QuerySet[Person]:
    """People of the user's organisation, for choosing an existing person in a form."""
    if not user.is_authenticated or user.organisation_id is None:
        return Person.objects.none()
    people = Person.objects.filter(organisation_id=user.organisation_id)
    if not user.sees_whole_organisation:
        # Access by involvement (R-ACC-5): only people of items the user may see.
        people = people.filter(
            Exists(dossiers_visible_to(user).filter(members__person=OuterRef("pk")))
            | Exists(records_visible_to(user).filter(subject_links__person=OuterRef("pk")))
        )
    if query.strip():
        people = people.filter(_person_match("", query.strip()))
    return people
