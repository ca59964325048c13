"""GDPR art. 18 on people, records and dossiers: whether processing is restricted, and why.

A list endpoint can annotate its queryset with ``restriction_annotate`` (one subquery, no
per-row query); without the annotation each object is looked up once.
"""

from django.db.models import OuterRef, QuerySet, Subquery
from rest_framework import serializers

from records.models import Dossier, Person, PersonRestriction

ANNOTATION = "_restriction_reason"


def _active_for(model) -> QuerySet[PersonRestriction]:
    active = PersonRestriction.objects.filter(lifted_at__isnull=True).order_by("restricted_at")
    if model is Person:
        return active.filter(person=OuterRef("pk"))
    if model is Dossier:
        return active.filter(person__memberships__dossier=OuterRef("pk"))
    return active.filter(person__record_links__record=OuterRef("pk"))


def restriction_annotate(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(**{ANNOTATION: Subquery(_active_for(queryset.model).values("reason")[:1])})


def _reason(obj) -> str | None:
    if not hasattr(obj, ANNOTATION):
        model = type(obj)
        reason = (
            model.objects.filter(pk=obj.pk)
            .annotate(**{ANNOTATION: Subquery(_active_for(model).values("reason")[:1])})
            .values_list(ANNOTATION, flat=True)
            .first()
        )
        setattr(obj, ANNOTATION, reason)
    return getattr(obj, ANNOTATION)


class RestrictionFieldsMixin(serializers.Serializer):
    restricted = serializers.SerializerMethodField(
        help_text="Processing of (a person in) this item is restricted (GDPR art. 18): data is only stored."
    )
    restriction_reason = serializers.SerializerMethodField(help_text="Why it is restricted; empty if not.")

    def get_restricted(self, obj) -> bool:
        return _reason(obj) is not None

    def get_restriction_reason(self, obj) -> str:
        return _reason(obj) or ""


__all__ = ["RestrictionFieldsMixin", "restriction_annotate"]
