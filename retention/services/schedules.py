"""Schedules as data: create, version (a change is a new version) and install defaults."""

from dataclasses import dataclass, fields

from django.db import transaction
from django.utils.translation import gettext as _

from access_control.models import Organisation, Role
from core.errors import DomainError, NotAllowed
from core.services import domain_event_record
from records.models import Dossier, Record, SubjectEventKind
from retention.dates import validate_financial_year_end
from retention.defaults import DEFAULT_SCHEDULES
from retention.models import (
    POLICE_GROUP_RANK,
    Automation,
    DueAction,
    PoliceGroup,
    RecordClass,
    RetentionSchedule,
    Rounding,
    ScheduleVersion,
    Trigger,
)

SCHEDULE_EDITORS = frozenset({Role.RECORDS_OFFICER, Role.ASSET_OWNER})


@dataclass(frozen=True)
class RuleParts:
    """The rule parts of RETENTION.md, exactly."""

    trigger: str
    action: str
    legal_basis: str
    period_years: int = 0
    period_months: int = 0
    period_days: int = 0
    rounding: str = Rounding.NONE
    trigger_event_kind: str = ""
    extend_until_youngest_child_age: int | None = None
    review_interval_years: int | None = None
    automation: str = Automation.HUMAN_REVIEW
    police_group: str = ""

    @classmethod
    def from_dict(cls, data: dict) -> "RuleParts":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def rule_parts_validate(*, organisation: Organisation, parts: RuleParts) -> None:
    """Refuse a rule that cannot be applied, naming the part at fault."""
    if parts.trigger not in Trigger.values:
        raise DomainError(_("Unknown trigger %(value)s.") % {"value": repr(parts.trigger)}, field="trigger")
    if parts.action not in DueAction.values:
        raise DomainError(_("Unknown action %(value)s.") % {"value": repr(parts.action)}, field="action")
    if parts.rounding not in Rounding.values:
        raise DomainError(
            _("Unknown rounding %(value)s.") % {"value": repr(parts.rounding)}, field="rounding"
        )
    if parts.automation not in Automation.values:
        raise DomainError(
            _("Unknown automation %(value)s.") % {"value": repr(parts.automation)}, field="automation"
        )
    if parts.police_group and parts.police_group not in PoliceGroup.values:
        raise DomainError(
            _("Unknown police review group %(value)s.") % {"value": repr(parts.police_group)},
            field="police_group",
        )
    for name in ("period_years", "period_months", "period_days"):
        value = getattr(parts, name)
        if not isinstance(value, int) or value < 0:
            raise DomainError(_("A period cannot be negative."), field=name)
    if parts.action != DueAction.RETAIN_PERMANENTLY and not (
        parts.period_years or parts.period_months or parts.period_days
    ):
        raise DomainError(_("The retention period must be longer than zero."), field="period_years")
    if parts.trigger == Trigger.EVENT and parts.trigger_event_kind not in SubjectEventKind.values:
        raise DomainError(_("Choose the event that starts the period."), field="trigger_event_kind")
    if parts.rounding == Rounding.FINANCIAL_YEAR:
        try:
            validate_financial_year_end(
                organisation.financial_year_end_month, organisation.financial_year_end_day
            )
        except ValueError as exc:
            raise DomainError(
                _("The organisation's financial year-end is not a valid date."), field="rounding"
            ) from exc
    if (
        parts.extend_until_youngest_child_age is not None
        and not 0 < parts.extend_until_youngest_child_age <= 30
    ):
        raise DomainError(
            _("The youngest child's age must be between 1 and 30."), field="extend_until_youngest_child_age"
        )
    if parts.review_interval_years is not None and parts.review_interval_years <= 0:
        raise DomainError(_("The review interval must be at least one year."), field="review_interval_years")
    if parts.automation == Automation.AUTOMATIC:
        # R-REC-7: automated deletion only below Group 2; groups 1 and 2 always get a human review.
        if parts.police_group in (PoliceGroup.GROUP_1, PoliceGroup.GROUP_2):
            raise DomainError(_("Groups 1 and 2 always go to a human review (R-REC-7)."), field="automation")
        if parts.action not in (DueAction.DESTROY, DueAction.ANONYMISE):
            raise DomainError(_("Only destruction or anonymisation can be automatic."), field="automation")
    if not parts.legal_basis.strip():
        raise DomainError(_("Give the legal basis."), field="legal_basis")


def _version_create(
    *, acting_user, schedule: RetentionSchedule, parts: RuleParts, change_note: str
) -> ScheduleVersion:
    last = schedule.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = ScheduleVersion.objects.create(
        schedule=schedule,
        number=last + 1,
        police_group_rank=POLICE_GROUP_RANK.get(parts.police_group) if parts.police_group else None,
        change_note=change_note,
        created_by=acting_user,
        **{f.name: getattr(parts, f.name) for f in fields(RuleParts)},
    )
    schedule.current_version = version
    schedule.save(update_fields=["current_version"])
    return version


def schedule_create(
    *, acting_user, organisation: Organisation, code: str, name: str, parts: RuleParts
) -> RetentionSchedule:
    code = code.strip().upper()
    if not code:
        raise DomainError(_("Give the schedule a code."), field="code")
    if not name.strip():
        raise DomainError(_("Give the schedule a name."), field="name")
    rule_parts_validate(organisation=organisation, parts=parts)
    if RetentionSchedule.objects.filter(organisation=organisation, code=code).exists():
        raise DomainError(_("A schedule with this code already exists."), field="code")
    with transaction.atomic():
        schedule = RetentionSchedule.objects.create(organisation=organisation, code=code, name=name.strip())
        version = _version_create(
            acting_user=acting_user, schedule=schedule, parts=parts, change_note="Created."
        )
        domain_event_record(
            acting_user=acting_user,
            verb="schedule.created",
            target=schedule,
            legal_basis=parts.legal_basis,
            data={"version": version.number},
        )
    return schedule


def schedule_revise(
    *, acting_user, schedule: RetentionSchedule, parts: RuleParts, change_note: str
) -> ScheduleVersion:
    """A change is a new version; items that follow the schedule get their dates recomputed."""
    # R-REC-9: records managers and Information Asset Owners set the schedules.
    if acting_user.organisation_id != schedule.organisation_id or acting_user.role not in SCHEDULE_EDITORS:
        raise NotAllowed(_("Only records-unit officers and information asset owners change schedules."))
    if not change_note.strip():
        raise DomainError(_("Say why the schedule changes."), field="change_note")
    rule_parts_validate(organisation=schedule.organisation, parts=parts)
    with transaction.atomic():
        schedule = RetentionSchedule.objects.select_for_update().get(pk=schedule.pk)
        version = _version_create(
            acting_user=acting_user, schedule=schedule, parts=parts, change_note=change_note
        )
        domain_event_record(
            acting_user=acting_user,
            verb="schedule.revised",
            target=schedule,
            reason=change_note,
            legal_basis=parts.legal_basis,
            data={"version": version.number},
        )
        transaction.on_commit(lambda: _recompute_schedule_items(schedule.pk))
    return version


def _recompute_schedule_items(schedule_id: int) -> None:
    from retention import engine

    record_ids = list(
        Record.objects.filter(record_class__schedule_id=schedule_id).values_list("pk", flat=True)
    )
    engine.recompute_records(record_ids)
    dossier_ids = list(
        Dossier.objects.filter(record_class__schedule_id=schedule_id).values_list("pk", flat=True)
    )
    engine.recompute_dossiers(dossier_ids)


def schedules_install_defaults(*, acting_user, organisation: Organisation) -> list[RetentionSchedule]:
    """Install RETENTION.md's defaults for this kind of organisation; link same-code classes.

    Idempotent: an existing schedule or class is left as it is (records managers may have
    edited it).
    """
    installed = []
    with transaction.atomic():
        for spec in DEFAULT_SCHEDULES.get(organisation.kind, []):
            schedule = RetentionSchedule.objects.filter(organisation=organisation, code=spec["code"]).first()
            if schedule is None:
                schedule = schedule_create(
                    acting_user=acting_user,
                    organisation=organisation,
                    code=spec["code"],
                    name=spec["name"],
                    parts=RuleParts.from_dict(spec),
                )
            record_class, _ = RecordClass.objects.get_or_create(
                organisation=organisation,
                code=spec["code"],
                defaults={"name": spec["name"], "category": spec["category"]},
            )
            if record_class.schedule_id is None:
                record_class.schedule = schedule
                record_class.save(update_fields=["schedule"])
            installed.append(schedule)
    return installed
