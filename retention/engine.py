"""The retention engine: computes every item's retention state set-based in SQL.

For each schedule version in use the engine issues one UPDATE over the items of the record
classes that follow it: no per-row Python loop, whatever the size of the register. Order:

1. people (MoPI, RETENTION.md): each person's latest event (the clear period restarts on
   every new event or record about them), their highest police review group among all
   records about them, and the date that group gives;
2. records: the date from the record's own schedule; then, where a person in the record
   belongs to a group that keeps longer, that person's group and date (latest date wins);
3. dossiers: R-WMO-1/2 from the closing year and the youngest child's birth year; an open
   or reopened dossier has no date (R-WMO-5);
4. later-only overrides on both: a team leader's extension (R-WMO-3) and a review's retain.

"No date" is computed as FOREVER (so it beats every real date) and stored as NULL.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.aggregates import Max, Min
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest, NullIf
from django.db.models.sql import Query
from django.utils import timezone

from records.models import (
    Dossier,
    DossierMember,
    DossierStatus,
    MemberRole,
    Person,
    Record,
    RecordSubject,
    SubjectEvent,
)
from records.models import RetentionBasis as Basis
from retention.dates import FOREVER, AddPeriod, EndOfFinancialYear, EndOfYear
from retention.models import DueAction, RecordClass, Rounding, ScheduleVersion, Trigger

EPOCH = datetime.date(1, 1, 1)  # "no date" on the early side, for GREATEST over nullable dates
PERSON_TRIGGERS = (Trigger.LAST_EVENT, Trigger.SUBJECT_BIRTH, Trigger.EVENT)


@dataclass
class RecomputeResult:
    people: int = 0
    records: int = 0
    dossiers: int = 0


def _date(value: datetime.date) -> Value:
    return Value(value, output_field=DateField())


def _latest(*expressions):
    """GREATEST that ignores NULLs on every database (SQLite's MAX() would return NULL)."""
    return NullIf(Greatest(*(Coalesce(e, _date(EPOCH)) for e in expressions)), _date(EPOCH))


def _due_expression(version: ScheduleVersion, trigger, organisation) -> object:
    """The due date of ``version`` counted from ``trigger`` (NULL trigger gives NULL)."""
    if version.action == DueAction.RETAIN_PERMANENTLY:
        return _date(FOREVER)
    due = AddPeriod(trigger, version.period_years, version.period_months, version.period_days)
    if version.rounding == Rounding.CALENDAR_YEAR:
        due = EndOfYear(due)
    elif version.rounding == Rounding.FINANCIAL_YEAR:
        due = EndOfFinancialYear(
            due, organisation.financial_year_end_month, organisation.financial_year_end_day
        )
    return Coalesce(due, _date(FOREVER))


def _basis(default: str):
    """The basis for items annotated with ``_trigger``: no trigger date means no date yet."""
    return Case(
        When(_trigger__isnull=True, then=Value(Basis.NO_TRIGGER)),
        default=Value(default),
        output_field=CharField(),
    )


def _versions_for(items: QuerySet) -> list[ScheduleVersion]:
    return list(
        ScheduleVersion.objects.filter(pk__in=items.values("record_class__schedule__current_version"))
        .select_related("schedule__organisation")
        .order_by("pk")
    )


def _class_ids(version: ScheduleVersion):
    return RecordClass.objects.filter(schedule__current_version=version).values("pk")


# --- 1. people ------------------------------------------------------------------------------


GROUP_ORDER_BASE = 10**9  # order key = rank * base - version: rank first, then the newer version


def _group_order_case():
    """CASE over ``record__record_class_id``: the police group order key of a record's class.

    The few record classes that carry a police group are mapped to constants, so finding a
    person's highest group reads only their record links and records.
    """
    ranked = list(
        RecordClass.objects.filter(
            schedule__current_version__police_group_rank__isnull=False,
            schedule__current_version__trigger__in=PERSON_TRIGGERS,
        ).values_list("pk", "schedule__current_version__police_group_rank", "schedule__current_version_id")
    )
    return Case(
        *(
            When(record__record_class_id=pk, then=Value(rank * GROUP_ORDER_BASE - version))
            for pk, rank, version in ranked
        ),
        default=Value(None),
        output_field=IntegerField(),
    )


def _people_facts_update(people: QuerySet[Person]) -> None:
    """Latest event and highest group of each person in scope, from two GROUP BY joins.

    Set-based aggregates instead of three correlated subqueries per person; only people
    whose facts change are written.
    """
    scope = people.values("id").order_by()
    events = (
        SubjectEvent.objects.filter(person__in=scope)
        .values("person_id")
        .annotate(last=Max("occurred_on"))
        .order_by()
    )
    links = (
        RecordSubject.objects.filter(person__in=scope)
        .values("person_id")
        .annotate(last=Max("record__created_on"), best=Min(_group_order_case()))
        .order_by()
    )
    try:
        scope_sql, scope_params = scope.query.sql_with_params()
        events_sql, events_params = events.query.sql_with_params()
        links_sql, links_params = links.query.sql_with_params()
    except EmptyResultSet:
        return
    postgres = connection.vendor == "postgresql"
    greatest = "GREATEST" if postgres else "MAX"
    differs = "IS DISTINCT FROM" if postgres else "IS NOT"
    base = GROUP_ORDER_BASE
    sql = f"""
        UPDATE records_person SET
            retention_last_event_on = n.last_event,
            retention_group_version_id = n.version_id
        FROM (
            SELECT p.id,
                   NULLIF({greatest}(COALESCE(ev.last, %s), COALESCE(rl.last, %s)), %s) AS last_event,
                   CASE WHEN rl.best IS NULL THEN NULL
                        ELSE ((CAST(rl.best AS BIGINT) + {base - 1}) / {base}) * {base}
                             - CAST(rl.best AS BIGINT) END AS version_id
            FROM ({scope_sql}) AS p
            LEFT JOIN ({events_sql}) AS ev ON ev.person_id = p.id
            LEFT JOIN ({links_sql}) AS rl ON rl.person_id = p.id
        ) AS n
        WHERE records_person.id = n.id
          AND (records_person.retention_last_event_on {differs} n.last_event
               OR records_person.retention_group_version_id {differs} n.version_id)
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, (EPOCH, EPOCH, EPOCH, *scope_params, *events_params, *links_params))


def people_recompute(people: QuerySet[Person]) -> int:
    _people_facts_update(people)
    people.filter(retention_group_version__isnull=True, retention_due_on__isnull=False).update(
        retention_due_on=None
    )
    group_versions = ScheduleVersion.objects.filter(
        pk__in=people.values("retention_group_version")
    ).select_related("schedule__organisation")
    for version in group_versions:
        if version.trigger == Trigger.SUBJECT_BIRTH:
            trigger = F("date_of_birth")
        elif version.trigger == Trigger.EVENT:
            trigger = Subquery(
                SubjectEvent.objects.filter(person=OuterRef("pk"), kind=version.trigger_event_kind)
                .order_by("-occurred_on")
                .values("occurred_on")[:1]
            )
        else:
            trigger = F("retention_last_event_on")
        due = _due_expression(version, trigger, version.schedule.organisation)
        people.filter(retention_group_version=version).exclude(retention_due_on=due).update(
            retention_due_on=due
        )
    return people.count()


# --- 2. records -----------------------------------------------------------------------------


def _record_trigger(version: ScheduleVersion):
    if version.trigger == Trigger.CREATED:
        return F("created_on")
    if version.trigger == Trigger.CLOSED:
        return F("closed_on")
    subjects = RecordSubject.objects.filter(record=OuterRef("pk"))
    if version.trigger == Trigger.SUBJECT_BIRTH:
        youngest = subjects.order_by(F("person__date_of_birth").desc(nulls_last=True))
        return Subquery(youngest.values("person__date_of_birth")[:1])
    if version.trigger == Trigger.EVENT:
        events = SubjectEvent.objects.filter(
            Q(record=OuterRef("pk")) | Q(person__record_links__record=OuterRef("pk")),
            kind=version.trigger_event_kind,
        ).order_by("-occurred_on")
        return Subquery(events.values("occurred_on")[:1])
    latest = subjects.order_by(F("person__retention_last_event_on").desc(nulls_last=True))
    return _latest(F("created_on"), Subquery(latest.values("person__retention_last_event_on")[:1]))


def records_recompute(records: QuerySet[Record], *, few: bool = False) -> int:
    """``few``: the scope is a handful of rows (an incremental recompute), where the plain
    correlated UPDATE is cheapest and a join plan could wrongly scan the whole table."""
    now = timezone.now()
    unscheduled = records.filter(
        Q(record_class__schedule__isnull=True) | Q(record_class__schedule__current_version=None)
    )
    unscheduled.update(
        retention_due_on=None,
        retention_action="",
        retention_trigger_on=None,
        retention_basis=Basis.NO_SCHEDULE,
        retention_basis_person=None,
        retention_version=None,
        retention_review_on=None,
        retention_computed_at=now,
    )
    for version in _versions_for(records):
        if few:
            _records_apply_own_schedule_few(records, version, now)
        else:
            _records_apply_own_schedule(records, version, now)
    if few:
        _records_apply_person_groups(records)
    _apply_overrides(records)
    return records.count()


def _compile(expression, model) -> tuple[str, tuple]:
    """SQL for a Django expression, to splice into the few hand-assembled statements."""
    query = Query(model)
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.compile(expression.resolve_expression(query))
    return sql, tuple(params)


def _records_apply_own_schedule_few(records: QuerySet[Record], version: ScheduleVersion, now) -> None:
    trigger = _record_trigger(version)
    records.filter(record_class__in=_class_ids(version)).annotate(_trigger=trigger).update(
        retention_trigger_on=F("_trigger"),
        retention_due_on=_due_expression(version, F("_trigger"), version.schedule.organisation),
        retention_action=Value(version.action),
        retention_basis=_basis(Basis.OWN_SCHEDULE),
        retention_basis_person=None,
        retention_version=version,
        retention_computed_at=now,
    )


def _best_person_sql(records: QuerySet[Record]) -> tuple[str, tuple]:
    """Per record in scope, the person in it whose police group keeps it longest."""
    scope_sql, scope_params = records.values("pk").order_by().query.sql_with_params()
    sql = f"""
        SELECT record_id, due, person_id, version_id, action, last_event FROM (
            SELECT rs.record_id, COALESCE(p.retention_due_on, %s) AS due, p.id AS person_id,
                   p.retention_group_version_id AS version_id, v.action,
                   p.retention_last_event_on AS last_event,
                   ROW_NUMBER() OVER (
                       PARTITION BY rs.record_id ORDER BY COALESCE(p.retention_due_on, %s) DESC, p.id
                   ) AS rank
            FROM records_recordsubject rs
            JOIN records_person p ON p.id = rs.person_id
            JOIN retention_scheduleversion v ON v.id = p.retention_group_version_id
            WHERE rs.record_id IN ({scope_sql})
        ) AS ranked
        WHERE rank = 1
    """  # noqa: S608
    return sql, (FOREVER, FOREVER, *scope_params)


def _last_event_source_sql(records: QuerySet[Record]) -> tuple[str, tuple]:
    """Each record's clear-period start: its creation or the latest event of a person in it.

    One GROUP BY over the record–person links instead of a correlated subquery per record
    (the clear-period versions cover most of a police register).
    """
    base_sql, base_params = records.values("id", "created_on").order_by().query.sql_with_params()
    scope_sql, scope_params = records.values("pk").order_by().query.sql_with_params()
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    sql = f"""
        SELECT base.id, {greatest}(base.created_on, COALESCE(sf.last_event, base.created_on)) AS "_trigger"
        FROM ({base_sql}) AS base
        LEFT JOIN (
            SELECT rs.record_id, MAX(p.retention_last_event_on) AS last_event
            FROM records_recordsubject rs JOIN records_person p ON p.id = rs.person_id
            WHERE rs.record_id IN ({scope_sql})
            GROUP BY rs.record_id
        ) AS sf ON sf.record_id = base.id
    """  # noqa: S608
    return sql, (*base_params, *scope_params)


def _records_apply_own_schedule(records: QuerySet[Record], version: ScheduleVersion, now) -> None:
    """One UPDATE … FROM per schedule version, writing each row's final state at most once.

    The source computes each row's trigger once (the ORM's UPDATE would repeat the trigger
    subquery in every column using it), compares the record's own date with the longest
    date a person in it brings (MoPI: records follow the person's highest group; latest
    date wins), and only rows whose values change are written: every write rewrites all of
    the row's index entries, so a nightly re-run of an unchanged register writes nothing.
    """
    in_version = records.filter(record_class__in=_class_ids(version))
    try:
        if version.trigger == Trigger.LAST_EVENT:
            source_sql, source_params = _last_event_source_sql(in_version)
        else:
            source = (
                in_version.annotate(_trigger=_record_trigger(version)).values("id", "_trigger").order_by()
            )
            source_sql, source_params = source.query.sql_with_params()
        best_sql, best_params = _best_person_sql(in_version)
    except EmptyResultSet:
        return
    trigger = RawSQL('src."_trigger"', (), output_field=DateField())
    due_sql, due_params = _compile(_due_expression(version, trigger, version.schedule.organisation), Record)
    differs = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    changed = " OR ".join(
        f"records_record.{column} {differs} n.{value}"
        for column, value in (
            ("retention_due_on", "due"),
            ("retention_action", "action"),
            ("retention_basis", "basis"),
            ("retention_basis_person_id", "person_id"),
            ("retention_version_id", "version_id"),
            ("retention_trigger_on", "trigger_on"),
        )
    )
    person_wins = "c.p_due > c.own_due"
    # Every fragment is the ORM's compiled SQL or a constant; values travel as parameters.
    sql = f"""
        UPDATE records_record SET
            retention_trigger_on = n.trigger_on,
            retention_due_on = n.due,
            retention_action = n.action,
            retention_basis = n.basis,
            retention_basis_person_id = n.person_id,
            retention_version_id = n.version_id,
            retention_computed_at = %s
        FROM (
            SELECT c.id,
                CASE WHEN {person_wins} THEN c.p_trigger ELSE c.own_trigger END AS trigger_on,
                NULLIF(CASE WHEN {person_wins} THEN c.p_due ELSE c.own_due END, %s) AS due,
                CASE WHEN {person_wins} THEN c.p_action ELSE %s END AS action,
                CASE WHEN {person_wins} THEN %s WHEN c.own_trigger IS NULL THEN %s ELSE %s END AS basis,
                CASE WHEN {person_wins} THEN c.p_person END AS person_id,
                CASE WHEN {person_wins} THEN c.p_version ELSE %s END AS version_id
            FROM (
                SELECT src.id, src."_trigger" AS own_trigger, {due_sql} AS own_due,
                       bp.due AS p_due, bp.person_id AS p_person, bp.version_id AS p_version,
                       bp.action AS p_action, bp.last_event AS p_trigger
                FROM ({source_sql}) AS src
                LEFT JOIN ({best_sql}) AS bp ON bp.record_id = src.id
            ) AS c
        ) AS n
        WHERE records_record.id = n.id AND ({changed})
    """  # noqa: S608
    params = (
        now,
        FOREVER,
        version.action,
        Basis.PERSON_GROUP,
        Basis.NO_TRIGGER,
        Basis.OWN_SCHEDULE,
        version.pk,
        *due_params,
        *source_params,
        *best_params,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _records_apply_person_groups(records: QuerySet[Record]) -> None:
    """Incremental path: a record follows the person whose group keeps it longer.

    UPDATE … FROM over the ranked join, because the ORM can only express it as a
    correlated ``id IN (…)`` filter, which PostgreSQL evaluates per row (quadratic).
    Window functions and UPDATE … FROM work on PostgreSQL and on SQLite ≥ 3.33.
    """
    try:
        best_sql, best_params = _best_person_sql(records)
    except EmptyResultSet:  # e.g. pk__in=[]: nothing to do
        return
    sql = f"""
        UPDATE records_record SET
            retention_due_on = best.due,
            retention_basis_person_id = best.person_id,
            retention_version_id = best.version_id,
            retention_action = best.action,
            retention_trigger_on = best.last_event,
            retention_basis = %s
        FROM ({best_sql}) AS best
        WHERE records_record.id = best.record_id AND best.due > records_record.retention_due_on
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, (Basis.PERSON_GROUP, *best_params))


# --- 3. dossiers ----------------------------------------------------------------------------


def dossiers_recompute(dossiers: QuerySet[Dossier]) -> int:
    now = timezone.now()
    dossiers.filter(
        Q(record_class__schedule__isnull=True) | Q(record_class__schedule__current_version=None)
    ).update(
        retention_due_on=None,
        retention_action="",
        retention_trigger_on=None,
        retention_basis=Basis.NO_SCHEDULE,
        retention_version=None,
        retention_review_on=None,
        retention_computed_at=now,
    )
    youngest_child = (
        DossierMember.objects.filter(
            dossier=OuterRef("pk"), role=MemberRole.CHILD, person__date_of_birth__isnull=False
        )
        .order_by("-person__date_of_birth")
        .values("person__date_of_birth")
    )
    for version in _versions_for(dossiers):
        organisation = version.schedule.organisation
        if version.trigger == Trigger.CLOSED:
            # R-WMO-5: an open or reopened dossier has no destruction date.
            trigger = Case(When(status=DossierStatus.CLOSED, then=F("closed_on")), output_field=DateField())
        else:
            trigger = F("report_date")
        items = dossiers.filter(record_class__in=_class_ids(version)).annotate(
            _trigger=trigger, _base=_due_expression(version, trigger, organisation)
        )
        open_basis = Basis.OPEN if version.trigger == Trigger.CLOSED else Basis.NO_TRIGGER
        basis = Case(When(_trigger__isnull=True, then=Value(open_basis)), default=Value(Basis.OWN_SCHEDULE))
        due = F("_base")
        trigger_on = F("_trigger")
        age = version.extend_until_youngest_child_age
        if age is not None and version.action != DueAction.RETAIN_PERMANENTLY:
            # R-WMO-2: kept up to and including the year the youngest child turns ``age``.
            items = items.annotate(_child=Subquery(youngest_child[:1])).annotate(
                _child_due=EndOfYear(AddPeriod(F("_child"), years=age))
            )
            child_wins = Q(_trigger__isnull=False, _child_due__gt=F("_base"))
            due = Case(When(child_wins, then=F("_child_due")), default=F("_base"))
            basis = Case(
                When(_trigger__isnull=True, then=Value(open_basis)),
                When(child_wins, then=Value(Basis.YOUNGEST_CHILD)),
                default=Value(Basis.OWN_SCHEDULE),
            )
            # The explanation needs the child's birth year when that rule set the date.
            trigger_on = Case(When(child_wins, then=F("_child")), default=F("_trigger"))
        items.update(
            retention_trigger_on=trigger_on,
            retention_due_on=due,
            retention_action=Value(version.action),
            retention_basis=basis,
            retention_version=version,
            retention_computed_at=now,
        )
    _apply_overrides(dossiers)
    return dossiers.count()


# --- 4. overrides and review dates ---------------------------------------------------------


def _apply_overrides(items: QuerySet) -> None:
    items.filter(retention_extended_to__gt=F("retention_due_on")).update(
        retention_due_on=F("retention_extended_to"), retention_basis=Value(Basis.EXTENSION)
    )
    items.filter(retention_retained_until__gt=F("retention_due_on")).update(
        retention_due_on=F("retention_retained_until"), retention_basis=Value(Basis.REVIEW_RETAIN)
    )
    items.filter(retention_action=DueAction.RETAIN_PERMANENTLY).exclude(
        retention_basis=Basis.EXTENSION
    ).update(retention_basis=Value(Basis.PERMANENT))
    # The review date: the due date itself when the action is a review; otherwise a
    # periodic review (e.g. MoPI group 1, every 10 years) from the last review or creation.
    # Only rows whose value changes are written: every write rewrites all of the row's indexes.
    items.filter(retention_action=DueAction.REVIEW).exclude(retention_review_on=F("retention_due_on")).update(
        retention_review_on=F("retention_due_on")
    )
    periodic = ScheduleVersion.objects.filter(
        pk__in=items.values("retention_version"), review_interval_years__isnull=False
    ).exclude(action=DueAction.REVIEW)
    start = "created_on" if items.model is Record else "report_date"
    for version in periodic:
        review_on = AddPeriod(
            Coalesce("retention_last_reviewed_on", start), years=version.review_interval_years
        )
        items.filter(retention_version=version).exclude(retention_review_on=review_on).update(
            retention_review_on=review_on
        )
    items.exclude(retention_action=DueAction.REVIEW).exclude(retention_version__in=periodic).filter(
        retention_review_on__isnull=False
    ).update(retention_review_on=None)
    items.filter(retention_due_on=FOREVER).update(retention_due_on=None)
    items.filter(retention_review_on=FOREVER).update(retention_review_on=None)


# --- entry points ---------------------------------------------------------------------------


def recompute_all(*, organisation_id: int | None = None) -> RecomputeResult:
    """Full recompute (the nightly sweep). Each stage is one transaction."""
    people = Person.objects.all()
    records = Record.objects.all()
    dossiers = Dossier.objects.all()
    if organisation_id is not None:
        people = people.filter(organisation_id=organisation_id)
        records = records.filter(organisation_id=organisation_id)
        dossiers = dossiers.filter(organisation_id=organisation_id)
    result = RecomputeResult()
    with transaction.atomic():
        result.people = people_recompute(people)
    with transaction.atomic():
        result.records = records_recompute(records)
    with transaction.atomic():
        result.dossiers = dossiers_recompute(dossiers)
    if connection.vendor == "postgresql":
        # A full recompute rewrites the retention columns of every row: refresh the planner's
        # statistics now rather than wait for autovacuum, or the next incremental recomputes
        # are planned on the old (all-NULL) distribution.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE records_person, records_record, records_dossier")
    return result


def recompute_for_people(person_ids: list[int]) -> RecomputeResult:
    """Incremental: after an event or a new record about these people."""
    with transaction.atomic():
        people = people_recompute(Person.objects.filter(pk__in=person_ids))
        # A person's records are few: a literal id list lets every statement use the
        # primary key instead of planning a join against the whole register.
        record_ids = list(
            RecordSubject.objects.filter(person__in=person_ids).values_list("record_id", flat=True).distinct()
        )
        records = records_recompute(Record.objects.filter(pk__in=record_ids), few=True)
    return RecomputeResult(people=people, records=records)


def recompute_records(record_ids: list[int]) -> RecomputeResult:
    people_ids = list(RecordSubject.objects.filter(record__in=record_ids).values_list("person_id", flat=True))
    if people_ids:
        return recompute_for_people(people_ids)
    with transaction.atomic():
        return RecomputeResult(records=records_recompute(Record.objects.filter(pk__in=record_ids), few=True))


def recompute_dossiers(dossier_ids: list[int]) -> RecomputeResult:
    with transaction.atomic():
        return RecomputeResult(dossiers=dossiers_recompute(Dossier.objects.filter(pk__in=dossier_ids)))
