"""The building blocks of a drill-down list: what it shows, in which columns, what it logs."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from access_control.matrix import DataCategory
from compliance.periods import Period


@dataclass(frozen=True)
class Context:
    user: Any
    period: Period
    today: datetime.date
    params: dict


@dataclass(frozen=True)
class Column:
    header: Promise
    value: Callable[[Any, Context], Any]
    link: Callable[[Any, Context], str | None] | None = None


@dataclass(frozen=True)
class DrillDown:
    slug: str
    title: Callable[[Context], str]
    explanation: Promise
    rows: Callable[[Context], QuerySet | list]
    columns: tuple[Column, ...]
    logged_as: Callable[[Any], tuple[str, int] | None] | None = None
    uses_period: bool = True
    parse: Callable[[Any], dict] = field(default=lambda query: {})
    # The matrix categories (R-ACC-1) of the data the list holds: exporting it needs the
    # export cell of each.
    export_categories: tuple[str, ...] = (DataCategory.AUDIT,)


def iso_date(value) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def yes_no(value: bool) -> str:
    return str(_("Yes") if value else _("No"))


def person_name(person) -> str:
    return f"{person.given_names} {person.family_name}".strip()


def user_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def days_between(later, earlier) -> int | str:
    return (later - earlier).days if later and earlier else ""


def local_time(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def fixed_title(text: Promise) -> Callable[[Context], str]:
    return lambda context: str(text)
