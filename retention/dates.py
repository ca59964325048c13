"""Date arithmetic for retention rules, in Python and as SQL expressions.

The engine computes dates set-based in the database (one UPDATE per schedule version, no
per-row Python loop), so every rule part needs an SQL form. PostgreSQL has native date
arithmetic; on SQLite (the embedded development default) the same Python functions below
are registered as SQL functions, so both databases give identical answers, including
29 February (+1 year → 28 February, as PostgreSQL's interval arithmetic does).
"""

import calendar
import datetime

from django.db.models import DateField, Func, Value
from django.db.models.expressions import Expression

# Stands for "no date": the item is kept indefinitely (open dossier, retain permanently,
# unknown birth date). Comparisons treat it as later than any real date, so "latest date
# wins" keeps the longest retention; it is turned back into NULL before it is stored.
FOREVER = datetime.date(9999, 12, 31)


def add_period(start: datetime.date, years: int = 0, months: int = 0, days: int = 0) -> datetime.date:
    total_months = start.year * 12 + (start.month - 1) + years * 12 + months
    year, month = divmod(total_months, 12)
    month += 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day) + datetime.timedelta(days=days)


def end_of_year(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 12, 31)


def end_of_financial_year(day: datetime.date, month: int, last_day: int) -> datetime.date:
    """The financial year-end on or after ``day`` (e.g. 31 March for UK public bodies)."""
    this_year = datetime.date(day.year, month, last_day)
    return this_year if day <= this_year else datetime.date(day.year + 1, month, last_day)


def validate_financial_year_end(month: int, day: int) -> None:
    """Raise ValueError unless (month, day) is a date in every year (so never 29 February)."""
    datetime.date(2023, month, day)


# --- SQLite functions -----------------------------------------------------------------


def _iso(value):
    return None if value is None else datetime.date.fromisoformat(str(value)[:10])


def _sqlite_add_period(value, years, months, days):
    start = _iso(value)
    return None if start is None else add_period(start, years, months, days).isoformat()


def _sqlite_end_of_fy(value, month, day):
    start = _iso(value)
    return None if start is None else end_of_financial_year(start, month, day).isoformat()


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function("retention_add_period", 4, _sqlite_add_period, deterministic=True)
    connection.connection.create_function("retention_end_of_fy", 3, _sqlite_end_of_fy, deterministic=True)


# --- SQL expressions --------------------------------------------------------------------


class AddPeriod(Func):
    output_field = DateField()

    def __init__(self, expression, years: int = 0, months: int = 0, days: int = 0):
        super().__init__(expression, Value(int(years)), Value(int(months)), Value(int(days)))

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="retention_add_period", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        years, months, days = (e.value for e in self.source_expressions[1:])
        interval = "make_interval(years => %s, months => %s, days => %s)"
        return f"(({sql}) + {interval})::date", (*params, years, months, days)


class EndOfYear(Func):
    output_field = DateField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="date(%(expressions)s, 'start of year', '+1 year', '-1 day')"
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="make_date(extract(year from %(expressions)s)::int, 12, 31)"
        )


class EndOfFinancialYear(Func):
    output_field = DateField()

    def __init__(self, expression, month: int, day: int):
        super().__init__(expression, Value(int(month)), Value(int(day)))

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="retention_end_of_fy", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        month, day = (e.value for e in self.source_expressions[1:])
        this_year = f"make_date(extract(year from ({sql}))::int, %s, %s)"
        next_year = f"make_date(extract(year from ({sql}))::int + 1, %s, %s)"
        fy_params = (*params, month, day)
        return (
            f"(CASE WHEN ({sql}) <= {this_year} THEN {this_year} ELSE {next_year} END)",
            (*params, *fy_params, *fy_params, *fy_params),
        )


def as_forever(expression: Expression) -> Expression:
    """NULL (no date) becomes FOREVER so that GREATEST keeps the longest retention."""
    from django.db.models.functions import Coalesce

    return Coalesce(expression, Value(FOREVER), output_field=DateField())
