"""Reads for weighing objections (GDPR art. 21; R-CON-7): the weighing of a request, earlier
weighings about the same subject (the new weighing is made knowing them), the objector's
views in the file, and the consents and people a consent-based objection can concern."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from records.models import DossierEntry, DossierMember, EntryKind, Person
from subject_rights.models import Consent, ConsentSignatory, ObjectionWeighing, SubjectRequest
from subject_rights.selectors.requests import subject_requests_visible_to


def objection_weighing_get_for_user(*, user, pk: int) -> ObjectionWeighing:
    """A weighing of a request the user may see; 404 for "missing" and "not yours" alike."""
    weighing = (
        ObjectionWeighing.objects.filter(pk=pk, request__in=subject_requests_visible_to(user).values("pk"))
        .select_related("request__subject", "consent", "weighed_by")
        .first()
    )
    if weighing is None:
        raise Http404("No such weighing.")
    return weighing


def objection_weighing_of(request: SubjectRequest) -> ObjectionWeighing | None:
    return (
        ObjectionWeighing.objects.filter(request_id=request.pk)
        .select_related("consent", "weighed_by")
        .first()
    )


def objection_weighings_earlier(request: SubjectRequest) -> QuerySet[ObjectionWeighing]:
    """Weighings of the subject's other objections in the same organisation, newest first."""
    return (
        ObjectionWeighing.objects.filter(
            organisation_id=request.organisation_id, request__subject_id=request.subject_id
        )
        .exclude(request_id=request.pk)
        .select_related("request", "weighed_by")
    )


def objection_views_of(request: SubjectRequest) -> QuerySet[DossierEntry]:
    """The objector's views (zienswijzen) added to the file for this objection."""
    return (
        DossierEntry.objects.filter(subject_request_id=request.pk, kind=EntryKind.OWN_STATEMENT)
        .select_related("dossier")
        .order_by("created_at", "pk")
    )


def objection_memberships_of(request: SubjectRequest) -> QuerySet[DossierMember]:
    return DossierMember.objects.filter(
        person_id=request.subject_id, dossier__organisation_id=request.organisation_id
    ).select_related("dossier")


def objection_consents_of(request: SubjectRequest) -> QuerySet[Consent]:
    """The subject's consents that are not withdrawn: what a consent-based objection is against."""
    return Consent.objects.filter(
        organisation_id=request.organisation_id, subject_id=request.subject_id, withdrawn_on__isnull=True
    ).order_by("-given_on", "-pk")


def objection_withdrawers_of(request: SubjectRequest) -> QuerySet[Person]:
    """Who can withdraw a consent by objecting: the subject and whoever signed their consents."""
    signed = ConsentSignatory.objects.filter(
        person_id=OuterRef("pk"),
        consent__subject_id=request.subject_id,
        consent__organisation_id=request.organisation_id,
        consent__withdrawn_on__isnull=True,
    )
    return (
        Person.objects.filter(organisation_id=request.organisation_id)
        .filter(Q(pk=request.subject_id) | Exists(signed))
        .order_by("family_name", "given_names", "pk")
    )
