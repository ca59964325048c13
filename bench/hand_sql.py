"""The hand-written yardstick: one SQL UPDATE computing the records' due dates.

It implements the same rules as retention.engine for the triggers the benchmark data uses
(created, closed, last event, subject birth; rounding; the person's highest group; latest
date wins) and writes due date, action and version. The benchmark compares its result with
the engine's row by row, so the yardstick is also a cross-check of the engine.
"""

HAND_SQL = """
WITH v AS (
    SELECT sv.*, rc.id AS class_id, o.financial_year_end_month AS fy_m, o.financial_year_end_day AS fy_d
    FROM retention_scheduleversion sv
    JOIN retention_retentionschedule s ON s.current_version_id = sv.id
    JOIN retention_recordclass rc ON rc.schedule_id = s.id
    JOIN access_control_organisation o ON o.id = s.organisation_id
),
ev AS (SELECT person_id, max(occurred_on) AS last FROM records_subjectevent GROUP BY person_id),
rec_last AS (
    SELECT rs.person_id, max(r.created_on) AS last
    FROM records_recordsubject rs JOIN records_record r ON r.id = rs.record_id GROUP BY rs.person_id
),
pl AS (
    SELECT p.id, p.date_of_birth,
           NULLIF(GREATEST(COALESCE(ev.last, DATE '0001-01-01'), COALESCE(rec_last.last, DATE '0001-01-01')),
                  DATE '0001-01-01') AS last_event
    FROM records_person p
    LEFT JOIN ev ON ev.person_id = p.id
    LEFT JOIN rec_last ON rec_last.person_id = p.id
),
pg AS (
    SELECT DISTINCT ON (rs.person_id) rs.person_id, v.id AS version_id, v.action, v.trigger, v.rounding,
           v.period_years, v.period_months, v.period_days, v.fy_m, v.fy_d
    FROM records_recordsubject rs
    JOIN records_record r ON r.id = rs.record_id
    JOIN v ON v.class_id = r.record_class_id
    WHERE v.police_group_rank IS NOT NULL AND v.trigger IN ('last_event', 'subject_birth')
    ORDER BY rs.person_id, v.police_group_rank, v.id DESC
),
pd AS (
    SELECT pg.person_id, pg.version_id, pg.action,
           retention_hand_due(CASE pg.trigger WHEN 'subject_birth' THEN pl.date_of_birth ELSE pl.last_event END,
                              pg.action, pg.rounding, pg.period_years, pg.period_months, pg.period_days,
                              pg.fy_m, pg.fy_d) AS due
    FROM pg JOIN pl ON pl.id = pg.person_id
),
subject_facts AS (
    SELECT rs.record_id, max(pl.last_event) AS last_event, max(pl.date_of_birth) AS youngest_birth
    FROM records_recordsubject rs JOIN pl ON pl.id = rs.person_id GROUP BY rs.record_id
),
best_person AS (
    SELECT DISTINCT ON (rs.record_id) rs.record_id, pd.due, pd.version_id, pd.action
    FROM records_recordsubject rs JOIN pd ON pd.person_id = rs.person_id
    ORDER BY rs.record_id, pd.due DESC, rs.person_id
),
own AS (
    SELECT r.id, v.id AS version_id, v.action,
           retention_hand_due(
               CASE v.trigger
                   WHEN 'created' THEN r.created_on
                   WHEN 'closed' THEN r.closed_on
                   WHEN 'subject_birth' THEN sf.youngest_birth
                   ELSE GREATEST(r.created_on, COALESCE(sf.last_event, r.created_on))
               END,
               v.action, v.rounding, v.period_years, v.period_months, v.period_days, v.fy_m, v.fy_d) AS due
    FROM records_record r
    JOIN v ON v.class_id = r.record_class_id
    LEFT JOIN subject_facts sf ON sf.record_id = r.id
)
UPDATE records_record r
SET retention_due_on = NULLIF(CASE WHEN bp.due > own.due THEN bp.due ELSE own.due END, DATE '9999-12-31'),
    retention_version_id = CASE WHEN bp.due > own.due THEN bp.version_id ELSE own.version_id END,
    retention_action = CASE WHEN bp.due > own.due THEN bp.action ELSE own.action END
FROM own LEFT JOIN best_person bp ON bp.record_id = own.id
WHERE r.id = own.id
"""

HAND_DUE_FUNCTION = """
CREATE OR REPLACE FUNCTION retention_hand_due(
    trig date, action text, rounding text, y int, m int, d int, fy_m int, fy_d int
) RETURNS date LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN action = 'retain_permanently' OR trig IS NULL THEN DATE '9999-12-31'
        WHEN rounding = 'calendar_year' THEN
            make_date(extract(year FROM (trig + make_interval(years => y, months => m, days => d)))::int, 12, 31)
        WHEN rounding = 'financial_year' THEN (
            SELECT CASE WHEN x <= make_date(extract(year FROM x)::int, fy_m, fy_d)
                        THEN make_date(extract(year FROM x)::int, fy_m, fy_d)
                        ELSE make_date(extract(year FROM x)::int + 1, fy_m, fy_d) END
            FROM (SELECT (trig + make_interval(years => y, months => m, days => d))::date AS x) AS s)
        ELSE (trig + make_interval(years => y, months => m, days => d))::date
    END
$$
"""
