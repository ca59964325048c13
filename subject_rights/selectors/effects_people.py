"""Reads about people on a dossier page: who has not been informed of their rights
(R-DSR-10), the representative limitations (R-DSR-8) and restrictions (GDPR art. 18)."""

from django.db.models import Exists, OuterRef, QuerySet

from records.models import Dossier, DossierMember, RepresentativeLimitation, RightsInformation


def dossier_members_not_informed(dossier: Dossier) -> QuerySet[DossierMember]:
    """Members never informed of their rights in writing, in this dossier or elsewhere."""
    informed = RightsInformation.objects.filter(person_id=OuterRef("person_id"))
    return (
        DossierMember.objects.filter(dossier=dossier)
        .exclude(Exists(informed))
        .select_related("person")
        .order_by("id")
    )


def dossier_rights_information(dossier: Dossier) -> QuerySet[RightsInformation]:
    """When each member of the dossier was informed (anywhere in the organisation)."""
    return (
        RightsInformation.objects.filter(
            person__memberships__dossier=dossier, organisation_id=dossier.organisation_id
        )
        .select_related("person", "informed_by")
        .order_by("informed_on", "pk")
    )


def dossier_representative_limitations(dossier: Dossier) -> QuerySet[RepresentativeLimitation]:
    return RepresentativeLimitation.objects.filter(dossier=dossier).select_related(
        "young_person__person", "representative__person", "decided_by"
    )
