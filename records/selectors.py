"""Reads on people, records and dossiers, always through the permission filter.

``*_get_for_user`` is the one permission-checked lookup per model: every view, API
endpoint and task uses it. It raises Http404 for both "does not exist" and "not yours",
so another organisation's ids reveal nothing.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from access_control.models import Unit, User
from access_control.permissions import visible_to
from records.models import (
    Dossier,
    DossierEntry,
    DossierMember,
    DossierStatus,
    DossierStatusChange,
    EntryAttachment,
    InformationAsset,
    Person,
    PersonRestriction,
    Record,
    RecordCategory,
    RecordCopy,
    RecordSubject,
    RightsInformation,
    SubjectEvent,
)
from retention.models import RecordClass


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
    # Explicit order: Meta.ordering does not apply to a query with GROUP BY (the count).
    return (
        dossiers.select_related("unit")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("-report_date", "-id")
    )


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


def with_rights_state(links: QuerySet) -> QuerySet:
    """Members or record subjects with their person's active restriction (GDPR art. 18) and
    whether they were ever informed of their rights (R-DSR-10), for the detail pages' banner
    and rights panel without a query per person."""
    active = PersonRestriction.objects.filter(person_id=OuterRef("person_id"), lifted_at__isnull=True)
    return links.annotate(
        restriction_reason=Subquery(active.values("reason")[:1]),
        restricted_at=Subquery(active.values("restricted_at")[:1]),
        informed_of_rights=Exists(RightsInformation.objects.filter(person_id=OuterRef("person_id"))),
    )


def dossier_detail(*, user, pk: int) -> Dossier:
    """A dossier with its members and entries (and whom each entry concerns) prefetched."""
    dossier = dossier_get_for_user(user=user, pk=pk)
    members = with_rights_state(DossierMember.objects.select_related("person").order_by("id"))
    entries = (
        DossierEntry.objects.select_related("author")
        .prefetch_related(Prefetch("concerns", queryset=members), "attachments")
        .order_by("created_at", "id")
    )
    return (
        Dossier.objects.filter(pk=dossier.pk)
        .select_related("unit", "record_class", "created_by")
        .prefetch_related(
            Prefetch("members", queryset=members),
            Prefetch("entries", queryset=entries),
            Prefetch("status_changes", queryset=DossierStatusChange.objects.select_related("changed_by")),
        )
        .get()
    )


def record_detail(*, user, pk: int) -> Record:
    record = record_get_for_user(user=user, pk=pk)
    return (
        Record.objects.filter(pk=record.pk)
        .select_related("record_class", "information_asset__owner", "unit", "created_by")
        .prefetch_related(
            Prefetch(
                "subject_links", queryset=with_rights_state(RecordSubject.objects.select_related("person"))
            ),
            Prefetch("copies", queryset=RecordCopy.objects.select_related("custodian")),
            Prefetch("events", queryset=SubjectEvent.objects.select_related("person", "recorded_by")),
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


# --- Web pages: dashboard figures, write checks and form choices ---------------------

OPEN_STATUSES = (DossierStatus.OPEN, DossierStatus.REOPENED)


def dossier_open_list(*, user) -> QuerySet[Dossier]:
    """Open and reopened dossiers the user may see, newest report first."""
    return dossier_list(user=user).filter(status__in=OPEN_STATUSES)


def record_recent_list(*, user) -> QuerySet[Record]:
    """The records the user may see, most recently registered first."""
    return record_list(user=user).order_by("-created_at", "-id")


def dossiers_closed_in_year(*, user, year: int) -> QuerySet[Dossier]:
    return (
        dossier_list(user=user, status=DossierStatus.CLOSED)
        .filter(closed_on__year=year)
        .order_by("-closed_on", "-id")
    )


def record_counts_by_category(*, user) -> list[tuple[str, str, int]]:
    """(category, label, number of visible records) for every category, in one query."""
    rows = records_visible_to(user).order_by().values("category").annotate(total=Count("pk"))
    totals = {row["category"]: row["total"] for row in rows}
    return [(value, label, totals.get(value, 0)) for value, label in RecordCategory.choices]


def organisation_totals(*, user) -> dict[str, int]:
    """Headline figures for oversight roles: what the user may see of their organisation."""
    dossiers = dossiers_visible_to(user).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        closed=Count("pk", filter=Q(status=DossierStatus.CLOSED)),
    )
    records = records_visible_to(user).aggregate(total=Count("pk"))
    people = (
        Person.objects.filter(organisation_id=user.organisation_id).count() if user.organisation_id else 0
    )
    return {
        "dossiers_open": dossiers["open"],
        "dossiers_closed": dossiers["closed"],
        "records": records["total"],
        "people": people,
    }


def dossier_user_can_change(*, user, dossier: Dossier) -> bool:
    return dossiers_visible_to(user, perm="change").filter(pk=dossier.pk).exists()


def record_user_can_change(*, user, record: Record) -> bool:
    return records_visible_to(user, perm="change").filter(pk=record.pk).exists()


def entry_attachment_get_for_user(*, user, pk: int) -> EntryAttachment:
    """An attachment, only if its dossier passes ``dossier_get_for_user`` (else Http404)."""
    attachment = EntryAttachment.objects.select_related("entry").filter(pk=pk).first()
    if attachment is None:
        raise Http404("No such attachment.")
    dossier_get_for_user(user=user, pk=attachment.entry.dossier_id)
    return attachment


def units_for_user(*, user) -> QuerySet[Unit]:
    """The units a user can file a new dossier or record under: their own."""
    return user.units.order_by("name")


def record_classes_for_user(*, user) -> QuerySet[RecordClass]:
    return RecordClass.objects.filter(organisation_id=user.organisation_id, is_active=True).order_by("code")


def information_assets_for_user(*, user) -> QuerySet[InformationAsset]:
    return InformationAsset.objects.filter(organisation_id=user.organisation_id).order_by("name")


def custodians_for_user(*, user) -> QuerySet[User]:
    """Active users of the user's organisation, who may hold a copy of a record."""
    return User.objects.filter(organisation_id=user.organisation_id, is_active=True).order_by(
        "last_name", "first_name", "username"
    )
