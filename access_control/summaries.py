"""Dossier summaries (action advice) shared more widely than the file (R-ACC-5).

Who may read a dossier's summary: everyone who may read the dossier, plus whoever the
authorisation matrix gives "view" on dossier summaries (by default: team leaders and the
records unit for the whole organisation, caseworkers for their own units' dossiers). The
summary page shows the summary and the dossier's reference, never its members or entries.
"""

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from access_control.matrix import DataCategory, MatrixAction
from access_control.permissions import scope_condition, scope_sql, visible_to


def dossier_summaries_visible_to(user) -> QuerySet:
    dossier_model = apps.get_model("records", "Dossier")
    if not user.is_authenticated or user.organisation_id is None:
        return dossier_model.objects.none()
    readable = visible_to(user, dossier_model.objects.filter(pk=OuterRef("pk")))
    user_grants, group_grants = dossier_model.grant_models()
    involved = Q(Exists(user_grants.objects.filter(content_object=OuterRef("pk"), user_id=user.pk))) | Q(
        Exists(group_grants.objects.filter(content_object=OuterRef("pk"), group__user=user.pk))
    )
    unit = Q(unit__in=user.units.values("pk"))
    shared = scope_condition(
        scope_sql(user, MatrixAction.VIEW, DataCategory.DOSSIER_SUMMARIES), involved=involved, unit=unit
    )
    return dossier_model.objects.filter(organisation_id=user.organisation_id).filter(
        shared | Q(Exists(readable))
    )


def dossier_summary_get_for_user(*, user, pk: int):
    """A dossier for its summary page, or Http404 (missing, another organisation's, or not
    shared with the user)."""
    dossier = dossier_summaries_visible_to(user).select_related("unit").filter(pk=pk).first()
    if dossier is None:
        raise Http404("No such dossier.")
    return dossier


def dossier_summary_shared_with(*, user, pk: int) -> bool:
    return dossier_summaries_visible_to(user).filter(pk=pk).exists()
