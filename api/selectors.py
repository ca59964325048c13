"""Reads for the API: who the caller is, and which rows a call may reach.

Session users (people signed in to the browser) go through the project's own selectors,
so their role and involvement rules (R-ACC-5) apply unchanged. An API client acts through
its service user (role ``api_client``), which has no organisation-wide role; its *reads*
reach the whole organisation's rows of a kind only when the client holds that kind's read
scope (an integrator syncs a whole register, it is not "involved" in cases). Its *writes*
on existing rows still need a grant: the client changes what it created (the services
grant the creator) or what someone granted its service user. This widening lives here,
not in access_control.permissions, so the browser's rules cannot change by accident.
"""

import hashlib
import hmac

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from access_control.models import Role
from api.models import ApiClient, ApiToken
from api.scopes import Scope
from records.models import (
    Dossier,
    DossierEntry,
    DossierMember,
    DossierStatusChange,
    Person,
    Record,
    RecordCopy,
    RecordSubject,
    SubjectEvent,
)
from records.selectors import dossiers_visible_to, people_for_organisation, records_visible_to
from retention.explain import explain
from retention.models import LegalHold, RecordClass, RetentionSchedule
from retention.selectors import holds_on, holds_visible_to, schedules_visible_to

# The largest id a BigAutoField holds: anything above cannot exist (and would overflow SQL).
MAX_ID = 2**63 - 1


def api_token_lookup(plaintext: str) -> ApiToken | None:
    """The usable token matching ``plaintext``, with its client and service user, or None."""
    digest = hashlib.sha256(plaintext.encode()).hexdigest()
    candidates = ApiToken.objects.select_related("client__user").filter(prefix=plaintext[:8])
    for token in candidates:
        # Constant-time: the time taken does not tell how much of a guessed hash matched.
        if hmac.compare_digest(token.token_hash, digest):
            client = token.client
            if token.is_usable and client.is_active and client.user.is_active:
                return token
            return None
    return None


def api_client_of(user) -> ApiClient | None:
    """The API client ``user`` is the service user of, or None for a person."""
    if getattr(user, "role", None) != Role.API_CLIENT:
        return None
    try:
        return user.api_client
    except ApiClient.DoesNotExist:
        return None


def _client_scope(user, scope: str) -> tuple[bool, bool]:
    """(is an API client, and holds ``scope`` while active)."""
    client = api_client_of(user)
    if client is None:
        return False, False
    return True, client.is_active and client.has_scopes(scope)


def _organisation_rows(user, model, scope: str, fallback) -> QuerySet:
    is_client, allowed = _client_scope(user, scope)
    if not is_client:
        return fallback()
    if not allowed:
        return model.objects.none()
    return model.objects.filter(organisation_id=user.organisation_id)


def records_for(user, *, perm: str = "view") -> QuerySet[Record]:
    if perm == "view":
        return _organisation_rows(user, Record, Scope.RECORDS_READ, lambda: records_visible_to(user))
    return records_visible_to(user, perm=perm)


def dossiers_for(user, *, perm: str = "view") -> QuerySet[Dossier]:
    if perm == "view":
        return _organisation_rows(user, Dossier, Scope.DOSSIERS_READ, lambda: dossiers_visible_to(user))
    return dossiers_visible_to(user, perm=perm)


def people_for(user) -> QuerySet[Person]:
    return _organisation_rows(user, Person, Scope.PEOPLE_READ, lambda: people_for_organisation(user=user))


def schedules_for(user) -> QuerySet[RetentionSchedule]:
    return _organisation_rows(
        user, RetentionSchedule, Scope.RETENTION_READ, lambda: schedules_visible_to(user)
    )


def holds_for(user) -> QuerySet[LegalHold]:
    return _organisation_rows(user, LegalHold, Scope.RETENTION_READ, lambda: holds_visible_to(user))


def one_or_404(queryset: QuerySet, pk, what: str):
    """The row ``pk`` of ``queryset``; 404 alike for a malformed, unknown or foreign id."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(f"No such {what}.") from None
    found = queryset.filter(pk=pk).first() if 0 < pk <= MAX_ID else None
    if found is None:
        raise Http404(f"No such {what}.")
    return found


# --- list and detail querysets: related rows loaded up front, a fixed number of queries ---


def record_list_for(user) -> QuerySet[Record]:
    return records_for(user).select_related("record_class")


def _record_detail(records: QuerySet[Record]) -> QuerySet[Record]:
    return records.select_related("record_class", "information_asset").prefetch_related(
        Prefetch("subject_links", queryset=RecordSubject.objects.select_related("person").order_by("id")),
        Prefetch("copies", queryset=RecordCopy.objects.select_related("custodian").order_by("id")),
        Prefetch("events", queryset=SubjectEvent.objects.order_by("occurred_on", "id")),
    )


def record_detail_for(user, pk) -> Record:
    return one_or_404(_record_detail(records_for(user)), pk, "record")


def record_for_change(user, pk) -> Record:
    """A record the caller may change (involved, or granted to the client), else 404."""
    return one_or_404(records_for(user, perm="change").select_related("organisation"), pk, "record")


def record_reload(record: Record) -> Record:
    """A record just written by the caller, as the detail shows it. Read without the
    visibility filter: a client that may write but not read still gets its answer."""
    return _record_detail(Record.objects.filter(pk=record.pk)).get()


def dossier_list_for(user) -> QuerySet[Dossier]:
    return dossiers_for(user).select_related("record_class")


def _dossier_detail(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    members = DossierMember.objects.select_related("person").order_by("id")
    entries = (
        DossierEntry.objects.select_related("author")
        .prefetch_related(Prefetch("concerns", queryset=DossierMember.objects.order_by("id")), "attachments")
        .order_by("created_at", "id")
    )
    return dossiers.select_related("record_class").prefetch_related(
        Prefetch("members", queryset=members),
        Prefetch("entries", queryset=entries),
        Prefetch("status_changes", queryset=DossierStatusChange.objects.order_by("changed_at", "id")),
    )


def dossier_detail_for(user, pk) -> Dossier:
    return one_or_404(_dossier_detail(dossiers_for(user)), pk, "dossier")


def dossier_for_change(user, pk) -> Dossier:
    return one_or_404(dossiers_for(user, perm="change").select_related("organisation"), pk, "dossier")


def dossier_reload(dossier: Dossier) -> Dossier:
    return _dossier_detail(Dossier.objects.filter(pk=dossier.pk)).get()


def retention_status(item) -> dict:
    """What the retention endpoint shows of ``item``: its columns, explanation and holds."""
    item = (
        type(item)
        .objects.select_related("retention_version__schedule", "retention_basis_person")
        .get(pk=item.pk)
    )
    return {"item": item, "explanation": explain(item), "active_holds": list(holds_on(item).order_by("id"))}


def person_list_for(user) -> QuerySet[Person]:
    return people_for(user).prefetch_related("identifiers")


def person_reload(person: Person) -> Person:
    """A person just written by a service, with what the response shows. The caller may not
    "see" a new person through involvement yet, but answers with what it created."""
    return Person.objects.prefetch_related("identifiers").get(pk=person.pk)


def schedule_list_for(user) -> QuerySet[RetentionSchedule]:
    return (
        schedules_for(user)
        .select_related("current_version")
        .prefetch_related(Prefetch("record_classes", queryset=RecordClass.objects.order_by("code")))
    )


def schedule_detail_for(user, pk) -> RetentionSchedule:
    return one_or_404(schedule_list_for(user), pk, "retention schedule")


def hold_list_for(user) -> QuerySet[LegalHold]:
    return _hold_detail(holds_for(user))


def hold_detail_for(user, pk) -> LegalHold:
    return one_or_404(hold_list_for(user), pk, "legal hold")


def hold_for_release(user, pk) -> LegalHold:
    """A hold to release: a client with holds:write finds its organisation's holds (the scope
    was checked), a person those their role shows them."""
    holds = holds_visible_to(user)
    if api_client_of(user) is not None:
        holds = LegalHold.objects.filter(organisation_id=user.organisation_id)
    return one_or_404(holds, pk, "legal hold")


def hold_reload(hold: LegalHold) -> LegalHold:
    return _hold_detail(LegalHold.objects.filter(pk=hold.pk)).get()


def _hold_detail(holds: QuerySet[LegalHold]) -> QuerySet[LegalHold]:
    return holds.select_related("placed_by", "released_by").prefetch_related(
        Prefetch("records", queryset=Record.objects.only("pk").order_by("pk")),
        Prefetch("dossiers", queryset=Dossier.objects.only("pk").order_by("pk")),
        Prefetch("people", queryset=Person.objects.only("pk").order_by("pk")),
    )
