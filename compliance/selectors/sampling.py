"""Reads on data-quality samples (R-REC-8).

The DPO, auditors and records-unit officers see every sample of their organisation; a team
leader sees the samples of the units they lead and those they draw or check.
``quality_sample_get_for_user`` answers 404 for "missing" and "not yours" alike.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from access_control.models import Role, Unit, User
from compliance.models import PROBLEM_FINDINGS, Finding, QualitySample, QualitySampleItem, SampleStatus
from compliance.permissions import user_reads_samples


def quality_samples_visible_to(user) -> QuerySet[QualitySample]:
    if not user_reads_samples(user):
        return QualitySample.objects.none()
    samples = QualitySample.objects.filter(organisation_id=user.organisation_id)
    if user.role == Role.TEAM_LEADER:
        samples = samples.filter(Q(unit__in=user.units.values("pk")) | Q(checker=user) | Q(drawn_by=user))
    return samples


def quality_sample_list(*, user, status: str = "") -> QuerySet[QualitySample]:
    """Samples, newest first, with their finding counts and rates in SQL."""
    samples = quality_samples_visible_to(user)
    if status:
        samples = samples.filter(status=status)
    return (
        samples.select_related("unit", "checker", "drawn_by")
        .annotate(
            checked=Count("items", filter=~Q(items__finding="")),
            problems=Count("items", filter=Q(items__finding__in=PROBLEM_FINDINGS)),
            accurate=Count("items", filter=Q(items__finding=Finding.ACCURATE)),
            inaccurate=Count("items", filter=Q(items__finding=Finding.INACCURATE)),
            incomplete=Count("items", filter=Q(items__finding=Finding.INCOMPLETE)),
            other=Count("items", filter=Q(items__finding=Finding.OTHER)),
        )
        .order_by("-drawn_at", "-id")
    )


def quality_sample_get_for_user(*, user, pk: int) -> QualitySample:
    sample = quality_sample_list(user=user).filter(pk=pk).first()
    if sample is None:
        raise Http404("No such sample.")
    return sample


def quality_sample_items(sample: QualitySample) -> QuerySet[QualitySampleItem]:
    return sample.items.select_related("record", "dossier", "checked_by").order_by("position")


def quality_sample_item_get(*, sample: QualitySample, pk: int) -> QualitySampleItem:
    item = quality_sample_items(sample).filter(pk=pk).first()
    if item is None:
        raise Http404("No such item in this sample.")
    return item


def finding_rate(sample) -> float | None:
    """Share of checked items with a problem, 0..1 (None before anything is checked)."""
    return sample.problems / sample.checked if sample.checked else None


def units_to_sample(*, user) -> QuerySet[Unit]:
    """The units the user may draw a sample from: a team leader's own, else all of the organisation."""
    if user.role == Role.TEAM_LEADER:
        return user.units.filter(organisation_id=user.organisation_id).order_by("name")
    return Unit.objects.filter(organisation_id=user.organisation_id).order_by("name")


def possible_checkers(*, user) -> QuerySet[User]:
    """Who can be asked to check a sample: the organisation's team leaders, and the user."""
    return (
        User.objects.filter(organisation_id=user.organisation_id, is_active=True)
        .filter(Q(role=Role.TEAM_LEADER) | Q(pk=user.pk))
        .order_by("last_name", "first_name", "username")
    )


@dataclass(frozen=True)
class QualitySummary:
    samples: int
    closed: int
    checked: int
    problems: int

    @property
    def problem_percent(self) -> int | None:
        return round(self.problems * 100 / self.checked) if self.checked else None


def quality_summary(*, organisation_id: int, period) -> QualitySummary:
    """Samples drawn in the period, and their findings, for the dashboard and the report."""
    samples = QualitySample.objects.filter(
        organisation_id=organisation_id, drawn_at__date__gte=period.start, drawn_at__date__lte=period.end
    )
    counts = samples.aggregate(samples=Count("pk"), closed=Count("pk", filter=Q(status=SampleStatus.CLOSED)))
    findings = QualitySampleItem.objects.filter(sample__in=samples).aggregate(
        checked=Count("pk", filter=~Q(finding="")),
        problems=Count("pk", filter=Q(finding__in=PROBLEM_FINDINGS)),
    )
    return QualitySummary(**counts, **findings)
