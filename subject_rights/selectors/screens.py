"""Reads behind the request and consent pages: the queue, the people a user may open a
consent register for, and the "who must sign" previews shown while a form is filled in.

The previews call the same pure rules the services apply (subject_rights.capacity,
subject_rights.entitlement, subject_rights.consent_rules), so what the form shows before
saving is what the service enforces on saving.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.models import Role
from records.models import Person
from records.selectors import people_for_organisation
from subject_rights.capacity import Capacity, UnknownAgeBands, age_bands_for, capacity_for
from subject_rights.consent_rules import ConsentRequirement, ConsentRuleError
from subject_rights.entitlement import entitlement_refusal
from subject_rights.models import (
    CLOCK_RUNNING_STATUSES,
    OPEN_STATUSES,
    Consent,
    LegalRelation,
    SubjectRequest,
)
from subject_rights.selectors.consent import consent_requirement_for
from subject_rights.selectors.dashboard import DUE_SOON_DAYS
from subject_rights.selectors.requests import subject_requests_visible_to

DUE_SOON = "soon"
OVERDUE = "overdue"
OPEN = "open"  # every status in which the request still needs work
# The records unit prepares disclosures and carries out destructions and restrictions for
# the whole organisation (R-REC-9), so its officers read every request of it; acting on a
# request stays with its handler, team leaders and the DPO (the services check that).
REQUEST_READER_ROLES = frozenset({Role.RECORDS_OFFICER})


def subject_requests_on_screens(user) -> QuerySet[SubjectRequest]:
    """The requests the pages show the user: what ``subject_requests_visible_to`` gives,
    and for a records-unit officer every request of their organisation."""
    if getattr(user, "role", None) in REQUEST_READER_ROLES and user.organisation_id is not None:
        return SubjectRequest.objects.filter(organisation_id=user.organisation_id)
    return subject_requests_visible_to(user)


def subject_request_queue(
    *,
    user,
    status: str = "",
    request_type: str = "",
    due: str = "",
    person_id: int | None = None,
    on: datetime.date | None = None,
) -> QuerySet[SubjectRequest]:
    """The requests the user may see, soonest deadline first (those without a due date,
    awaiting identity evidence, last). ``status``: one status, "open" for every open one,
    blank for all. ``due``: "soon" (running, due within seven days) or "overdue" (running,
    deadline passed)."""
    on = on or timezone.localdate()
    requests = subject_requests_on_screens(user).annotate(deadline=Coalesce("extended_due_on", "due_on"))
    if status == OPEN:
        requests = requests.filter(status__in=OPEN_STATUSES)
    elif status:
        requests = requests.filter(status=status)
    if request_type:
        requests = requests.filter(request_type=request_type)
    if person_id is not None:
        requests = requests.filter(subject_id=person_id)
    if due == DUE_SOON:
        requests = requests.filter(
            status__in=CLOCK_RUNNING_STATUSES,
            deadline__gte=on,
            deadline__lte=on + datetime.timedelta(days=DUE_SOON_DAYS),
        )
    elif due == OVERDUE:
        requests = requests.filter(status__in=CLOCK_RUNNING_STATUSES, deadline__lt=on)
    return requests.select_related("subject", "handler").order_by(
        F("deadline").asc(nulls_last=True), "received_on", "pk"
    )


def subject_request_detail(*, user, pk: int) -> SubjectRequest:
    """A request with its people and history (status changes, pauses), for the detail page;
    404 for "missing" and "not yours" alike."""
    request = (
        subject_requests_on_screens(user)
        .select_related(
            "subject",
            "organisation",
            "handler",
            "created_by",
            "identity_verified_by",
            "extended_by",
            "decided_by",
        )
        .prefetch_related("status_changes__changed_by", "pauses__paused_by", "pauses__resumed_by")
        .filter(pk=pk)
        .first()
    )
    if request is None:
        raise Http404("No such request.")
    return request


# --- People -----------------------------------------------------------------------------


def subject_rights_people_visible_to(user) -> QuerySet[Person]:
    """People whose requests and consents the user may open: those of dossiers and records
    the user may see (R-ACC-5), and the subjects of requests the user may see."""
    if not user.is_authenticated or user.organisation_id is None:
        return Person.objects.none()
    people = Person.objects.filter(organisation_id=user.organisation_id)
    if user.sees_whole_organisation:
        return people
    requests = subject_requests_visible_to(user).filter(subject=OuterRef("pk"))
    involved = people_for_organisation(user=user).filter(pk=OuterRef("pk"))
    return people.filter(Exists(involved) | Exists(requests))


def consents_visible_to(user) -> QuerySet[Consent]:
    """The one rule for who sees which consent, in the browser and on the API (R-ACC-5).

    - An API client (a case-management system or intake portal): the consents it recorded
      itself (subject_rights.roles: it records and withdraws the consents it collected).
    - Whoever the authorisation matrix lets see the whole register (R-ACC-1: the DPO, the
      records unit, ...): every consent of their organisation.
    - Anyone else (caseworkers, team leaders within their units): the consents of the
      people they may open a consent register for (``subject_rights_people_visible_to``:
      involved through a dossier or record they see, or the subject of a request they
      see), and the consents they recorded themselves.
    """
    if not user.is_authenticated or user.organisation_id is None:
        return Consent.objects.none()
    consents = Consent.objects.filter(organisation_id=user.organisation_id)
    if user.role == Role.API_CLIENT:
        return consents.filter(recorded_by=user)
    if user.sees_whole_organisation:
        return consents
    involved = subject_rights_people_visible_to(user).filter(pk=OuterRef("subject_id"))
    return consents.filter(Exists(involved) | Q(recorded_by=user))


def consent_subject_get_for_user(*, user, pk: int) -> Person:
    """The one permission-checked lookup of a person for the consent pages (404 otherwise)."""
    person = subject_rights_people_visible_to(user).select_related("organisation").filter(pk=pk).first()
    if person is None:
        raise Http404("No such person.")
    return person


def consent_get_for_user(*, user, pk: int) -> Consent:
    """The one permission-checked lookup of a consent (``consents_visible_to``; else 404)."""
    consent = consents_visible_to(user).filter(pk=pk).select_related("subject__organisation").first()
    if consent is None:
        raise Http404("No such consent.")
    return consent


def legal_relation_get_for_user(*, user, pk: int) -> LegalRelation:
    relation = (
        LegalRelation.objects.filter(child__in=subject_rights_people_visible_to(user), pk=pk)
        .select_related("adult", "child")
        .first()
    )
    if relation is None:
        raise Http404("No such relation.")
    return relation


def legal_relations_history_of(child: Person) -> QuerySet[LegalRelation]:
    """Every relation of the child, current first, then the ended ones (history)."""
    return (
        LegalRelation.objects.filter(child=child)
        .select_related("adult")
        .order_by(F("ended_on").desc(nulls_first=True), "kind", "pk")
    )


def consents_register_for(subject: Person) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(subject=subject)
        .select_related("withdrawn_by", "recorded_by")
        .prefetch_related("signatories__person")
        .order_by("-given_on", "-pk")
    )


def consent_signatory_candidates(child: Person) -> QuerySet[Person]:
    """Who may be named as having given consent: the child and every adult with a current
    legal relation to them (also those without authority, so a wrong choice is refused with
    its reason rather than hidden)."""
    adults = LegalRelation.objects.filter(child=child, ended_on__isnull=True, adult=OuterRef("pk"))
    return Person.objects.filter(organisation_id=child.organisation_id).filter(
        Q(pk=child.pk) | Exists(adults)
    )


# --- Previews of who must sign ------------------------------------------------------------


@dataclass(frozen=True)
class CapacityPreview:
    """Who must sign a request on the date of receipt (R-DSR-7), or why it cannot be said."""

    capacity: Capacity | None
    problem: str = ""
    refusal: str = ""


def request_capacity_preview(
    *,
    organisation,
    subject_name: str,
    date_of_birth: datetime.date | None,
    received_on: datetime.date,
    requester_role: str = "",
    incompetent: bool = False,
    judged_competent: bool = False,
) -> CapacityPreview:
    if incompetent and judged_competent:
        return CapacityPreview(None, _("A person cannot be judged both competent and not competent."))
    try:
        bands = age_bands_for(organisation.jurisdiction)
    except UnknownAgeBands as error:
        return CapacityPreview(
            None,
            _("No age bands are configured for jurisdiction %(code)s (R-DSR-12).") % {"code": str(error)},
        )
    try:
        capacity = capacity_for(
            date_of_birth=date_of_birth,
            on=received_on,
            bands=bands,
            incompetent=incompetent,
            judged_competent=judged_competent,
        )
    except ValueError:
        return CapacityPreview(
            None,
            _("The request cannot have been received before %(name)s was born.") % {"name": subject_name},
        )
    refusal = ""
    if requester_role and not capacity.needs_assessment:
        refusal = entitlement_refusal(capacity, requester_role, subject_name) or ""
    return CapacityPreview(capacity, refusal=refusal)


@dataclass(frozen=True)
class SignatoryPreview:
    requirement: ConsentRequirement | None
    problem: str = ""


def consent_signatory_preview(
    *, child: Person, on: datetime.date, incompetent: bool = False, judged_competent: bool = False
) -> SignatoryPreview:
    """Who must consent for ``child`` on ``on`` (R-CON-2, R-CON-3), or what to record first."""
    if incompetent and judged_competent:
        return SignatoryPreview(None, _("A pupil cannot be judged both competent and not competent."))
    try:
        return SignatoryPreview(
            consent_requirement_for(
                child=child, on=on, incompetent=incompetent, judged_competent=judged_competent
            )
        )
    except ConsentRuleError as error:
        return SignatoryPreview(None, str(error))
    except UnknownAgeBands as error:
        return SignatoryPreview(
            None,
            _("No age bands are configured for jurisdiction %(code)s (R-DSR-12).") % {"code": str(error)},
        )
    except ValueError:
        return SignatoryPreview(
            None, _("Consent cannot have been given before %(name)s was born.") % {"name": child.full_name}
        )


def subject_rights_people_search(*, user, query: str = "") -> QuerySet[Person]:
    """The people the user may open a consent register for, by name words or a date of
    birth (dd-mm-yyyy or yyyy-mm-dd), alphabetically."""
    people = subject_rights_people_visible_to(user)
    query = query.strip()
    for fmt in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            born = datetime.datetime.strptime(query, fmt).date()  # noqa: DTZ007 - a date, not a time
        except ValueError:
            continue
        return people.filter(date_of_birth=born).order_by("family_name", "given_names", "pk")
    for word in query.split():
        people = people.filter(Q(given_names__icontains=word) | Q(family_name__icontains=word))
    return people.order_by("family_name", "given_names", "pk")


def consent_withdrawal_candidates(consent: Consent) -> QuerySet[Person]:
    """Who can be named as withdrawing: whoever gave it, the subject, and the adults with a
    current relation to the subject (the service decides whether they may)."""
    signed = consent.signatories.filter(person=OuterRef("pk"))
    return Person.objects.filter(organisation_id=consent.organisation_id).filter(
        Q(pk__in=consent_signatory_candidates(consent.subject).values("pk")) | Q(Exists(signed))
    )
