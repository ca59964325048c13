"""Data-quality samples (R-REC-8): draw a random sample of a unit's items, record what the line
manager finds in each, and close the sample.

The draw is reproducible without keeping the population: the unit's live items are ordered
in SQL by a keyed hash of their id and the sample's seed (``_draw_order``), and the first
``size`` are taken. The same seed over the same population orders them the same way, so
anyone can repeat a draw to see it was not hand-picked; a different seed gives another
order. The hash is integer arithmetic modulo a prime, identical on PostgreSQL and SQLite,
and the items are never loaded into Python to be shuffled.
"""

import secrets

from django.db import transaction
from django.db.models import BigIntegerField, ExpressionWrapper, F, QuerySet, Value
from django.db.models.functions import Mod
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.models import Organisation, Role, Unit
from compliance.models import Finding, QualitySample, QualitySampleItem, SampleKind, SampleStatus
from compliance.permissions import SAMPLE_DRAWER_ROLES
from core.errors import DomainError, InvalidTransition, NotAllowed
from core.services import domain_event_record
from records.models import Dossier, ItemStatus, Record

LEGAL_BASIS = "R-REC-8"
MAX_SAMPLE_SIZE = 100
# Seeds are drawn below 2**31 so that the arithmetic below stays inside 64-bit integers.
SEED_LIMIT = 2**31 - 1
_PRIME = 2_147_483_647  # 2**31 - 1
_MULTIPLIER = 48_271


def _population(unit: Unit, kind: str) -> QuerySet:
    if kind == SampleKind.RECORDS:
        return Record.objects.filter(organisation_id=unit.organisation_id, unit=unit, status=ItemStatus.LIVE)
    return Dossier.objects.filter(organisation_id=unit.organisation_id, unit=unit, lifecycle=ItemStatus.LIVE)


def _draw_order(seed: int) -> ExpressionWrapper:
    """A pseudo-random rank of each item: ((id + seed) * a mod p) squared plus seed, mod p.

    Squaring makes the order non-linear in the id (a plain multiplicative hash would pick
    evenly spaced ids); every intermediate value is below 2**62.
    """
    mixed = Mod((F("pk") + Value(seed)) * Value(_MULTIPLIER), Value(_PRIME))
    return ExpressionWrapper(Mod(mixed * mixed + Value(seed), Value(_PRIME)), output_field=BigIntegerField())


def sample_draw_order(*, unit: Unit, kind: str, seed: int) -> QuerySet:
    """The unit's live items in the order a draw with ``seed`` takes them (ties by id)."""
    return _population(unit, kind).annotate(draw_rank=_draw_order(seed)).order_by("draw_rank", "pk")


def _require_drawer(acting_user, unit: Unit) -> None:
    if getattr(acting_user, "role", None) not in SAMPLE_DRAWER_ROLES:
        raise NotAllowed(_("Only team leaders and records-unit officers draw data-quality samples."))
    if acting_user.organisation_id != unit.organisation_id:
        raise NotAllowed(_("You can only sample your own organisation's units."))
    if acting_user.role == Role.TEAM_LEADER and not acting_user.units.filter(pk=unit.pk).exists():
        raise NotAllowed(_("A team leader samples only the units they lead."))


def _check_checker(acting_user, unit: Unit, checker) -> None:
    if checker.pk == acting_user.pk:
        return
    leads_unit = checker.role == Role.TEAM_LEADER and checker.units.filter(pk=unit.pk).exists()
    if checker.organisation_id != unit.organisation_id or not leads_unit:
        raise DomainError(
            _("The checker must be a team leader of %(unit)s, or you.") % {"unit": unit.name},
            field="checker",
        )


def _next_reference(organisation: Organisation, year: int) -> str:
    """``QS-<year>-<seq:04d>``. Call with the organisation row locked."""
    prefix = f"QS-{year}-"
    taken = QualitySample.objects.filter(organisation=organisation, reference__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"


def quality_sample_draw(
    *,
    acting_user,
    unit: Unit,
    kind: str,
    size: int,
    checker,
    seed: int | None = None,
) -> QualitySample:
    """Draw ``size`` of the unit's live records or dossiers for ``checker`` to check."""
    _require_drawer(acting_user, unit)
    _check_checker(acting_user, unit, checker)
    if kind not in SampleKind.values:
        raise DomainError(_("Choose records or dossiers."), field="kind")
    if not 1 <= size <= MAX_SAMPLE_SIZE:
        raise DomainError(
            _("Choose a sample size from 1 to %(max)d.") % {"max": MAX_SAMPLE_SIZE}, field="size"
        )
    if seed is None:
        seed = secrets.randbelow(SEED_LIMIT - 1) + 1
    elif not 1 <= seed < SEED_LIMIT:
        raise DomainError(
            _("A seed is a whole number from 1 to %(max)d.") % {"max": SEED_LIMIT - 1}, field="seed"
        )
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=unit.organisation_id)
        population = _population(unit, kind).count()
        if population == 0:
            raise DomainError(
                _("%(unit)s has no live %(kind)s to sample.")
                % {"unit": unit.name, "kind": SampleKind(kind).label.lower()},
                field="kind",
            )
        if size > population:
            raise DomainError(
                _("%(unit)s has only %(count)d live %(kind)s: choose a smaller sample.")
                % {"unit": unit.name, "count": population, "kind": SampleKind(kind).label.lower()},
                field="size",
            )
        sample = QualitySample.objects.create(
            organisation=organisation,
            reference=_next_reference(organisation, timezone.localdate().year),
            unit=unit,
            kind=kind,
            size=size,
            population_size=population,
            seed=seed,
            drawn_by=acting_user,
            checker=checker,
        )
        field = "record" if kind == SampleKind.RECORDS else "dossier"
        drawn = list(sample_draw_order(unit=unit, kind=kind, seed=seed).only("pk", "reference")[:size])
        # bulk_create sends no signals, so auditlog does not see these rows: the domain
        # event below lists what was drawn instead.
        QualitySampleItem.objects.bulk_create(
            QualitySampleItem(sample=sample, position=position, reference=item.reference, **{field: item})
            for position, item in enumerate(drawn, start=1)
        )
        domain_event_record(
            acting_user=acting_user,
            verb="quality_sample.drawn",
            target=sample,
            legal_basis=LEGAL_BASIS,
            data={
                "unit": unit.pk,
                "kind": kind,
                "size": size,
                "population": population,
                "seed": seed,
                "checker": checker.pk,
                "items": [item.reference for item in drawn],
            },
        )
    return sample


def _require_checker(acting_user, sample: QualitySample) -> None:
    if acting_user.pk != sample.checker_id or acting_user.organisation_id != sample.organisation_id:
        raise NotAllowed(_("Only the sample's checker records findings and closes it."))


def _locked_open(sample: QualitySample) -> QualitySample:
    locked = QualitySample.objects.select_for_update().get(pk=sample.pk)
    if locked.status != SampleStatus.OPEN:
        raise InvalidTransition(_("Sample %(reference)s is closed.") % {"reference": locked.reference})
    return locked


def quality_sample_finding_record(
    *, acting_user, item: QualitySampleItem, finding: str, note: str = ""
) -> QualitySampleItem:
    """The checker's finding on one item; a finding other than accurate says what is wrong."""
    sample = item.sample
    _require_checker(acting_user, sample)
    note = (note or "").strip()
    if finding not in Finding.values:
        raise DomainError(_("Choose a finding."), field="finding")
    if finding != Finding.ACCURATE and not note:
        raise DomainError(_("Say what is wrong, so it can be put right."), field="note")
    with transaction.atomic():
        _locked_open(sample)
        locked = QualitySampleItem.objects.select_for_update().get(pk=item.pk, sample=sample)
        previous = locked.finding
        locked.finding, locked.note = finding, note
        locked.checked_by, locked.checked_at = acting_user, timezone.now()
        locked.save(update_fields=["finding", "note", "checked_by", "checked_at"])
        domain_event_record(
            acting_user=acting_user,
            verb="quality_sample.finding_recorded",
            target=sample,
            reason=note,
            legal_basis=LEGAL_BASIS,
            data={"item": locked.pk, "reference": locked.reference, "finding": finding, "previous": previous},
        )
    return locked


def quality_sample_close(*, acting_user, sample: QualitySample, conclusion: str) -> QualitySample:
    """Close a sample whose every item has a finding; the conclusion is the feedback (R-REC-8)."""
    _require_checker(acting_user, sample)
    conclusion = (conclusion or "").strip()
    if not conclusion:
        raise DomainError(
            _("Write the conclusion: what the sample shows and what follows."), field="conclusion"
        )
    with transaction.atomic():
        locked = _locked_open(sample)
        unchecked = locked.items.filter(finding="").count()
        if unchecked:
            raise DomainError(
                _("%(count)d item(s) still have no finding.") % {"count": unchecked}, field="conclusion"
            )
        locked.status = SampleStatus.CLOSED
        locked.conclusion = conclusion
        locked.closed_by, locked.closed_at = acting_user, timezone.now()
        locked.save(update_fields=["status", "conclusion", "closed_by", "closed_at"])
        domain_event_record(
            acting_user=acting_user,
            verb="quality_sample.closed",
            target=locked,
            reason=conclusion,
            legal_basis=LEGAL_BASIS,
        )
    return locked
